package dev.lambassador.core.transform;

import dev.lambassador.core.Exchange;
import dev.lambassador.core.GatewayRequest;
import dev.lambassador.core.route.Items;
import dev.lambassador.core.route.Problems;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A list of operations on a JSON body, compiled once. The operations are RFC 6902's (JSON Patch),
 * over RFC 6901 pointers, plus two of the gateway's own:
 *
 * <ul>
 *   <li>{@code {"op": "move", "from": "/customer", "path": "/client"}}: rename or move a field;</li>
 *   <li>{@code {"op": "copy", "from": ..., "path": ...}};</li>
 *   <li>{@code {"op": "remove", "path": "/internal"}};</li>
 *   <li>{@code {"op": "add", "path": "/meta/source", "value": "gateway"}} (or {@code "template": "${caller.subject}"}):
 *       set a field, replacing one that is there and creating the objects above it;</li>
 *   <li>{@code {"op": "replace", "path": ..., "value": ...}}: set a field only where it is;</li>
 *   <li>{@code {"op": "wrap", "path": "/data"}}: the whole body becomes the field {@code data} of a new object;</li>
 *   <li>{@code {"op": "unwrap", "path": "/data"}}: the field {@code data} becomes the whole body.</li>
 * </ul>
 *
 * Bodies differ from one client to the next, so an operation whose source is absent is skipped
 * rather than failing the request, as is a {@code template} that names something absent. The body
 * is read in one validating pass ({@link LazyJson}) that builds maps and lists only for the objects
 * and arrays the operations' pointers lead through; everything else is kept as the body's own bytes
 * and copied to the result, so numbers keep their text, fields keep their order, and a body no
 * operation changes comes out byte for byte (docs/design.md says why not a general JSON library).
 */
final class JsonOperations {

    private static final Set<String> OPS = Set.of("move", "copy", "remove", "add", "replace", "wrap", "unwrap");

    /** Thrown for a body that is not one JSON value. */
    static final class NotJson extends Exception {
        NotJson(String message) {
            super(message);
        }
    }

    private interface Operation {
        /** @return the document, changed in place where it can be, or a new root */
        Object apply(Object document, GatewayRequest request, Exchange exchange);
    }

    private final List<Operation> operations;
    private final LazyJson.Paths paths;

    private JsonOperations(List<Operation> operations, LazyJson.Paths paths) {
        this.operations = List.copyOf(operations);
        this.paths = paths;
    }

    /** @return the operations, or null when {@code problems} got some */
    static JsonOperations parse(Map<String, Object> args, Problems problems) {
        int before = problems.size();
        List<Map<String, Object>> listed = Items.maps(args, "operations", problems);
        if (listed.isEmpty() && problems.size() == before) {
            problems.add("operations", "needs at least one operation, like {op: move, from: /a, path: /b}");
        }
        List<Operation> operations = new ArrayList<>();
        Plan plan = new Plan();
        for (int i = 0; i < listed.size(); i++) {
            if (listed.get(i) != null) {
                Operation operation = operation(listed.get(i), problems.at("operations[" + i + "]"), plan);
                if (operation != null) {
                    operations.add(operation);
                }
            }
        }
        return problems.size() == before ? new JsonOperations(operations, plan.paths) : null;
    }

    /**
     * Applies every operation to a body.
     *
     * @return the transformed body: {@code body} itself when no operation changed anything
     * @throws NotJson when the body is not exactly one JSON value
     */
    byte[] apply(byte[] body, GatewayRequest request, Exchange exchange) throws NotJson {
        Object read = LazyJson.read(body, paths);
        Object document = read;
        for (Operation operation : operations) {
            if (document instanceof LazyJson.Raw raw && raw.isContainer()) {
                document = LazyJson.expand(raw);
            }
            document = operation.apply(document, request, exchange);
        }
        if (document == read && LazyJson.isUnchanged(document)) {
            return body;
        }
        return JsonWriter.write(document, body.length + 256);
    }

    /** What of a body {@link #apply} builds before the first operation. */
    LazyJson.Paths paths() {
        return paths;
    }

    private static Operation operation(Map<String, Object> spec, Problems problems, Plan plan) {
        String op = Items.requiredString(spec, "op", problems);
        if (op == null) {
            return null;
        }
        if (!OPS.contains(op)) {
            problems.add("op", "must be one of " + new TreeSet<>(OPS) + ", was '" + op + "'");
            return null;
        }
        boolean valued = op.equals("add") || op.equals("replace");
        boolean sourced = op.equals("move") || op.equals("copy");
        Items.refuseUnknown(spec, valued ? Set.of("op", "path", "value", "template")
                : sourced ? Set.of("op", "from", "path") : Set.of("op", "path"), "", problems);
        Pointer path = Pointer.parse(spec, "path", problems);
        Pointer from = sourced ? Pointer.parse(spec, "from", problems) : null;
        if (path == null || sourced && from == null) {
            return null;
        }
        plan.follow(op, from, path);
        return switch (op) {
            case "remove" -> (document, request, exchange) -> {
                path.remove(document);
                return document;
            };
            case "move", "copy" -> {
                boolean move = op.equals("move");
                yield (document, request, exchange) -> {
                    Object value = from.get(document);
                    if (value == Pointer.ABSENT) {
                        return document;
                    }
                    if (move) {
                        from.remove(document);
                    }
                    path.add(document, move ? value : copy(value));
                    return document;
                };
            }
            case "add", "replace" -> value(spec, op, problems, path);
            case "wrap" -> (document, request, exchange) -> {
                Map<String, Object> root = new LinkedHashMap<>();
                path.add(root, document);
                return root;
            };
            case "unwrap" -> (document, request, exchange) -> {
                Object inner = path.get(document);
                return inner == Pointer.ABSENT ? document : inner;
            };
            default -> throw new IllegalStateException(op);
        };
    }

    private static Operation value(Map<String, Object> spec, String op, Problems problems, Pointer path) {
        boolean hasValue = spec.containsKey("value");
        boolean hasTemplate = spec.containsKey("template");
        if (hasValue == hasTemplate) {
            problems.add("", op + " needs either value (any JSON) or template (a string with variables)");
            return null;
        }
        boolean replace = op.equals("replace");
        if (hasValue) {
            Object literal;
            try {
                literal = json(spec.get("value"));
            } catch (IllegalArgumentException e) {
                problems.add("value", e.getMessage());
                return null;
            }
            return (document, request, exchange) -> {
                if (replace) {
                    path.replace(document, copy(literal));
                } else {
                    path.add(document, copy(literal));
                }
                return document;
            };
        }
        Template template = Args.template(spec, "template", problems);
        if (template == null) {
            return null;
        }
        return (document, request, exchange) -> {
            String rendered = template.render(request, exchange);
            if (rendered != null && replace) {
                path.replace(document, rendered);
            } else if (rendered != null) {
                path.add(document, rendered);
            }
            return document;
        };
    }

    /**
     * An item's value as a JSON tree: numbers as BigDecimal (whole ones as written), maps keeping their order.
     *
     * @throws IllegalArgumentException for a number JSON cannot hold (YAML's {@code .nan}, {@code .inf})
     */
    static Object json(Object value) {
        return switch (value) {
            case null -> null;
            case String text -> text;
            case Boolean bool -> bool;
            case BigDecimal number -> number;
            case Number number -> {
                BigDecimal decimal = Items.decimal(number);
                if (decimal == null) {
                    throw new IllegalArgumentException("must be JSON, and JSON has no " + number);
                }
                yield decimal;
            }
            case Collection<?> list -> {
                List<Object> out = new ArrayList<>(list.size());
                list.forEach(element -> out.add(json(element)));
                yield out;
            }
            case Map<?, ?> map -> {
                Map<String, Object> out = new LinkedHashMap<>();
                map.forEach((key, element) -> out.put(String.valueOf(key), json(element)));
                yield out;
            }
            default -> value.toString();
        };
    }

    /**
     * A deep copy, so that a literal added to one body is never shared with the next, and a copied
     * field is not changed with its original. Raw bytes are never changed, so they are shared.
     */
    @SuppressWarnings("unchecked")
    private static Object copy(Object value) {
        if (value instanceof LazyJson.Read read && LazyJson.isUnchanged(read)) {
            return read.source();
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            ((Map<String, Object>) map).forEach((key, element) -> out.put(key, copy(element)));
            return out;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            list.forEach(element -> out.add(copy(element)));
            return out;
        }
        return value;
    }

    /**
     * Which objects and arrays of a body the operations look into, from their pointers in order: the
     * containers above each {@code from} and {@code path}. A {@code wrap} or {@code unwrap} moves the
     * document the later pointers start from, which the plan follows (a later pointer that leads
     * nowhere in the body adds nothing); a {@code move} or {@code copy} is not followed, so a pointer
     * into what one moved builds the raw value when it gets there.
     */
    static final class Plan {
        final LazyJson.Paths paths = new LazyJson.Paths();
        /** A pointer into the current document starts with {@code strip}, and is {@code prefix} and the rest in the body. */
        private List<String> strip = List.of();
        private List<String> prefix = List.of();
        private boolean lost;

        /** Adds what an operation looks into, and where it leaves the document. */
        void follow(String op, Pointer from, Pointer path) {
            switch (op) {
                case "wrap" -> wrap(path);
                case "unwrap" -> unwrap(path);
                default -> {
                    if (from != null) {
                        look(from);
                    }
                    look(path);
                }
            }
        }

        private void look(Pointer pointer) {
            List<String> tokens = List.of(pointer.tokens());
            tokens = tokens.subList(0, tokens.size() - 1);
            if (lost || tokens.size() < strip.size() || !tokens.subList(0, strip.size()).equals(strip)) {
                return;
            }
            LazyJson.Paths node = paths;
            for (String token : prefix) {
                node = node.add(token);
            }
            for (String token : tokens.subList(strip.size(), tokens.size())) {
                node = node.add(token);
            }
        }

        /** The document becomes the value at {@code pointer}. */
        private void unwrap(Pointer pointer) {
            look(pointer);
            List<String> tokens = List.of(pointer.tokens());
            if (tokens.size() >= strip.size() && tokens.subList(0, strip.size()).equals(strip)) {
                prefix = concat(prefix, tokens.subList(strip.size(), tokens.size()));
                strip = List.of();
            } else if (tokens.size() < strip.size() && strip.subList(0, tokens.size()).equals(tokens)) {
                strip = strip.subList(tokens.size(), strip.size());
            } else {
                lost = true;
            }
        }

        /** The document becomes the value at {@code pointer} in a new one. */
        private void wrap(Pointer pointer) {
            strip = concat(List.of(pointer.tokens()), strip);
        }

        private static List<String> concat(List<String> first, List<String> second) {
            List<String> both = new ArrayList<>(first);
            both.addAll(second);
            return List.copyOf(both);
        }
    }
}
