package dev.lambassador.core.transform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.jr.ob.JSON;
import dev.lambassador.core.route.Problems;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The lazy engine against the plain way, fuzzed with seeded generators: for random documents
 * (written with random whitespace and escapes) and random operations, what the engine writes,
 * read back with jackson-jr, is what the same operations make of jackson-jr's own tree of the
 * document; and a document with one byte inserted, deleted or replaced is refused by the engine
 * exactly when jackson-jr refuses it. The seed is fixed, so a failure repeats;
 * {@code -Dfuzz.tries=N} runs more.
 */
class JsonOperationsProperties {

    private static final int TRIES = Integer.getInteger("fuzz.tries", 30_000) / 4;
    private static final JSON JACKSON = JSON.std.with(JSON.Feature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final List<String> NAMES = List.of("a", "b", "id", "list", "x/y", "m~n", "é", "", "😀");
    private static final List<String> INDICES = List.of("0", "1", "2", "-", "01");
    private static final List<String> NUMBERS = List.of("0", "-0", "7", "-12", "1.10", "0.5", "3e5", "-2.5E-3", "1E+2", "10.0e0",
            "123456789012345678901234567890", "-0.0");
    private static final String WHITESPACE = " \t\n\r";
    private static final String MUTATIONS = "{}[],:\"0-1.eE+ \\t\n/";

    /** A number as its text. */
    private record Num(String text) {
    }

    private final Random random = new Random(8259);

    @Test
    void theEngineDoesWhatTheOperationsDoOnJacksonsTrees() throws Exception {
        int changed = 0;
        for (int i = 0; i < TRIES; i++) {
            Object document = random.nextInt(10) == 0 ? value(3) : object(4);
            String text = text(document);
            List<Map<String, Object>> specs = operations();
            if (compare(text, specs)) {
                changed++;
            }
        }
        assertThat(changed).as("bodies some operation changed").isGreaterThan(TRIES / 3);
    }

    @Test
    void theEngineRefusesWhatJacksonRefuses() throws Exception {
        int refused = 0;
        for (int i = 0; i < TRIES; i++) {
            String text = text(random.nextInt(10) == 0 ? value(3) : object(3));
            byte[] body = mutate(text.getBytes(StandardCharsets.UTF_8));
            List<Map<String, Object>> specs = operations();
            Object reference = jackson(body);
            JsonOperations operations = compile(specs);
            byte[] out;
            try {
                out = operations.apply(body, null, null);
            } catch (JsonOperations.NotJson e) {
                assertThat(reference).as("refused %s: %s", new String(body, StandardCharsets.UTF_8), e.getMessage()).isSameAs(REFUSED);
                refused++;
                continue;
            }
            assertThat(reference).as("accepted %s", new String(body, StandardCharsets.UTF_8)).isNotSameAs(REFUSED);
            if (reference == OUT_OF_RANGE) {
                continue;
            }
            assertThat(JACKSON.asString(JACKSON.anyFrom(out))).as(new String(body, StandardCharsets.UTF_8) + " " + specs)
                    .isEqualTo(JACKSON.asString(Reference.apply(reference, specs)));
        }
        assertThat(refused).as("mutants refused").isBetween(TRIES / 4, TRIES - TRIES / 10);
    }

    /** @return whether the operations changed the document */
    private boolean compare(String text, List<Map<String, Object>> specs) throws Exception {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        byte[] out = compile(specs).apply(body, null, null);
        Object expected = Reference.apply(JACKSON.anyFrom(body), specs);
        String described = text + "\n" + specs;
        assertThat(JACKSON.asString(JACKSON.anyFrom(out))).as(described).isEqualTo(JACKSON.asString(expected));
        if (out == body) {
            assertThat(JACKSON.asString(expected)).as(described).isEqualTo(JACKSON.asString(JACKSON.anyFrom(body)));
        }
        return out != body;
    }

    private static JsonOperations compile(List<Map<String, Object>> specs) {
        Problems problems = new Problems();
        JsonOperations operations = JsonOperations.parse(Map.of("operations", specs), problems);
        assertThat(problems.all()).as(specs.toString()).isEmpty();
        return operations;
    }

    private static final Object REFUSED = new Object();
    private static final Object OUT_OF_RANGE = new Object();

    /**
     * What the engine before this one did: jackson-jr's tree, or {@link #REFUSED}, or
     * {@link #OUT_OF_RANGE} for a number the grammar allows and BigDecimal cannot hold
     * ({@code 1e9999999999}), which that engine let escape as a NumberFormatException.
     */
    private static Object jackson(byte[] body) {
        try (JsonParser parser = JACKSON.getStreamingFactory().createParser(body)) {
            Object document = JACKSON.anyFrom(parser);
            return parser.nextToken() == null ? document : REFUSED;
        } catch (IOException | NumberFormatException e) {
            return String.valueOf(e.getMessage()).contains("can not be deserialized as `java.math.BigDecimal`") ? OUT_OF_RANGE : REFUSED;
        }
    }

    private byte[] mutate(byte[] body) {
        int at = random.nextInt(body.length + 1);
        byte b = (byte) MUTATIONS.charAt(random.nextInt(MUTATIONS.length()));
        return switch (random.nextInt(3)) {
            case 0 -> {
                byte[] out = new byte[body.length + 1];
                System.arraycopy(body, 0, out, 0, at);
                out[at] = b;
                System.arraycopy(body, at, out, at + 1, body.length - at);
                yield out;
            }
            case 1 -> {
                if (at == body.length) {
                    yield body;
                }
                byte[] out = new byte[body.length - 1];
                System.arraycopy(body, 0, out, 0, at);
                System.arraycopy(body, at + 1, out, at, body.length - at - 1);
                yield out;
            }
            default -> {
                byte[] out = body.clone();
                if (at < body.length) {
                    out[at] = b;
                }
                yield out;
            }
        };
    }

    // ---- documents

    private Map<String, Object> object(int depth) {
        Map<String, Object> object = new LinkedHashMap<>();
        int size = random.nextInt(6);
        for (int i = 0; i < size; i++) {
            object.put(NAMES.get(random.nextInt(NAMES.size())), value(depth - 1));
        }
        return object;
    }

    private Object value(int depth) {
        int kind = random.nextInt(depth <= 0 ? 4 : 7);
        return switch (kind) {
            case 0 -> string();
            case 1 -> new Num(NUMBERS.get(random.nextInt(NUMBERS.size())));
            case 2 -> random.nextBoolean();
            case 3 -> null;
            case 4, 5 -> object(depth);
            default -> {
                List<Object> list = new ArrayList<>();
                int size = random.nextInt(4);
                for (int i = 0; i < size; i++) {
                    list.add(value(depth - 1));
                }
                yield list;
            }
        };
    }

    private String string() {
        String[] pieces = {"a", "Z", " ", "\"", "\\", "/", "\n", "\t", "\u0000", "\u001f", "\u007f", "é", "€", "😀", "~", "x", "{", "]"};
        StringBuilder text = new StringBuilder();
        int length = random.nextInt(6);
        for (int i = 0; i < length; i++) {
            text.append(pieces[random.nextInt(pieces.length)]);
        }
        return text.toString();
    }

    /** JSON with random whitespace between tokens and random escapes in strings. */
    private String text(Object value) {
        StringBuilder out = new StringBuilder();
        space(out);
        write(value, out);
        space(out);
        return out.toString();
    }

    private void space(StringBuilder out) {
        if (random.nextInt(3) == 0) {
            int count = 1 + random.nextInt(3);
            for (int i = 0; i < count; i++) {
                out.append(WHITESPACE.charAt(random.nextInt(WHITESPACE.length())));
            }
        }
    }

    private void write(Object value, StringBuilder out) {
        switch (value) {
            case null -> out.append("null");
            case Boolean bool -> out.append(bool);
            case Num number -> out.append(number.text());
            case String text -> quote(text, out, true);
            case Map<?, ?> map -> {
                out.append('{');
                boolean first = true;
                for (Map.Entry<?, ?> member : map.entrySet()) {
                    space(out);
                    if (!first) {
                        out.append(',');
                        space(out);
                    }
                    first = false;
                    quote((String) member.getKey(), out, false);
                    space(out);
                    out.append(':');
                    space(out);
                    write(member.getValue(), out);
                    space(out);
                }
                out.append('}');
            }
            case List<?> list -> {
                out.append('[');
                for (int i = 0; i < list.size(); i++) {
                    space(out);
                    if (i > 0) {
                        out.append(',');
                        space(out);
                    }
                    write(list.get(i), out);
                    space(out);
                }
                out.append(']');
            }
            default -> throw new IllegalStateException(value.toString());
        }
    }

    /**
     * Escapes what must be, and at random what may be; a surrogate pair is escaped whole or not at
     * all, and never in a name (jackson-jr refuses half of one there, which JSON's grammar allows).
     */
    private void quote(String text, StringBuilder out, boolean value) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean must = c < 0x20 || c == '"' || c == '\\';
            if (Character.isHighSurrogate(c)) {
                char low = text.charAt(++i);
                if (value && random.nextInt(4) == 0) {
                    out.append(String.format("\\u%04x\\u%04X", (int) c, (int) low));
                } else {
                    out.append(c).append(low);
                }
            } else if (!must && random.nextInt(4) != 0) {
                out.append(c);
            } else if (c == '/' && random.nextBoolean()) {
                out.append("\\/");
            } else if (c == '\n' && random.nextBoolean()) {
                out.append("\\n");
            } else if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else {
                out.append(String.format(random.nextBoolean() ? "\\u%04x" : "\\u%04X", (int) c));
            }
        }
        out.append('"');
    }

    // ---- operations

    private List<Map<String, Object>> operations() {
        List<Map<String, Object>> specs = new ArrayList<>();
        int count = 1 + random.nextInt(6);
        for (int i = 0; i < count; i++) {
            Map<String, Object> spec = new LinkedHashMap<>();
            String op = List.of("move", "move", "copy", "remove", "remove", "add", "add", "replace", "wrap", "unwrap")
                    .get(random.nextInt(10));
            spec.put("op", op);
            if (op.equals("move") || op.equals("copy")) {
                spec.put("from", pointer());
            }
            spec.put("path", pointer());
            if (op.equals("add") || op.equals("replace")) {
                if (random.nextInt(4) == 0) {
                    spec.put("template", random.nextBoolean() ? "tenant-$$ \"x\"" : "é\\😀/");
                } else {
                    spec.put("value", literal(2));
                }
            }
            specs.add(spec);
        }
        return specs;
    }

    private String pointer() {
        StringBuilder pointer = new StringBuilder();
        int length = 1 + random.nextInt(3);
        for (int i = 0; i < length; i++) {
            String token = random.nextInt(3) == 0 ? INDICES.get(random.nextInt(INDICES.size())) : NAMES.get(random.nextInt(NAMES.size()));
            pointer.append('/').append(token.replace("~", "~0").replace("/", "~1"));
        }
        return pointer.toString();
    }

    private Object literal(int depth) {
        return switch (random.nextInt(depth <= 0 ? 6 : 8)) {
            case 0 -> string();
            case 1 -> new BigDecimal(NUMBERS.get(random.nextInt(NUMBERS.size())));
            case 2 -> random.nextInt(100);
            case 3 -> random.nextBoolean();
            case 4 -> null;
            case 5 -> 1.5;
            case 6 -> {
                List<Object> list = new ArrayList<>();
                for (int i = random.nextInt(3); i > 0; i--) {
                    list.add(literal(depth - 1));
                }
                yield list;
            }
            default -> {
                Map<String, Object> map = new LinkedHashMap<>();
                for (int i = random.nextInt(3); i > 0; i--) {
                    map.put(NAMES.get(random.nextInt(NAMES.size())), literal(depth - 1));
                }
                yield map;
            }
        };
    }

    /** RFC 6902 and the gateway's wrap and unwrap on plain maps and lists, as docs/transforms.md says, written apart from the engine. */
    private static final class Reference {

        private static final Object ABSENT = new Object();

        static Object apply(Object document, List<Map<String, Object>> specs) {
            for (Map<String, Object> spec : specs) {
                List<String> path = tokens((String) spec.get("path"));
                document = switch ((String) spec.get("op")) {
                    case "remove" -> {
                        remove(document, path);
                        yield document;
                    }
                    case "move", "copy" -> {
                        List<String> from = tokens((String) spec.get("from"));
                        Object value = get(document, from);
                        if (value != ABSENT) {
                            if (spec.get("op").equals("move")) {
                                remove(document, from);
                            } else {
                                value = copy(value);
                            }
                            add(document, path, value);
                        }
                        yield document;
                    }
                    case "add", "replace" -> {
                        Object value = spec.containsKey("template")
                                ? Template.parse((String) spec.get("template")).render(null, null)
                                : JsonOperations.json(spec.get("value"));
                        if (spec.get("op").equals("add")) {
                            add(document, path, value);
                        } else if (get(document, path) != ABSENT) {
                            replace(document, path, value);
                        }
                        yield document;
                    }
                    case "wrap" -> {
                        Map<String, Object> root = new LinkedHashMap<>();
                        add(root, path, document);
                        yield root;
                    }
                    case "unwrap" -> {
                        Object inner = get(document, path);
                        yield inner == ABSENT ? document : inner;
                    }
                    default -> throw new IllegalStateException(spec.toString());
                };
            }
            return document;
        }

        private static List<String> tokens(String pointer) {
            List<String> tokens = new ArrayList<>();
            for (String token : pointer.substring(1).split("/", -1)) {
                tokens.add(token.replace("~1", "/").replace("~0", "~"));
            }
            return tokens;
        }

        private static int index(String token, int size) {
            if (!token.matches("0|[1-9][0-9]{0,8}")) {
                return -1;
            }
            int index = Integer.parseInt(token);
            return index < size ? index : -1;
        }

        private static Object child(Object node, String token) {
            if (node instanceof Map<?, ?> map) {
                return map.containsKey(token) ? map.get(token) : ABSENT;
            }
            if (node instanceof List<?> list) {
                int index = index(token, list.size());
                return index < 0 ? ABSENT : list.get(index);
            }
            return ABSENT;
        }

        private static Object get(Object document, List<String> tokens) {
            Object node = document;
            for (String token : tokens) {
                node = child(node, token);
                if (node == ABSENT) {
                    return ABSENT;
                }
            }
            return node;
        }

        @SuppressWarnings("unchecked")
        private static Object parent(Object document, List<String> tokens, boolean create) {
            Object node = document;
            for (String token : tokens.subList(0, tokens.size() - 1)) {
                Object next = child(node, token);
                if (next == ABSENT) {
                    if (!create || !(node instanceof Map)) {
                        return ABSENT;
                    }
                    next = new LinkedHashMap<String, Object>();
                    ((Map<String, Object>) node).put(token, next);
                }
                node = next;
            }
            return node;
        }

        private static void remove(Object document, List<String> tokens) {
            Object parent = parent(document, tokens, false);
            String last = tokens.getLast();
            if (parent instanceof Map<?, ?> map) {
                map.remove(last);
            } else if (parent instanceof List<?> list && index(last, list.size()) >= 0) {
                list.remove(index(last, list.size()));
            }
        }

        @SuppressWarnings("unchecked")
        private static void add(Object document, List<String> tokens, Object value) {
            Object parent = parent(document, tokens, true);
            String last = tokens.getLast();
            if (parent instanceof Map<?, ?> map) {
                ((Map<String, Object>) map).put(last, value);
            } else if (parent instanceof List<?> list) {
                int index = last.equals("-") ? list.size() : index(last, list.size() + 1);
                if (index >= 0) {
                    ((List<Object>) list).add(index, value);
                }
            }
        }

        /** RFC 6902's replace: the target there, in its place. */
        @SuppressWarnings("unchecked")
        private static void replace(Object document, List<String> tokens, Object value) {
            Object parent = parent(document, tokens, false);
            String last = tokens.getLast();
            if (parent instanceof Map<?, ?> map) {
                ((Map<String, Object>) map).put(last, value);
            } else if (parent instanceof List<?> list) {
                ((List<Object>) list).set(index(last, list.size()), value);
            }
        }

        @SuppressWarnings("unchecked")
        private static Object copy(Object value) {
            if (value instanceof Map<?, ?> map) {
                Map<String, Object> out = new LinkedHashMap<>();
                ((Map<String, Object>) map).forEach((key, member) -> out.put(key, copy(member)));
                return out;
            }
            if (value instanceof List<?> list) {
                List<Object> out = new ArrayList<>();
                list.forEach(element -> out.add(copy(element)));
                return out;
            }
            return value;
        }
    }
}
