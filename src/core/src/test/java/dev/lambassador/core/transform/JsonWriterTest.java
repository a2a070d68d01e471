package dev.lambassador.core.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.jr.ob.JSON;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The writer on its own: escapes, values of every kind, raw bytes and growth. */
class JsonWriterTest {

    private static String write(Object value) {
        return new String(JsonWriter.write(value, 0), StandardCharsets.UTF_8);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void escapesWhatJsonNeedsEscapedAndNothingElse() {
        assertThat(write("\"\\/\b\f\n\r\t")).isEqualTo("\"\\\"\\\\/\\b\\f\\n\\r\\t\"");
        assertThat(write("\u0000\u0001\u000b\u000e\u001a\u001f")).isEqualTo("\"\\u0000\\u0001\\u000b\\u000e\\u001a\\u001f\"");
        assertThat(write(" ~\u007f!")).isEqualTo("\" ~\u007f!\"");
        assertThat(write("")).isEqualTo("\"\"");
        assertThat(write("plain text")).isEqualTo("\"plain text\"");
    }

    @Test
    void writesEveryCharacterAsUtf8() {
        String text = "\u0080\u00e9\u07ff\u0800\u20ac\ud7ff\ue000\uffff\ud800\udc00\ud83d\ude00\udbff\udfff";
        assertThat(JsonWriter.write(text, 0)).isEqualTo(utf8("\"" + text + "\""));
    }

    @Test
    void escapesHalvesOfSurrogatePairs() {
        assertThat(write("\ud800")).isEqualTo("\"\\ud800\"");
        assertThat(write("a\udbffb")).isEqualTo("\"a\\udbffb\"");
        assertThat(write("\udc00\ud800")).isEqualTo("\"\\udc00\\ud800\"");
        assertThat(write("\ud800\ud800\udc00")).isEqualTo("\"\\ud800\ud800\udc00\"");
        assertThat(write("\udfff")).isEqualTo("\"\\udfff\"");
        assertThat(write("x\udabc")).isEqualTo("\"x\\udabc\"");
    }

    @Test
    void stringsReadBackAsTheyWere() throws Exception {
        StringBuilder every = new StringBuilder();
        for (char c = 0; c < 0x3000; c++) {
            every.append(c);
        }
        every.append("\ud83d\ude00\ud800x\udc00");
        String text = every.toString();
        Object read = JSON.std.anyFrom(JsonWriter.write(text, 0));
        assertThat(read).isEqualTo(text);
    }

    @Test
    void writesScalars() {
        assertThat(write(null)).isEqualTo("null");
        assertThat(write(true)).isEqualTo("true");
        assertThat(write(false)).isEqualTo("false");
        assertThat(write(new BigDecimal("1.10"))).isEqualTo("1.10");
        assertThat(write(new BigDecimal("-1E+3"))).isEqualTo("-1E+3");
        assertThatThrownBy(() -> write(42)).isInstanceOf(IllegalStateException.class).hasMessageContaining("java.lang.Integer");
        assertThatThrownBy(() -> write(new Object())).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void writesObjectsAndArraysCompactly() {
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("b", List.of());
        object.put("a\"", new ArrayList<>(Arrays.asList(null, true, new BigDecimal("2"), "x", Map.of())));
        object.put("", new LinkedHashMap<>(Map.of("k", List.of(List.of()))));
        assertThat(write(object)).isEqualTo("{\"b\":[],\"a\\\"\":[null,true,2,\"x\",{}],\"\":{\"k\":[[]]}}");
        assertThat(write(Map.of())).isEqualTo("{}");
        assertThat(write(List.of())).isEqualTo("[]");
        assertThat(write(Map.of(1, "one"))).isEqualTo("{\"1\":\"one\"}");
    }

    @Test
    void copiesRawBytesAndUnchangedContainers() throws Exception {
        byte[] body = utf8("{ \"a\" : [ 1 , 2 ] , \"b\" : { \"c\" : \"\\u00e9\" } }");
        assertThat(write(new LazyJson.Raw(body, 8, 17))).isEqualTo("[ 1 , 2 ]");
        LazyJson.Paths paths = new LazyJson.Paths();
        paths.add("a");
        paths.add("b");
        Object read = LazyJson.read(body, paths);
        assertThat(JsonWriter.write(read, 0)).isEqualTo(body);
        LazyJson.changed(read);
        assertThat(write(read)).isEqualTo("{\"a\":[ 1 , 2 ],\"b\":{ \"c\" : \"\\u00e9\" }}");
        LazyJson.changed(LazyJsonTest.map(read).get("a"));
        assertThat(write(read)).isEqualTo("{\"a\":[1,2],\"b\":{ \"c\" : \"\\u00e9\" }}");
        LazyJson.changed(LazyJsonTest.map(read).get("b"));
        assertThat(write(read)).isEqualTo("{\"a\":[1,2],\"b\":{\"c\":\"\\u00e9\"}}");
    }

    @Test
    void growsPastItsFirstGuess() {
        String large = "x".repeat(10_000);
        assertThat(write(large)).isEqualTo("\"" + large + "\"");
        assertThat(write("\u0001".repeat(5000))).isEqualTo("\"" + "\\u0001".repeat(5000) + "\"");
        List<Object> many = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            many.add(i % 2 == 0 ? Boolean.TRUE : null);
        }
        String written = write(many);
        assertThat(written).hasSize(2 + 2500 * 4 + 2500 * 4 + 4999).startsWith("[true,null,").endsWith(",null]");
        byte[] body = utf8("[" + "1,".repeat(3000) + "1]");
        Map<String, Object> wrapped = new LinkedHashMap<>();
        wrapped.put("w", new LazyJson.Raw(body, 0, body.length));
        assertThat(write(wrapped)).isEqualTo("{\"w\":" + new String(body, StandardCharsets.UTF_8) + "}");
        assertThat(JsonWriter.write("abc", 1000)).hasSize(5);
        assertThat(JsonWriter.write(List.of(List.of()), 4)).hasSize(4);
    }
}
