package dev.lambassador.core.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lambassador.core.route.Problems;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The operations over the lazy reader: what they change, what they leave as it was, and what they build. */
class JsonOperationsTest {

    private static JsonOperations ops(Object... operations) {
        Problems problems = new Problems();
        JsonOperations compiled = JsonOperations.parse(Map.of("operations", List.of(operations)), problems);
        assertThat(problems.all()).isEmpty();
        return compiled;
    }

    private static Map<String, Object> op(String op, String path) {
        return Map.of("op", op, "path", path);
    }

    private static Map<String, Object> op(String op, String from, String path) {
        return Map.of("op", op, "from", from, "path", path);
    }

    private static Map<String, Object> value(String op, String path, Object value) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("op", op);
        spec.put("path", path);
        spec.put("value", value);
        return spec;
    }

    private static String apply(JsonOperations operations, String body) throws JsonOperations.NotJson {
        return new String(operations.apply(body.getBytes(StandardCharsets.UTF_8), null, null), StandardCharsets.UTF_8);
    }

    private static final String SPACED = "\uFEFF \n{ \"order\" : { \"customer\" : { \"name\" : \"Ann\" , \"tags\" : [ \"a\" , \"b\" ] } ,\n"
            + "  \"lines\" : [ { \"sku\" : \"x\\/y\" , \"price\" : 1.10 } , { \"sku\" : \"z\" , \"price\" : 2E+1 } ] ,"
            + " \"total\" : -0.0e0 , \"note\" : \"\\u00e9\\ud83d\\ude00\" , \"none\" : null } } \t\r\n";

    @Test
    void aBodyNoOperationChangesComesBackByteForByte() throws Exception {
        byte[] body = SPACED.getBytes(StandardCharsets.UTF_8);
        JsonOperations nothingApplies = ops(
                op("remove", "/absent"),
                op("remove", "/order/absent/deeper"),
                op("move", "/absent", "/order/moved"),
                op("copy", "/order/absent", "/order/copied"),
                value("replace", "/order/absent", 1),
                op("unwrap", "/absent"),
                op("remove", "/order/total/x"),
                value("add", "/order/note/x", 1),
                value("add", "/order/none/x", 1),
                op("remove", "/order/lines/2"),
                op("remove", "/order/lines/01"),
                op("remove", "/order/lines/-"),
                op("remove", "/order/lines/x"),
                value("add", "/order/lines/3", 1),
                value("add", "/order/lines/01", 1),
                value("add", "/order/lines/x/y", 1),
                op("remove", "/order/customer/tags/2"),
                op("remove", "/order/lines/0/sku/x"));
        assertThat(nothingApplies.apply(body, null, null)).isSameAs(body);
        assertThat(ops(op("wrap", "/w"), op("unwrap", "/w")).apply(body, null, null)).isSameAs(body);
        byte[] scalar = " \"text\" ".getBytes(StandardCharsets.UTF_8);
        assertThat(ops(op("remove", "/a"), op("unwrap", "/a")).apply(scalar, null, null)).isSameAs(scalar);
    }

    @Test
    void whatNoOperationTouchedKeepsItsBytes() throws Exception {
        assertThat(apply(ops(op("remove", "/order/none")), SPACED)).isEqualTo("{\"order\":{\"customer\":{ \"name\" : \"Ann\" , \"tags\" : "
                + "[ \"a\" , \"b\" ] },\"lines\":[ { \"sku\" : \"x\\/y\" , \"price\" : 1.10 } , { \"sku\" : \"z\" , \"price\" : 2E+1 } ],"
                + "\"total\":-0.0e0,\"note\":\"\\u00e9\\ud83d\\ude00\"}}");
        assertThat(apply(ops(op("remove", "/order/lines/1/sku")), SPACED)).isEqualTo("{\"order\":{\"customer\":{ \"name\" : \"Ann\" ,"
                + " \"tags\" : [ \"a\" , \"b\" ] },\"lines\":[{ \"sku\" : \"x\\/y\" , \"price\" : 1.10 },{\"price\":2E+1}],"
                + "\"total\":-0.0e0,\"note\":\"\\u00e9\\ud83d\\ude00\",\"none\":null}}");
    }

    @Test
    void aMovedRawValueKeepsItsBytes() throws Exception {
        assertThat(apply(ops(op("move", "/order/customer", "/client")), SPACED)).isEqualTo("{\"order\":{\"lines\":[ { \"sku\" : \"x\\/y\" ,"
                + " \"price\" : 1.10 } , { \"sku\" : \"z\" , \"price\" : 2E+1 } ],\"total\":-0.0e0,\"note\":\"\\u00e9\\ud83d\\ude00\","
                + "\"none\":null},\"client\":{ \"name\" : \"Ann\" , \"tags\" : [ \"a\" , \"b\" ] }}");
        assertThat(apply(ops(op("unwrap", "/order/customer/tags")), SPACED)).isEqualTo("[ \"a\" , \"b\" ]");
        assertThat(apply(ops(op("unwrap", "/order/total")), SPACED)).isEqualTo("-0.0e0");
    }

    @Test
    void operationsAfterAMoveGoIntoWhatWasMoved() throws Exception {
        JsonOperations operations = ops(
                op("move", "/order/customer", "/client"),
                op("remove", "/client/name"),
                value("add", "/client/address/city", "Oslo"),
                value("add", "/client/tags/-", "c"),
                op("copy", "/client/tags", "/tags"),
                op("remove", "/tags/1"),
                op("move", "/order/lines/1", "/order/lines/0"),
                op("remove", "/order/lines/1/price"),
                value("add", "/order/lines/0/qty", 3));
        assertThat(apply(operations, SPACED)).isEqualTo("{\"order\":{\"lines\":[{\"sku\":\"z\",\"price\":2E+1,\"qty\":3},{\"sku\":\"x\\/y\"}],"
                + "\"total\":-0.0e0,\"note\":\"\\u00e9\\ud83d\\ude00\",\"none\":null},"
                + "\"client\":{\"tags\":[\"a\",\"b\",\"c\"],\"address\":{\"city\":\"Oslo\"}},\"tags\":[\"a\",\"c\"]}");
    }

    @Test
    void theDocumentAnUnwrapLeavesIsBuiltWhenAnOperationGoesIntoIt() throws Exception {
        String body = "{\"data\":{\"id\":7,\"secret\":\"x\",\"nested\":{\"old\":1}},\"meta\":{}}";
        assertThat(apply(ops(op("unwrap", "/data"), op("remove", "/secret"), op("move", "/nested/old", "/nested/new")), body))
                .isEqualTo("{\"id\":7,\"nested\":{\"new\":1}}");
        assertThat(apply(ops(op("unwrap", "/data"), op("unwrap", "/nested"), value("add", "/new", 2)), body))
                .isEqualTo("{\"old\":1,\"new\":2}");
        assertThat(apply(ops(op("unwrap", "/data"), op("unwrap", "/nested")), body)).isEqualTo("{\"old\":1}");
        assertThat(apply(ops(op("unwrap", "/a"), value("add", "/-", 3)), "{\"a\":[1,2]}")).isEqualTo("[1,2,3]");
        assertThat(apply(ops(op("unwrap", "/a"), value("add", "/x", 3)), "{\"a\":\"s\"}")).isEqualTo("\"s\"");
        assertThat(apply(ops(op("unwrap", "/a"), op("unwrap", "/0")), "{\"a\":[{\"b\":1}]}")).isEqualTo("{\"b\":1}");
        assertThat(apply(ops(op("copy", "/data/nested", "/data/copy"), op("unwrap", "/data/copy"), op("remove", "/old")), body))
                .isEqualTo("{}");
    }

    @Test
    void wrapsNestTheDocument() throws Exception {
        String body = "{\"a\":{\"b\":1,\"c\":2}}";
        assertThat(apply(ops(op("wrap", "/data"), op("remove", "/data/a/b")), body)).isEqualTo("{\"data\":{\"a\":{\"c\":2}}}");
        assertThat(apply(ops(op("wrap", "/x/y"), op("move", "/x/y/a", "/x/z")), body)).isEqualTo("{\"x\":{\"y\":{},\"z\":{\"b\":1,\"c\":2}}}");
        assertThat(apply(ops(op("wrap", "/data"), op("unwrap", "/data"), op("remove", "/a/c")), body)).isEqualTo("{\"a\":{\"b\":1}}");
        assertThat(apply(ops(op("wrap", "/data")), "[1]")).isEqualTo("{\"data\":[1]}");
        assertThat(apply(ops(op("wrap", "/data")), " 1 ")).isEqualTo("{\"data\":1}");
    }

    @Test
    void aCopyIsChangedApartFromItsOriginal() throws Exception {
        String body = "{\"a\":{\"x\":1,\"y\":{\"z\":2}}}";
        assertThat(apply(ops(op("copy", "/a", "/b"), op("remove", "/b/x"), op("remove", "/b/y/z")), body))
                .isEqualTo("{\"a\":{\"x\":1,\"y\":{\"z\":2}},\"b\":{\"y\":{}}}");
        assertThat(apply(ops(op("remove", "/a/x"), op("copy", "/a", "/b"), value("add", "/b/y/w", 3), op("remove", "/a/y/z")), body))
                .isEqualTo("{\"a\":{\"y\":{}},\"b\":{\"y\":{\"z\":2,\"w\":3}}}");
        assertThat(apply(ops(op("copy", "/a/y", "/a/y2"), op("copy", "/a/y2", "/a/y3"), op("remove", "/a/y2/z")), body))
                .isEqualTo("{\"a\":{\"x\":1,\"y\":{\"z\":2},\"y2\":{},\"y3\":{\"z\":2}}}");
        assertThat(apply(ops(op("copy", "/a/x", "/b")), body)).isEqualTo("{\"a\":{\"x\":1,\"y\":{\"z\":2}},\"b\":1}");
    }

    @Test
    void aLiteralIsNeverSharedBetweenBodies() throws Exception {
        JsonOperations operations = ops(value("add", "/meta", Map.of("list", List.of(1))), value("add", "/meta/list/-", 2),
                op("copy", "/meta", "/copy"), value("add", "/copy/list/-", 3));
        String once = apply(operations, "{}");
        assertThat(once).isEqualTo("{\"meta\":{\"list\":[1,2]},\"copy\":{\"list\":[1,2,3]}}");
        assertThat(apply(operations, "{}")).isEqualTo(once);
    }

    @Test
    void arraysTakeIndicesAndTheEnd() throws Exception {
        String body = "{\"l\":[\"a\",\"b\",\"c\"]}";
        assertThat(apply(ops(value("add", "/l/0", "z")), body)).isEqualTo("{\"l\":[\"z\",\"a\",\"b\",\"c\"]}");
        assertThat(apply(ops(value("add", "/l/3", "z")), body)).isEqualTo("{\"l\":[\"a\",\"b\",\"c\",\"z\"]}");
        assertThat(apply(ops(value("add", "/l/-", "z")), body)).isEqualTo("{\"l\":[\"a\",\"b\",\"c\",\"z\"]}");
        assertThat(apply(ops(value("add", "/l/4", "z")), body)).isEqualTo(body);
        assertThat(apply(ops(value("replace", "/l/3", "z")), body)).isEqualTo(body);
        assertThat(apply(ops(op("remove", "/l/0")), body)).isEqualTo("{\"l\":[\"b\",\"c\"]}");
        assertThat(apply(ops(op("remove", "/l/2")), body)).isEqualTo("{\"l\":[\"a\",\"b\"]}");
        assertThat(apply(ops(op("remove", "/l/3")), body)).isEqualTo(body);
        assertThat(apply(ops(op("move", "/l/0", "/l/-")), body)).isEqualTo("{\"l\":[\"b\",\"c\",\"a\"]}");
        assertThat(apply(ops(op("move", "/l/2", "/first")), body)).isEqualTo("{\"l\":[\"a\",\"b\"],\"first\":\"c\"}");
        assertThat(apply(ops(value("add", "/l/0/x", 1)), "{\"l\":[{}]}")).isEqualTo("{\"l\":[{\"x\":1}]}");
        assertThat(apply(ops(value("add", "/l/1/x", 1)), "{\"l\":[{}]}")).isEqualTo("{\"l\":[{}]}");
        assertThat(apply(ops(op("remove", "/0/0/0")), "[[[1,2]]]")).isEqualTo("[[[2]]]");
        assertThat(apply(ops(op("remove", "/0/1")), "[[[1,2]],[3]]")).isEqualTo("[[[1,2]],[3]]");
    }

    @Test
    void aValueCopiedAsItWasReadStillChangesItsContainer() throws Exception {
        assertThat(apply(ops(op("copy", "/l/0", "/l/-")), "{\"l\":[1,2]}")).isEqualTo("{\"l\":[1,2,1]}");
        assertThat(apply(ops(op("copy", "/l/1", "/l/0")), "{\"l\":[1,2]}")).isEqualTo("{\"l\":[2,1,2]}");
        assertThat(apply(ops(op("copy", "/a", "/b")), "{\"a\":{\"c\":1}}")).isEqualTo("{\"a\":{\"c\":1},\"b\":{\"c\":1}}");
        assertThat(apply(ops(op("copy", "/a", "/l/0")), "{\"a\":1,\"l\":[]}")).isEqualTo("{\"a\":1,\"l\":[1]}");
        assertThat(apply(ops(value("add", "/n/m", 1)), "{\"n\":{}}")).isEqualTo("{\"n\":{\"m\":1}}");
        assertThat(apply(ops(value("add", "/n/m/o", 1)), "{\"n\":{}}")).isEqualTo("{\"n\":{\"m\":{\"o\":1}}}");
    }

    @Test
    void indicesAreDecimal() throws Exception {
        String body = "[0,1,2,3,4,5,6,7,8,9,10]";
        assertThat(apply(ops(op("remove", "/9")), body)).isEqualTo("[0,1,2,3,4,5,6,7,8,10]");
        assertThat(apply(ops(op("remove", "/10")), body)).isEqualTo("[0,1,2,3,4,5,6,7,8,9]");
        assertThat(apply(ops(op("remove", "/0")), body)).isEqualTo("[1,2,3,4,5,6,7,8,9,10]");
        assertThat(apply(ops(op("remove", "/11")), body)).isEqualTo(body);
        assertThat(apply(ops(op("remove", "/1a")), body)).isEqualTo(body);
        assertThat(apply(ops(op("remove", "/ 1")), body)).isEqualTo(body);
        assertThat(apply(ops(op("remove", "/1234567890")), body)).isEqualTo(body);
        assertThat(apply(ops(op("remove", "/")), body)).isEqualTo(body);
    }

    @Test
    void badOperationsAreRefusedAtLoad() {
        for (Map<String, Object> bad : List.of(op("remove", "/a~"), op("remove", "/a~2"), op("remove", "/~"), op("remove", "/~a/b"),
                op("remove", "a"), Map.<String, Object>of("op", "remove", "path", "/a", "value", 1), op("move", "/a"),
                op("copy", "/a~3", "/b"), Map.<String, Object>of("op", "replace", "path", "/a"))) {
            Problems problems = new Problems();
            assertThat(JsonOperations.parse(Map.of("operations", List.of(bad)), problems)).as(bad.toString()).isNull();
            assertThat(problems.all()).as(bad.toString()).isNotEmpty();
        }
        Problems problems = new Problems();
        assertThat(JsonOperations.parse(Map.of("operations", List.of()), problems)).isNull();
        assertThat(problems.all()).extracting(Problems.Problem::field).containsExactly("operations");
        Problems unknown = new Problems();
        JsonOperations.parse(Map.of("operations", List.of(Map.of("op", "remove", "path", "/a", "value", 1))), unknown);
        assertThat(unknown.all()).extracting(Problems.Problem::field).containsExactly("operations[0].value");
        Problems tilde = new Problems();
        JsonOperations.parse(Map.of("operations", List.of(op("remove", "/a~"))), tilde);
        assertThat(tilde.all()).extracting(Problems.Problem::message)
                .containsExactly("'~' must be followed by 0 or 1 in a JSON pointer (RFC 6901), was '/a~'");
        assertThat(ops(op("remove", "/a~0~1/~1~0"))).isNotNull();
    }

    @Test
    void pointersEscapeSlashAndTilde() throws Exception {
        String body = "{\"a\\/b\":{\"m~n\":1},\"a\":{\"b\":2},\"~1\":3}";
        assertThat(apply(ops(op("remove", "/a~1b/m~0n")), body)).isEqualTo("{\"a/b\":{},\"a\":{\"b\":2},\"~1\":3}");
        assertThat(apply(ops(op("remove", "/a/b")), body)).isEqualTo("{\"a/b\":{\"m~n\":1},\"a\":{},\"~1\":3}");
        assertThat(apply(ops(op("remove", "/~01")), body)).isEqualTo("{\"a/b\":{\"m~n\":1},\"a\":{\"b\":2}}");
        assertThat(apply(ops(value("add", "/\u00e9\ud83d\ude00/\"", "\n")), "{\"\\u00e9\\ud83d\\ude00\":{}}"))
                .isEqualTo("{\"\u00e9\ud83d\ude00\":{\"\\\"\":\"\\n\"}}");
        assertThat(apply(ops(value("add", "//", 1)), "{\"\":{}}")).isEqualTo("{\"\":{\"\":1}}");
    }

    @Test
    void literalsAreWrittenAsJson() throws Exception {
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("text", "a \"quoted\"\nline \u00e9 \ud83d\ude00 \u0001");
        object.put("decimal", new BigDecimal("1.10"));
        object.put("int", 2);
        object.put("long", 9_007_199_254_740_993L);
        object.put("big", new BigInteger("123456789012345678901234567890"));
        object.put("double", 1.5);
        object.put("yes", true);
        object.put("nothing", null);
        object.put("list", new ArrayList<>(Arrays.asList(1, "two", null, List.of())));
        object.put("map", Map.of("k", Map.of()));
        object.put("other", java.time.Duration.ofSeconds(1));
        assertThat(apply(ops(value("add", "/v", object)), "{}")).isEqualTo("{\"v\":{\"text\":\"a \\\"quoted\\\"\\nline \u00e9 \ud83d\ude00 "
                + "\\u0001\",\"decimal\":1.10,\"int\":2,\"long\":9007199254740993,\"big\":123456789012345678901234567890,\"double\":1.5,"
                + "\"yes\":true,\"nothing\":null,\"list\":[1,\"two\",null,[]],\"map\":{\"k\":{}},\"other\":\"PT1S\"}}");
        assertThat(apply(ops(value("add", "/v", null)), "{}")).isEqualTo("{\"v\":null}");
        assertThat(apply(ops(value("replace", "/v", false)), "{\"v\":{\"deep\":[1]}}")).isEqualTo("{\"v\":false}");
        assertThat(apply(ops(Map.of("op", "add", "path", "/t", "template", "$${x} \"y\"")), "{}")).isEqualTo("{\"t\":\"${x} \\\"y\\\"\"}");
        assertThat(apply(ops(Map.of("op", "replace", "path", "/t", "template", "x")), "{}")).isEqualTo("{}");
        assertThat(apply(ops(Map.of("op", "replace", "path", "/t", "template", "x")), "{\"t\":1}")).isEqualTo("{\"t\":\"x\"}");
    }

    @Test
    void aBodyThatIsNotJsonIsRefusedWhateverTheOperations() {
        for (String bad : List.of("{\"a\":1,\"a\":2}", "{\"a\":1} {}", "[" .repeat(600), "{\"a\":01}", "\"\t\"")) {
            assertThatThrownBy(() -> apply(ops(op("remove", "/zzz")), bad)).as(bad).isInstanceOf(JsonOperations.NotJson.class);
        }
        assertThatThrownBy(() -> apply(ops(op("remove", "/a")), "{\"a\":1,}")).isInstanceOf(JsonOperations.NotJson.class)
                .hasMessage("expected a name in double quotes at byte 7, found 0x7d");
    }

    @Test
    void onlyTheContainersAbovePointersAreBuilt() throws Exception {
        JsonOperations operations = ops(op("move", "/order/customer", "/order/client"), value("add", "/order/meta/requestedBy", "x"),
                op("remove", "/order/internal"), op("copy", "/lines/0/sku", "/first"));
        LazyJson.Paths paths = operations.paths();
        assertThat(paths.member("order")).isNotNull();
        assertThat(paths.member("order").member("meta")).isNotNull();
        assertThat(paths.member("order").member("customer")).isNull();
        assertThat(paths.member("order").member("client")).isNull();
        assertThat(paths.member("lines").member("0").isEmpty()).isTrue();
        assertThat(paths.member("first")).isNull();

        Map<String, Object> read = LazyJsonTest.map(LazyJson.read(("{\"order\":{\"customer\":{\"name\":\"Ann\"},\"internal\":true,"
                + "\"meta\":{\"a\":1}},\"lines\":[{\"sku\":1},{\"sku\":2}],\"other\":{}}").getBytes(StandardCharsets.UTF_8), paths));
        Map<String, Object> order = LazyJsonTest.map(read.get("order"));
        assertThat(order).isInstanceOf(LazyJson.ReadObject.class);
        assertThat(order.get("customer")).isInstanceOf(LazyJson.Raw.class);
        assertThat(order.get("meta")).isInstanceOf(LazyJson.ReadObject.class);
        assertThat(LazyJsonTest.list(read.get("lines")).get(0)).isInstanceOf(LazyJson.ReadObject.class);
        assertThat(LazyJsonTest.list(read.get("lines")).get(1)).isInstanceOf(LazyJson.Raw.class);
        assertThat(read.get("other")).isInstanceOf(LazyJson.Raw.class);
    }

    @Test
    void thePlanFollowsWrapsAndUnwraps() {
        assertThat(ops(op("unwrap", "/data"), op("remove", "/nested/old")).paths().member("data").member("nested").isEmpty()).isTrue();
        assertThat(ops(op("unwrap", "/data/inner"), op("unwrap", "/x"), op("remove", "/y/z")).paths()
                .member("data").member("inner").member("x").member("y").isEmpty()).isTrue();
        assertThat(ops(op("unwrap", "/data/inner")).paths().member("data").isEmpty()).isTrue();

        LazyJson.Paths wrapped = ops(op("wrap", "/w"), op("remove", "/w/a/b")).paths();
        assertThat(wrapped.member("w")).isNull();
        assertThat(wrapped.member("a").isEmpty()).isTrue();
        assertThat(ops(op("wrap", "/w"), op("remove", "/x/a")).paths().isEmpty()).isTrue();
        assertThat(ops(op("wrap", "/w"), op("remove", "/w")).paths().isEmpty()).isTrue();
        assertThat(ops(op("wrap", "/w/v"), op("remove", "/w/a")).paths().isEmpty()).isTrue();
        assertThat(ops(op("wrap", "/w"), op("wrap", "/v"), op("remove", "/v/w/a/b")).paths().member("a").isEmpty()).isTrue();
        assertThat(ops(op("wrap", "/w"), op("wrap", "/v"), op("remove", "/w/v/a/b")).paths().isEmpty()).isTrue();

        assertThat(ops(op("wrap", "/a"), op("unwrap", "/a"), op("remove", "/p/q")).paths().member("p").isEmpty()).isTrue();
        LazyJson.Paths partly = ops(op("wrap", "/a/b"), op("unwrap", "/a"), op("remove", "/b/c/d")).paths();
        assertThat(partly.member("b")).isNull();
        assertThat(partly.member("c").isEmpty()).isTrue();
        assertThat(ops(op("wrap", "/a/b"), op("unwrap", "/a"), op("remove", "/x/y")).paths().isEmpty()).isTrue();
        LazyJson.Paths through = ops(op("wrap", "/a"), op("unwrap", "/a/b"), op("remove", "/c/d")).paths();
        assertThat(through.member("b").member("c").isEmpty()).isTrue();
        assertThat(through.member("a")).isNull();

        assertThat(ops(op("unwrap", "/data"), op("wrap", "/w"), op("remove", "/w/x")).paths().member("data").isEmpty()).isTrue();
        assertThat(ops(op("unwrap", "/data"), op("wrap", "/w"), op("remove", "/w/x/y")).paths().member("data").member("x").isEmpty())
                .isTrue();
        assertThat(ops(op("wrap", "/a"), op("unwrap", "/x"), op("remove", "/p/q")).paths().isEmpty()).isTrue();
        assertThat(ops(op("wrap", "/a/b"), op("unwrap", "/c"), op("remove", "/b/x/y")).paths().isEmpty()).isTrue();
        assertThat(ops(op("wrap", "/a/b"), op("unwrap", "/a/c"), op("remove", "/x/y")).paths().isEmpty()).isTrue();
        assertThat(ops(op("wrap", "/a"), op("unwrap", "/x"), op("remove", "/a/p/q")).paths().isEmpty()).isTrue();
        assertThat(ops(op("wrap", "/a"), op("unwrap", "/x"), op("wrap", "/w"), op("unwrap", "/w"), op("remove", "/p/q")).paths()
                .isEmpty()).isTrue();
        assertThat(ops(op("move", "/m/n", "/o/p"), op("copy", "/q/r", "/s/t")).paths().member("m").isEmpty()).isTrue();
        assertThat(ops(op("move", "/m/n", "/o/p"), op("copy", "/q/r", "/s/t")).paths().member("o").isEmpty()).isTrue();
        assertThat(ops(op("move", "/m/n", "/o/p"), op("copy", "/q/r", "/s/t")).paths().member("q").isEmpty()).isTrue();
        assertThat(ops(op("move", "/m/n", "/o/p"), op("copy", "/q/r", "/s/t")).paths().member("s").isEmpty()).isTrue();
    }

    @Test
    void replaceSetsAnArrayElementInItsPlaceAndAMemberWhereItIs() throws Exception {
        JsonOperations operations = ops(value("replace", "/items/1", "B"), value("replace", "/name", "new"),
                value("replace", "/absent", "x"), value("replace", "/items/9", "x"));

        assertThat(apply(operations, "{\"name\":\"old\",\"items\":[\"a\",\"b\",\"c\"],\"z\":1}"))
                .isEqualTo("{\"name\":\"new\",\"items\":[\"a\",\"B\",\"c\"],\"z\":1}");
    }
}
