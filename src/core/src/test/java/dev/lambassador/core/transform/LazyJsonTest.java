package dev.lambassador.core.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.jr.ob.JSON;
import org.assertj.core.api.InstanceOfAssertFactories;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The reader on its own: what is JSON and what is not, what it builds, and what it keeps as bytes. */
class LazyJsonTest {

    private static final JSON JACKSON = JSON.std.with(JSON.Feature.USE_BIG_DECIMAL_FOR_FLOATS);

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Bytes from a mix of strings (as UTF-8) and ints (as single bytes). */
    private static byte[] bytes(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object part : parts) {
            if (part instanceof Integer b) {
                out.write(b);
            } else {
                out.writeBytes(utf8((String) part));
            }
        }
        return out.toByteArray();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object value) {
        return (List<Object>) value;
    }

    private static Object read(byte[] body) throws JsonOperations.NotJson {
        return LazyJson.read(body, new LazyJson.Paths());
    }

    private static Object read(String body) throws JsonOperations.NotJson {
        return read(utf8(body));
    }

    private static void accepts(byte[] body) throws Exception {
        assertThat(read(body)).as(new String(body, StandardCharsets.UTF_8)).isNotNull();
    }

    private static String refusal(byte[] body) {
        try {
            LazyJson.read(body, new LazyJson.Paths());
        } catch (JsonOperations.NotJson e) {
            return e.getMessage();
        }
        throw new AssertionError("accepted " + new String(body, StandardCharsets.UTF_8));
    }

    private static String refusal(String body) {
        return refusal(utf8(body));
    }

    /** Builds every object and array, changes nothing. */
    private static Object expandAll(Object value) {
        if (value instanceof LazyJson.Raw raw && raw.isContainer()) {
            return expandAll(LazyJson.expand(raw));
        }
        if (value instanceof LazyJson.ReadObject object) {
            object.replaceAll((name, member) -> expandAll(member));
        } else if (value instanceof LazyJson.ReadArray array) {
            array.replaceAll(LazyJsonTest::expandAll);
        }
        return value;
    }

    /** Marks every container changed, so that the writer writes it member by member. */
    private static Object changeAll(Object value) {
        LazyJson.changed(value);
        if (value instanceof Map<?, ?> map) {
            map.values().forEach(LazyJsonTest::changeAll);
        } else if (value instanceof List<?> list) {
            list.forEach(LazyJsonTest::changeAll);
        }
        return value;
    }

    static final List<String> VALID = List.of(
            "0", "-0", "1", "-1", "10", "1234567890", "0.5", "-0.0", "1.10", "1e5", "1E5", "1e+5", "1e-5", "-1.5E-10", "0e0",
            "123456789012345678901234567890.123456789e-300",
            "true", "false", "null", "\"\"", "\"a\"", "\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"", "\"\\u0000\\u001F\\u00e9\\uD83D\\uDE00\"",
            "\"\\ud800\"", "\" ~!\u007f\"", "\"é€😀\"",
            "[]", "{}", "[1]", "[1,2,3]", "[[],{},[[]],{\"a\":{}}]", "{\"a\":1}", "{\"a\":1,\"b\":[true,false,null]}",
            "{\"\":0}", "{\"a\":{\"a\":{\"a\":1}}}", "[\"a\",\"a\"]", "{\"a\":1,\"A\":2,\"ab\":3,\"b\":4,\"ba\":5}",
            " \t\r\n{ \t\r\n\"a\" \t\r\n: \t\r\n[ \t\r\n1 \t\r\n, \t\r\n2 \t\r\n] \t\r\n, \"b\" : { } } \t\r\n",
            "[ ]", "{ }", "[ 1 ]", "\"x\" ", " 7");

    @Test
    void acceptsJson() throws Exception {
        for (String json : VALID) {
            accepts(utf8(json));
        }
    }

    @Test
    void everyValueReadBackAsWrittenAgreesWithJackson() throws Exception {
        for (String json : VALID) {
            Object tree = changeAll(expandAll(read(json)));
            byte[] written = JsonWriter.write(tree, 0);
            assertThat(JACKSON.asString(JACKSON.anyFrom(written))).as(json).isEqualTo(JACKSON.asString(JACKSON.anyFrom(json)));
        }
    }

    @Test
    void aValueNobodyChangedIsWrittenAsItsBytes() throws Exception {
        for (String json : VALID) {
            Object tree = expandAll(read(json));
            assertThat(LazyJson.isUnchanged(tree)).as(json).isTrue();
            assertThat(new String(JsonWriter.write(tree, 0), StandardCharsets.UTF_8)).as(json).isEqualTo(json.strip());
        }
    }

    @Test
    void aByteOrderMarkMayComeFirst() throws Exception {
        assertThat(read(bytes(0xEF, 0xBB, 0xBF, "[1]"))).asString().isEqualTo("[1]");
        assertThat(read(bytes(0xEF, 0xBB, 0xBF, " 1 ")).toString()).isEqualTo("1");
        assertThat(refusal(bytes(0xEF, 0xBB, 0xBF))).isEqualTo("expected a value at byte 3, found the end");
        assertThat(refusal(bytes(0xEF, 0xBB, 0xBE, "1"))).startsWith("expected a value at byte 0, found 0xef");
        assertThat(refusal(bytes(0xEF, 0xBA, 0xBF, "1"))).startsWith("expected a value at byte 0");
        assertThat(refusal(bytes(0xEE, 0xBB, 0xBF, "1"))).startsWith("expected a value at byte 0");
        assertThat(refusal(bytes(" ", 0xEF, 0xBB, 0xBF, "1"))).startsWith("expected a value at byte 1");
        assertThat(refusal(bytes(0xEF, 0xBB))).startsWith("expected a value at byte 0");
    }

    @Test
    void refusesWhatIsNotOneValue() {
        assertThat(refusal("")).isEqualTo("expected a value at byte 0, found the end");
        assertThat(refusal(" \n")).isEqualTo("expected a value at byte 2, found the end");
        assertThat(refusal("1 2")).isEqualTo("expected nothing but whitespace after the value at byte 2, found 0x32");
        assertThat(refusal("{}{}")).isEqualTo("expected nothing but whitespace after the value at byte 2, found 0x7b");
        assertThat(refusal("[]]")).startsWith("expected nothing but whitespace after the value at byte 2");
        assertThat(refusal("null x")).startsWith("expected nothing but whitespace after the value at byte 5");
        assertThat(refusal("1\f")).startsWith("expected nothing but whitespace after the value at byte 1, found 0x0c");
        assertThat(refusal("1\u000b")).startsWith("expected nothing but whitespace after the value at byte 1, found 0x0b");
        assertThat(refusal("\u00001")).isEqualTo("expected a value at byte 0, found 0x00");
        assertThat(refusal(bytes(0x1F, "1"))).isEqualTo("expected a value at byte 0, found 0x1f");
        assertThat(refusal(bytes("1", 0xC3, 0xA9))).startsWith("expected nothing but whitespace after the value at byte 1, found 0xc3");
        assertThat(refusal(bytes(0xC2, 0xA0, "1"))).startsWith("expected a value at byte 0, found 0xc2");
        assertThat(refusal("1\u00a0")).startsWith("expected nothing but whitespace after the value at byte 1, found 0xc2");
    }

    @Test
    void refusesWhatIsNotALiteral() {
        for (String bad : List.of("t", "tru", "trUe", "tRue", "truE", "nul", "nulL", "nUll", "fals", "falsE", "fAlse", "True",
                "NULL", "undefined", "NaN", "Infinity", "'a'", "x")) {
            assertThat(refusal(bad)).as(bad).startsWith("expected ");
        }
        assertThat(refusal("tru")).isEqualTo("expected 'true' at byte 0, found 0x74");
        assertThat(refusal("[nul]")).isEqualTo("expected 'null' at byte 1, found 0x6e");
        assertThat(refusal("truex")).startsWith("expected nothing but whitespace after the value at byte 4");
        assertThat(refusal("[true1]")).isEqualTo("expected ',' or ']' at byte 5, found 0x31");
    }

    @Test
    void refusesNumbersOutsideTheGrammar() {
        for (String bad : List.of("-", "+1", ".5", "01", "-01", "00", "1.", "1.e5", "-.5", "1e", "1e+", "1E-", "1ee5", "0x10", "1.5.2",
                "--1", "- 1", "1 .5", "1e5.5", "0.", "[1.]", "[-]", "{\"a\":1e}")) {
            assertThat(refusal(bad)).as(bad).startsWith("expected ");
        }
        assertThat(refusal("-")).isEqualTo("expected a digit after '-' at byte 1, found the end");
        assertThat(refusal("-a")).isEqualTo("expected a digit after '-' at byte 1, found 0x61");
        assertThat(refusal("1.")).isEqualTo("expected a digit after '.' at byte 2, found the end");
        assertThat(refusal("1.x")).isEqualTo("expected a digit after '.' at byte 2, found 0x78");
        assertThat(refusal("1e")).isEqualTo("expected a digit in the exponent at byte 2, found the end");
        assertThat(refusal("1e+")).isEqualTo("expected a digit in the exponent at byte 3, found the end");
        assertThat(refusal("1E-x")).isEqualTo("expected a digit in the exponent at byte 3, found 0x78");
        assertThat(refusal("01")).isEqualTo("expected nothing but whitespace after the value at byte 1, found 0x31");
        assertThat(refusal("[-0.5e+]")).isEqualTo("expected a digit in the exponent at byte 7, found 0x5d");
        assertThat(refusal("/")).isEqualTo("expected a value at byte 0, found 0x2f");
        assertThat(refusal(":")).isEqualTo("expected a value at byte 0, found 0x3a");
    }

    @Test
    void numbersEndWhereTheGrammarSays() throws Exception {
        assertThat(list(read("[0,-0.5e+10,9]"))).extracting(Object::toString).containsExactly("0", "-0.5e+10", "9");
        assertThat(read("0.125")).asString().isEqualTo("0.125");
        assertThat(read("99E99")).asString().isEqualTo("99E99");
        assertThat(read("-7")).asString().isEqualTo("-7");
    }

    @Test
    void refusesBadStrings() {
        assertThat(refusal("\"abc")).isEqualTo("expected '\"' to end the string at byte 4, found the end");
        assertThat(refusal("\"")).isEqualTo("expected '\"' to end the string at byte 1, found the end");
        assertThat(refusal("\"a\tb\"")).isEqualTo("expected no control character in a string (escape it) at byte 2, found 0x09");
        assertThat(refusal("\"\n\"")).startsWith("expected no control character in a string (escape it) at byte 1, found 0x0a");
        assertThat(refusal("\"\u0000\"")).startsWith("expected no control character in a string (escape it) at byte 1, found 0x00");
        assertThat(refusal(bytes("\"", 0x1F, "\""))).startsWith("expected no control character in a string (escape it) at byte 1");
        String escapes = "expected an escape: \\\", \\\\, \\/, \\b, \\f, \\n, \\r, \\t or \\u and four hex digits at byte ";
        assertThat(refusal("\"a\\x\"")).isEqualTo(escapes + "2, found 0x5c");
        assertThat(refusal("\"\\")).isEqualTo(escapes + "1, found 0x5c");
        assertThat(refusal("\"\\u12\"")).isEqualTo(escapes + "1, found 0x5c");
        assertThat(refusal("\"\\u123")).isEqualTo(escapes + "1, found 0x5c");
        for (String bad : List.of("\"\\u123G\"", "\"\\u12G4\"", "\"\\u1G34\"", "\"\\uG234\"", "\"\\u123g\"", "\"\\u/000\"", "\"\\u:000\"",
                "\"\\u@000\"", "\"\\u`000\"", "\"\\U0041\"", "\"\\'\"", "\"\\a\"", "\"\\0\"", "\"\\ \"", "\"\\\n\"")) {
            assertThat(refusal(bad)).as(bad).startsWith(escapes);
        }
        assertThat(refusal("'a'")).isEqualTo("expected a value at byte 0, found 0x27");
    }

    @Test
    void everyEscapeAndHexDigitIsAccepted() throws Exception {
        accepts(utf8("\"\\u0123\\u4567\\u89ab\\ucdef\\u89AB\\uCDEF\\\"\\\\\\/\\b\\f\\n\\r\\t\""));
        accepts(utf8("\"\\u0000\""));
        accepts(utf8("\"\\uffff\""));
    }

    @Test
    void acceptsUtf8AtItsBoundaries() throws Exception {
        int[][] valid = {{0xC2, 0x80}, {0xDF, 0xBF}, {0xE0, 0xA0, 0x80}, {0xE0, 0xBF, 0xBF}, {0xE1, 0x80, 0x80}, {0xEC, 0xBF, 0xBF},
            {0xED, 0x80, 0x80}, {0xED, 0x9F, 0xBF}, {0xEE, 0x80, 0x80}, {0xEF, 0xBF, 0xBF}, {0xF0, 0x90, 0x80, 0x80},
            {0xF0, 0xBF, 0xBF, 0xBF}, {0xF1, 0x80, 0x80, 0x80}, {0xF3, 0xBF, 0xBF, 0xBF}, {0xF4, 0x80, 0x80, 0x80},
            {0xF4, 0x8F, 0xBF, 0xBF}};
        for (int[] sequence : valid) {
            byte[] body = quoted(sequence);
            accepts(body);
            assertThat(LazyJson.read(body, new LazyJson.Paths()).toString()).isEqualTo(new String(body, StandardCharsets.UTF_8));
        }
        accepts(bytes("{\"", 0xC3, 0xA9, "\":\"", 0xF0, 0x9F, 0x98, 0x80, "\"}"));
    }

    @Test
    void refusesWhatIsNotUtf8() {
        int[][] invalid = {{0x80}, {0xBF}, {0xC0, 0x80}, {0xC1, 0xBF}, {0xC2, 0x7F}, {0xC2, 0xC0}, {0xC2}, {0xDF, 0x22},
            {0xE0, 0x80, 0x80}, {0xE0, 0x9F, 0xBF}, {0xE0, 0xC0, 0x80}, {0xE1, 0x7F, 0x80}, {0xE1, 0x80, 0x7F}, {0xE1, 0x80, 0xC0},
            {0xE1, 0x80}, {0xED, 0xA0, 0x80}, {0xED, 0xBF, 0xBF}, {0xED, 0x7F, 0x80}, {0xEF, 0xBF, 0xC0},
            {0xF0, 0x80, 0x80, 0x80}, {0xF0, 0x8F, 0xBF, 0xBF}, {0xF0, 0xC0, 0x80, 0x80}, {0xF1, 0x7F, 0x80, 0x80},
            {0xF1, 0x80, 0x7F, 0x80}, {0xF1, 0x80, 0x80, 0x7F}, {0xF1, 0x80, 0x80, 0xC0}, {0xF1, 0x80, 0xC0, 0x80}, {0xF1, 0x80, 0x80},
            {0xF4, 0x90, 0x80, 0x80}, {0xF4, 0x7F, 0x80, 0x80}, {0xF5, 0x80, 0x80, 0x80}, {0xF7, 0xBF, 0xBF, 0xBF}, {0xF8, 0x88, 0x80, 0x80, 0x80},
            {0xFE}, {0xFF}};
        for (int[] sequence : invalid) {
            assertThat(refusal(quoted(sequence))).as(java.util.Arrays.toString(sequence)).isEqualTo("expected UTF-8 at byte 1, found "
                    + String.format("0x%02x", sequence[0]));
        }
        assertThat(refusal(bytes("[\"a\",\"", 0xE2, 0x82, 0xAC, 0xE2, 0x82, "\"]"))).isEqualTo("expected UTF-8 at byte 9, found 0xe2");
        assertThat(refusal(bytes("{\"", 0xFF, "\":1}"))).isEqualTo("expected UTF-8 at byte 2, found 0xff");
    }

    @Test
    void refusesASequenceCutByTheEndOfTheBody() {
        assertThat(refusal(bytes("\"", 0xC3))).isEqualTo("expected UTF-8 at byte 1, found 0xc3");
        assertThat(refusal(bytes("\"", 0xE2, 0x82))).isEqualTo("expected UTF-8 at byte 1, found 0xe2");
        assertThat(refusal(bytes("\"", 0xF0, 0x9F, 0x98))).isEqualTo("expected UTF-8 at byte 1, found 0xf0");
        assertThat(refusal(bytes("\"", 0xC3, 0xA9))).isEqualTo("expected '\"' to end the string at byte 3, found the end");
        assertThat(refusal(bytes("\"", 0xF0, 0x9F, 0x98, 0x80))).isEqualTo("expected '\"' to end the string at byte 5, found the end");
    }

    private static byte[] quoted(int[] sequence) {
        byte[] body = new byte[sequence.length + 2];
        body[0] = '"';
        for (int i = 0; i < sequence.length; i++) {
            body[i + 1] = (byte) sequence[i];
        }
        body[body.length - 1] = '"';
        return body;
    }

    @Test
    void refusesBadObjectsAndArrays() {
        assertThat(refusal("[")).isEqualTo("expected a value at byte 1, found the end");
        assertThat(refusal("[1")).isEqualTo("expected ',' or ']' at byte 2, found the end");
        assertThat(refusal("[1,")).isEqualTo("expected a value at byte 3, found the end");
        assertThat(refusal("[1,]")).isEqualTo("expected a value at byte 3, found 0x5d");
        assertThat(refusal("[,1]")).isEqualTo("expected a value at byte 1, found 0x2c");
        assertThat(refusal("[1 2]")).isEqualTo("expected ',' or ']' at byte 3, found 0x32");
        assertThat(refusal("[1}")).isEqualTo("expected ',' or ']' at byte 2, found 0x7d");
        assertThat(refusal("[1:2]")).isEqualTo("expected ',' or ']' at byte 2, found 0x3a");
        assertThat(refusal("{")).isEqualTo("expected a name in double quotes at byte 1, found the end");
        assertThat(refusal("{,}")).isEqualTo("expected a name in double quotes at byte 1, found 0x2c");
        assertThat(refusal("{a:1}")).isEqualTo("expected a name in double quotes at byte 1, found 0x61");
        assertThat(refusal("{1:1}")).isEqualTo("expected a name in double quotes at byte 1, found 0x31");
        assertThat(refusal("{\"a\"}")).isEqualTo("expected ':' after a name at byte 4, found 0x7d");
        assertThat(refusal("{\"a\"")).isEqualTo("expected ':' after a name at byte 4, found the end");
        assertThat(refusal("{\"a\" 1}")).isEqualTo("expected ':' after a name at byte 5, found 0x31");
        assertThat(refusal("{\"a\":}")).isEqualTo("expected a value at byte 5, found 0x7d");
        assertThat(refusal("{\"a\":1")).isEqualTo("expected ',' or '}' at byte 6, found the end");
        assertThat(refusal("{\"a\":1,}")).isEqualTo("expected a name in double quotes at byte 7, found 0x7d");
        assertThat(refusal("{\"a\":1 \"b\":2}")).isEqualTo("expected ',' or '}' at byte 7, found 0x22");
        assertThat(refusal("{\"a\":1]")).isEqualTo("expected ',' or '}' at byte 6, found 0x5d");
        assertThat(refusal("{\"a\"::1}")).isEqualTo("expected a value at byte 5, found 0x3a");
        assertThat(refusal("{\"a\",1}")).isEqualTo("expected ':' after a name at byte 4, found 0x2c");
    }

    @Test
    void theSameRefusalsWhenTheObjectsAreSkipped() throws Exception {
        for (String bad : List.of("{", "{,}", "{a:1}", "{\"a\"}", "{\"a\"", "{\"a\" ", "{\"a\" 1}", "{\"a\":}", "{\"a\":1", "{\"a\":1 ",
                "{\"a\":1,", "{\"a\":1, ", "{\"a\":1,}", "{\"a\":1 \"b\":2}", "{\"a\":1]", "{\"a\"::1}", "{\"a\",1}", "{\"a\":[1}",
                "{ \"a\" : 1 , \"b\" }", "{\"a\":1,\"a\":2}", "{\"a\":{\"b\":1,\"b\":2}}", "{\"\\x\":1}")) {
            String built = refusal(bad);
            int at = built.indexOf("at byte ") + "at byte ".length();
            int end = built.indexOf(',', at) < 0 ? built.length() : built.indexOf(',', at);
            String skipped = built.substring(0, at) + (Integer.parseInt(built.substring(at, end)) + 1) + built.substring(end);
            assertThat(refusal("[" + bad)).as("[" + bad).isEqualTo(skipped);
        }
        assertThat(refusal("[{\"a\":1}}")).isEqualTo("expected ',' or ']' at byte 8, found 0x7d");
        accepts(utf8("[{ \"a\" : 1 , \"b\" : { } } , { } ]"));
        accepts(utf8("[{\"a\":1,\"b\":2}]"));
    }

    @Test
    void theSameRefusalsWhenTheContainersAreBuilt() throws Exception {
        LazyJson.Paths everything = new LazyJson.Paths();
        everything.add("a").add("0");
        for (String bad : List.of("{\"a\":[1", "{\"a\":[1,]}", "{\"a\":[1 2]}", "{\"a\":[1}}", "{\"a\":[", "{\"a\"", "{\"a\" 1}",
                "{\"a\":1,}", "{\"a\":1", "{\"a\":1]", "{\"a\":1 \"b\":2}", "{\"a\":[{", "{\"a\":[{\"b\"}]}", "{\"a\":[{,}]}", "{,}",
                "{\"a\":[{\"b\":1,\"b\":2}]}", "{\"a\":[[1}]}", "{\"a\":[{\"b\":1]}]}", "{\"a\":1,\"a\":2}", "{\"a\":[\"\\x\"]}",
                "{\"\\x\":1}", "{\"a\":[{\"\\x\":1}]}", "{\"a\":[1]} x")) {
            assertThat(catchNotJson(() -> LazyJson.read(utf8(bad), everything))).as(bad).isEqualTo(refusal(bad));
        }
        assertThat(LazyJson.read(utf8("{ \"a\" : [ { \"b\" : 1 } , [ ] ] , \"c\" : { } }"), everything)).isNotNull();
        assertThat(LazyJson.read(utf8("{\"a\":[]}"), everything)).isNotNull();
        assertThat(LazyJson.read(utf8("{\"a\":[[]]}"), everything)).isNotNull();
        assertThat(LazyJson.read(utf8("{\"a\":[{}]}"), everything)).isNotNull();
    }

    private interface Reading {
        Object read() throws JsonOperations.NotJson;
    }

    private static String catchNotJson(Reading reading) {
        try {
            reading.read();
        } catch (JsonOperations.NotJson e) {
            return e.getMessage();
        }
        return "accepted";
    }

    @Test
    void refusesANameTwiceInOneObject() throws Exception {
        assertThat(refusal("{\"a\":1,\"a\":2}")).isEqualTo("the name 'a' twice in one object, at byte 7");
        assertThat(refusal("[{\"a\":1,\"a\":2}]")).isEqualTo("the name 'a' twice in one object, at byte 8");
        assertThat(refusal("[{\"ab\":1,\"b\":2,\"ab\":3}]")).isEqualTo("the name 'ab' twice in one object, at byte 15");
        assertThat(refusal("[{\"é\":1,\"é\":2}]")).isEqualTo("the name 'é' twice in one object, at byte 9");
        assertThat(refusal("[{\"a\":1,\"\\u0061\":2}]")).isEqualTo("the name 'a' twice in one object, at byte 8");
        assertThat(refusal("[{\"\\u0061\":1,\"a\":2}]")).isEqualTo("the name 'a' twice in one object, at byte 13");
        assertThat(refusal("[{\"x\":0,\"\\/\":1,\"/\":2}]")).isEqualTo("the name '/' twice in one object, at byte 15");
        assertThat(refusal("[{\"\":1,\"\":2}]")).isEqualTo("the name '' twice in one object, at byte 7");
        assertThat(refusal("{\"a\":{\"b\":1},\"a\":2}")).isEqualTo("the name 'a' twice in one object, at byte 13");
        assertThat(refusal("[{\"a\":{\"a\":1},\"a\":2}]")).isEqualTo("the name 'a' twice in one object, at byte 14");
        accepts(utf8("[{\"a\":1,\"b\":2,\"ab\":3,\"ba\":4,\"A\":5,\"aa\":6,\"\":7}]"));
        accepts(utf8("[{\"ab\":1,\"ac\":2,\"bb\":3,\"abc\":4,\"b\":5}]"));
        accepts(utf8("[{\"a\":{\"b\":1},\"b\":{\"a\":2}},{\"a\":1}]"));
        accepts(utf8("[{\"a\":[{\"a\":1}],\"b\":[{\"b\":{\"a\":1}}]}]"));
        accepts(utf8("[{\"\\u0061\":1,\"b\":2,\"\\u0063\":3}]"));
    }

    @Test
    void namesPastTheComparedOnesAreCheckedInASet() throws Exception {
        for (int count = LazyJson.MAX_NAMES_COMPARED - 1; count <= LazyJson.MAX_NAMES_COMPARED + 2; count++) {
            StringBuilder object = new StringBuilder("[{");
            for (int i = 0; i < count; i++) {
                object.append('"').append("k").append(i).append("\":").append(i).append(',');
            }
            accepts(utf8(object + "\"last\":0}]"));
            for (int twice = 0; twice < count; twice++) {
                assertThat(refusal(object + "\"k" + twice + "\":0}]")).as(count + " names, then k" + twice)
                        .startsWith("the name 'k" + twice + "' twice in one object");
            }
            assertThat(refusal(object + "\"\\u006b0\":0}]")).startsWith("the name 'k0' twice in one object");
        }
    }

    @Test
    void namesOfNestedObjectsAreTheirOwn() throws Exception {
        StringBuilder nested = new StringBuilder();
        int depth = 80;
        for (int i = 0; i < depth; i++) {
            nested.append("{\"n").append(i).append("\":1,\"x\":");
        }
        nested.append("{\"x\":1}");
        accepts(utf8("[" + nested + "}".repeat(depth) + "]"));
        assertThat(refusal("[" + nested + "}".repeat(depth - 1) + ",\"n0\":2}]")).startsWith("the name 'n0' twice");
        assertThat(refusal("[" + nested.toString().replace("{\"x\":1}", "{\"x\":1,\"x\":2}") + "}".repeat(depth) + "]"))
                .startsWith("the name 'x' twice");
        StringBuilder wide = new StringBuilder();
        for (int i = 0; i < depth; i++) {
            wide.append("{\"a").append(i).append("\":1,\"b").append(i).append("\":2,\"c\":");
        }
        accepts(utf8("[" + wide + "0" + ",\"d\":1}".repeat(depth) + "]"));
        assertThat(refusal("[" + wide + "0" + "}".repeat(depth - 1) + ",\"b0\":1}]")).startsWith("the name 'b0' twice");
    }

    @Test
    void nestingStopsAtTheLimitWithoutOverflowingTheStack() throws Exception {
        int max = LazyJson.MAX_DEPTH;
        accepts(utf8("[".repeat(max) + "]".repeat(max)));
        accepts(utf8("{\"a\":".repeat(max - 1) + "{}" + "}".repeat(max - 1)));
        String tooDeep = "expected at most " + max + " nested objects and arrays at byte " + max + ", found ";
        assertThat(refusal("[".repeat(max + 1) + "]".repeat(max + 1))).isEqualTo(tooDeep + "0x5b");
        assertThat(refusal("[".repeat(max) + "{}" + "]".repeat(max))).isEqualTo(tooDeep + "0x7b");
        assertThat(refusal("[".repeat(100_000))).startsWith("expected at most " + max);
        assertThat(refusal("{\"a\":".repeat(100_000))).startsWith("expected at most " + max);
        assertThat(refusal("[{\"a\":".repeat(100_000))).startsWith("expected at most " + max);
    }

    @Test
    void nestingStopsAtTheLimitWhenTheContainersAreBuilt() throws Exception {
        int max = LazyJson.MAX_DEPTH;
        LazyJson.Paths deep = new LazyJson.Paths();
        LazyJson.Paths node = deep;
        for (int i = 0; i < max + 10; i++) {
            node = node.add("0");
        }
        Object read = LazyJson.read(utf8("[".repeat(max) + "]".repeat(max)), deep);
        for (int i = 0; i < max - 1; i++) {
            assertThat(read).isInstanceOf(LazyJson.ReadArray.class);
            read = list(read).getFirst();
        }
        assertThat(read).isInstanceOf(LazyJson.ReadArray.class).asInstanceOf(InstanceOfAssertFactories.LIST).isEmpty();
        assertThat(catchNotJson(() -> LazyJson.read(utf8("[".repeat(max + 1) + "]".repeat(max + 1)), deep)))
                .isEqualTo("expected at most " + max + " nested objects and arrays at byte " + max + ", found 0x5b");
        LazyJson.Paths objects = new LazyJson.Paths();
        node = objects;
        for (int i = 0; i < max + 10; i++) {
            node = node.add("a");
        }
        assertThat(LazyJson.read(utf8("{\"a\":".repeat(max - 1) + "{}" + "}".repeat(max - 1)), objects))
                .isInstanceOf(LazyJson.ReadObject.class);
        assertThat(catchNotJson(() -> LazyJson.read(utf8("{\"a\":".repeat(max) + "{}" + "}".repeat(max)), objects)))
                .startsWith("expected at most " + max + " nested objects and arrays at byte " + (max * 5) + ",");
    }

    @Test
    void buildsOnlyWhatThePathsLeadThrough() throws Exception {
        LazyJson.Paths paths = new LazyJson.Paths();
        paths.add("a").add("1");
        paths.add("b");
        byte[] body = utf8("{\"a\":[{\"x\":1},{\"y\":[2]},{\"z\":3}],\"b\":{\"c\":{\"d\":4}},\"e\":{\"f\":5},\"s\":\"t\"}");
        Object read = LazyJson.read(body, paths);

        assertThat(read).isInstanceOf(LazyJson.ReadObject.class);
        Map<String, Object> root = map(read);
        assertThat(root.keySet()).containsExactly("a", "b", "e", "s");
        List<Object> a = list(root.get("a"));
        assertThat(a).isInstanceOf(LazyJson.ReadArray.class).hasSize(3);
        assertThat(a.get(0)).isInstanceOf(LazyJson.Raw.class).hasToString("{\"x\":1}");
        assertThat(a.get(1)).isInstanceOf(LazyJson.ReadObject.class);
        assertThat(map(a.get(1)).get("y")).isInstanceOf(LazyJson.Raw.class).hasToString("[2]");
        assertThat(a.get(2)).isInstanceOf(LazyJson.Raw.class);
        assertThat(root.get("b")).isInstanceOf(LazyJson.ReadObject.class);
        assertThat(map(root.get("b")).get("c")).isInstanceOf(LazyJson.Raw.class).hasToString("{\"d\":4}");
        assertThat(root.get("e")).isInstanceOf(LazyJson.Raw.class).hasToString("{\"f\":5}");
        assertThat(root.get("s")).isInstanceOf(LazyJson.Raw.class).hasToString("\"t\"");
        assertThat(((LazyJson.Read) read).source()).hasToString(new String(body, StandardCharsets.UTF_8));
        assertThat(((LazyJson.Read) a).source()).hasToString("[{\"x\":1},{\"y\":[2]},{\"z\":3}]");
    }

    @Test
    void aScalarWhereThePathsWantAContainerStaysRaw() throws Exception {
        LazyJson.Paths paths = new LazyJson.Paths();
        paths.add("a").add("b");
        Map<String, Object> root = map(LazyJson.read(utf8("{\"a\":\"{\\\"b\\\":1}\"}"), paths));
        assertThat(root.get("a")).isInstanceOf(LazyJson.Raw.class);
        assertThat(((LazyJson.Raw) root.get("a")).isContainer()).isFalse();
        assertThat(LazyJson.read(utf8("7"), paths)).isInstanceOf(LazyJson.Raw.class).hasToString("7");
        assertThat(LazyJson.read(utf8(" \"x\" "), paths)).hasToString("\"x\"");
    }

    @Test
    void elementsAreMatchedByIndexOnly() throws Exception {
        LazyJson.Paths paths = new LazyJson.Paths();
        paths.add("01");
        paths.add("-");
        paths.add("x");
        paths.add("2");
        paths.add("0");
        paths.add("2");
        List<Object> list = list(LazyJson.read(utf8("[[0],[1],[2],[3]]"), paths));
        assertThat(list.get(0)).isInstanceOf(LazyJson.ReadArray.class);
        assertThat(list.get(1)).isInstanceOf(LazyJson.Raw.class);
        assertThat(list.get(2)).isInstanceOf(LazyJson.ReadArray.class);
        assertThat(list.get(3)).isInstanceOf(LazyJson.Raw.class);
        assertThat(paths.add("2")).isSameAs(paths.add("2"));
        assertThat(paths.element(2)).isSameAs(paths.add("2")).isSameAs(paths.member("2"));
        assertThat(paths.element(1)).isNull();
        assertThat(paths.member("1")).isNull();
        assertThat(paths.isEmpty()).isFalse();
        assertThat(new LazyJson.Paths().isEmpty()).isTrue();
    }

    @Test
    void namesAreDecodedToMatchPointers() throws Exception {
        LazyJson.Paths paths = new LazyJson.Paths();
        String[] names = {"a\"b", "a\\b", "a/b", "\b\f\n\r\t", "é", "\u00e9x\u20ac", "😀", "\ud800", "\udc00z", "~0", "a~1b", "\u0000"};
        StringBuilder body = new StringBuilder("{");
        String[] escaped = {"a\\\"b", "a\\\\b", "a\\/b", "\\b\\f\\n\\r\\t", "\\u00e9", "\\u00E9x\\u20AC", "\\ud83d\\ude00", "\\ud800",
            "\\uDC00z", "~0", "a~1b", "\\u0000"};
        for (int i = 0; i < names.length; i++) {
            paths.add(names[i]).add("x");
            body.append(i == 0 ? "" : ",").append('"').append(escaped[i]).append("\":{\"x\":").append(i).append('}');
        }
        Map<String, Object> root = map(LazyJson.read(utf8(body + "}"), paths));
        assertThat(root.keySet()).containsExactly(names);
        for (String name : names) {
            assertThat(root.get(name)).as(name).isInstanceOf(LazyJson.ReadObject.class);
        }
        Map<String, Object> mixed = map(LazyJson.read(utf8("{\"ab\\ncd\\u0041é\\t\":1,\"\\\"\":2,\"x\\\\\":3}"), paths));
        assertThat(mixed.keySet()).containsExactly("ab\ncdAé\t", "\"", "x\\");
    }

    @Test
    void expandBuildsOneLevel() throws Exception {
        Map<String, Object> root = map(read(" { \"a\" : { \"b\" : { \"c\" : 1 } , \"d\" : [ 1 , { } ] } } "));
        LazyJson.Raw a = (LazyJson.Raw) root.get("a");
        assertThat(a.isContainer()).isTrue();
        Object expanded = LazyJson.expand(a);
        assertThat(expanded).isInstanceOf(LazyJson.ReadObject.class);
        Map<String, Object> object = map(expanded);
        assertThat(object.keySet()).containsExactly("b", "d");
        assertThat(object.get("b")).isInstanceOf(LazyJson.Raw.class).hasToString("{ \"c\" : 1 }");
        assertThat(object.get("d")).isInstanceOf(LazyJson.Raw.class).hasToString("[ 1 , { } ]");
        assertThat(((LazyJson.Read) expanded).source()).hasToString(a.toString());
        Object d = LazyJson.expand((LazyJson.Raw) object.get("d"));
        assertThat(d).isInstanceOf(LazyJson.ReadArray.class).asInstanceOf(InstanceOfAssertFactories.LIST).extracting(Object::toString).containsExactly("1", "{ }");
        assertThat(LazyJson.expand((LazyJson.Raw) list(d).get(1))).isInstanceOf(LazyJson.ReadObject.class).asInstanceOf(
                InstanceOfAssertFactories.MAP).isEmpty();
        assertThatThrownBy(() -> LazyJson.expand(new LazyJson.Raw(utf8("[1,"), 0, 3))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void rawKnowsAContainer() {
        byte[] body = utf8("x{[\"1t");
        assertThat(new LazyJson.Raw(body, 1, 2).isContainer()).isTrue();
        assertThat(new LazyJson.Raw(body, 2, 3).isContainer()).isTrue();
        assertThat(new LazyJson.Raw(body, 3, 4).isContainer()).isFalse();
        assertThat(new LazyJson.Raw(body, 4, 5).isContainer()).isFalse();
        assertThat(new LazyJson.Raw(body, 1, 4)).hasToString("{[\"");
    }

    @Test
    void unchangedMeansNothingBelowChangedEither() throws Exception {
        LazyJson.Paths paths = new LazyJson.Paths();
        paths.add("a").add("b");
        paths.add("l").add("0");
        Map<String, Object> root = map(LazyJson.read(utf8("{\"a\":{\"b\":{\"c\":1}},\"l\":[[1]]}"), paths));
        assertThat(LazyJson.isUnchanged(root)).isTrue();
        LazyJson.changed(list(root.get("l")).getFirst());
        assertThat(LazyJson.isUnchanged(root)).isFalse();
        assertThat(LazyJson.isUnchanged(root.get("a"))).isTrue();
        assertThat(LazyJson.isUnchanged(root.get("l"))).isFalse();
        LazyJson.changed(root.get("a"));
        assertThat(LazyJson.isUnchanged(root.get("a"))).isFalse();
        assertThat(LazyJson.isUnchanged(map(root.get("a")).get("b"))).isTrue();

        assertThat(LazyJson.isUnchanged(new LazyJson.Raw(utf8("1"), 0, 1))).isTrue();
        assertThat(LazyJson.isUnchanged(new java.util.LinkedHashMap<>())).isFalse();
        assertThat(LazyJson.isUnchanged("text")).isFalse();
        assertThat(LazyJson.isUnchanged(null)).isFalse();
        Map<String, Object> fresh = map(LazyJson.read(utf8("{\"a\":{\"b\":1}}"), paths));
        map(fresh.get("a")).put("b", "not read");
        assertThat(LazyJson.isUnchanged(fresh)).as("a member that was not read is a change").isFalse();
        LazyJson.changed("not a container");
        LazyJson.changed(null);
    }
}
