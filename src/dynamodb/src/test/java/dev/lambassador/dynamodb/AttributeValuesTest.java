package dev.lambassador.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class AttributeValuesTest {

    @Test
    void consoleStyleItemBecomesPlainJava() {
        Map<String, Object> item = AttributeValues.toJava(Map.of(
                "path", AttributeValue.fromS("/orders"),
                "timeoutMs", AttributeValue.fromN("2500"),
                "enabled", AttributeValue.fromBool(true),
                "methods", AttributeValue.fromL(List.of(AttributeValue.fromS("GET"))),
                "tags", AttributeValue.fromSs(List.of("a")),
                "extra", AttributeValue.fromM(Map.of("n", AttributeValue.fromNul(true)))));

        assertThat(item).containsEntry("path", "/orders")
                .containsEntry("timeoutMs", new BigDecimal("2500"))
                .containsEntry("enabled", true)
                .containsEntry("methods", List.of("GET"))
                .containsEntry("tags", List.of("a"));
        assertThat(item.get("extra")).isEqualTo(java.util.Collections.singletonMap("n", null));
    }

    @Test
    void plainJavaRoundTrips() {
        Map<String, Object> item = Map.of("s", "x", "n", new BigDecimal("1.5"), "b", false, "l", List.of("a", new BigDecimal("2")));

        assertThat(AttributeValues.toJava(AttributeValues.fromJava(item))).isEqualTo(item);
    }
}
