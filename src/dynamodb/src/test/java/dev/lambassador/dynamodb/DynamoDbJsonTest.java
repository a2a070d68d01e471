package dev.lambassador.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** DynamoDB JSON to plain Java and back, each type, and what is not DynamoDB JSON. */
class DynamoDbJsonTest {

    @Test
    void everyTypeReadsAsPlainJava() {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("s", Map.of("S", "text"));
        item.put("n", Map.of("N", "-12.50"));
        item.put("t", Map.of("BOOL", true));
        item.put("f", Map.of("BOOL", false));
        item.put("null", Map.of("NULL", true));
        item.put("l", Map.of("L", List.of(Map.of("S", "a"), Map.of("N", "1"))));
        item.put("m", Map.of("M", Map.of("inner", Map.of("S", "x"))));
        item.put("ss", Map.of("SS", List.of("a", "b")));
        item.put("ns", Map.of("NS", List.of("1", "2.5")));
        item.put("b", Map.of("B", "AAH/"));
        item.put("bs", Map.of("BS", List.of("Bw==")));

        Map<String, Object> java = DynamoDbJson.toJava(item);

        assertThat(java.keySet()).containsExactly("s", "n", "t", "f", "null", "l", "m", "ss", "ns", "b", "bs");
        assertThat(java).containsEntry("s", "text")
                .containsEntry("n", new BigDecimal("-12.50"))
                .containsEntry("t", true)
                .containsEntry("f", false)
                .containsEntry("null", null)
                .containsEntry("l", List.of("a", new BigDecimal("1")))
                .containsEntry("m", Map.of("inner", "x"))
                .containsEntry("ss", List.of("a", "b"))
                .containsEntry("ns", List.of(new BigDecimal("1"), new BigDecimal("2.5")));
        assertThat((byte[]) java.get("b")).containsExactly(0, 1, 0xff);
        assertThat((List<?>) java.get("bs")).singleElement().satisfies(bytes -> assertThat((byte[]) bytes).containsExactly(7));
    }

    @Test
    void plainJavaWritesAsDynamoDbJson() {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("s", "text");
        item.put("i", 3);
        item.put("d", new BigDecimal("1E+3"));
        item.put("t", true);
        item.put("null", null);
        item.put("bytes", new byte[] {0, 1, (byte) 0xff});
        item.put("l", List.of("a", 1L));
        item.put("m", Map.of("k", false));

        assertThat(DynamoDbJson.fromJava(item)).containsExactly(
                Map.entry("s", Map.of("S", "text")),
                Map.entry("i", Map.of("N", "3")),
                Map.entry("d", Map.of("N", "1000")),
                Map.entry("t", Map.of("BOOL", true)),
                Map.entry("null", Map.of("NULL", true)),
                Map.entry("bytes", Map.of("B", "AAH/")),
                Map.entry("l", Map.of("L", List.of(Map.of("S", "a"), Map.of("N", "1")))),
                Map.entry("m", Map.of("M", Map.of("k", Map.of("BOOL", false)))));
    }

    @Test
    void whatIsWrittenReadsBackTheSame() {
        Map<String, Object> item = Map.of("id", "orders", "weight", new BigDecimal("0.25"), "tags", List.of("a", "b"),
                "nested", Map.of("on", true, "list", List.of(Map.of("x", "y"))));

        assertThat(DynamoDbJson.toJava(DynamoDbJson.fromJava(item))).isEqualTo(item);
    }

    @Test
    void whatIsNotDynamoDbJsonIsRefusedByName() {
        assertThatThrownBy(() -> DynamoDbJson.toJava((Object) "text")).hasMessageContaining("not a DynamoDB attribute value");
        assertThatThrownBy(() -> DynamoDbJson.toJava((Object) Map.of("S", "a", "N", "1"))).hasMessageContaining("not a DynamoDB attribute value");
        assertThatThrownBy(() -> DynamoDbJson.toJava((Object) Map.of("X", "a"))).hasMessageContaining("unknown DynamoDB attribute type");
        assertThatThrownBy(() -> DynamoDbJson.toJava((Object) Map.of("S", 1))).hasMessageContaining("not a DynamoDB string");
        assertThatThrownBy(() -> DynamoDbJson.toJava((Object) Map.of("N", "x"))).isInstanceOf(NumberFormatException.class);
        assertThatThrownBy(() -> DynamoDbJson.toJava((Object) Map.of("BOOL", "true"))).hasMessageContaining("not a DynamoDB boolean");
        assertThatThrownBy(() -> DynamoDbJson.toJava((Object) Map.of("L", "x"))).hasMessageContaining("not a DynamoDB list");
        assertThatThrownBy(() -> DynamoDbJson.toJava((Object) Map.of("M", "x"))).hasMessageContaining("not a DynamoDB map");
        assertThatThrownBy(() -> DynamoDbJson.fromJava((Object) new Object())).hasMessageContaining("cannot store a Object");
        assertThat(Arrays.asList(DynamoDbJson.toJava((Object) Map.of("NULL", true)))).containsOnlyNulls();
    }
}
