package dev.lambassador.core.transform;

import dev.lambassador.core.Exchange;
import dev.lambassador.core.GatewayRequest;
import dev.lambassador.core.route.Items;
import dev.lambassador.core.route.Problems;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonPointer;
import jakarta.json.JsonReader;
import jakarta.json.JsonStructure;
import jakarta.json.JsonValue;
import jakarta.json.JsonWriter;
import jakarta.json.spi.JsonProvider;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A list of operations on a JSON body, compiled once. The operations are RFC 6902's, over RFC 6901
 * pointers, as Jakarta JSON Processing implements them, plus two of the gateway's own:
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
 * rather than failing the request, as is a {@code template} that names something absent. Numbers
 * keep their exact text: {@code 1.10} stays {@code 1.10}.
 */
final class JsonOperations {

    /** Created directly, not through the service loader, which costs a first request some milliseconds. */
    static final JsonProvider JSON = new org.eclipse.parsson.JsonProviderImpl();

    private static final Set<String> OPS = Set.of("move", "copy", "remove", "add", "replace", "wrap", "unwrap");

    private interface Operation {
        JsonValue apply(JsonValue document, GatewayRequest request, Exchange exchange);
    }

    private final List<Operation> operations;

    private JsonOperations(List<Operation> operations) {
        this.operations = List.copyOf(operations);
    }

    /** @return the operations, or null when {@code problems} got some */
    static JsonOperations parse(Map<String, Object> args, Problems problems) {
        int before = problems.size();
        List<Map<String, Object>> listed = Items.maps(args, "operations", problems);
        if (listed.isEmpty() && problems.size() == before) {
            problems.add("operations", "needs at least one operation, like {op: move, from: /a, path: /b}");
        }
        List<Operation> operations = new ArrayList<>();
        for (int i = 0; i < listed.size(); i++) {
            if (listed.get(i) != null) {
                Operation operation = operation(listed.get(i), problems.at("operations[" + i + "]"));
                if (operation != null) {
                    operations.add(operation);
                }
            }
        }
        return problems.size() == before ? new JsonOperations(operations) : null;
    }

    /**
     * Applies every operation to a body.
     *
     * @throws JsonException when the body is not JSON
     */
    byte[] apply(byte[] body, GatewayRequest request, Exchange exchange) {
        JsonValue document;
        try (JsonReader reader = JSON.createReader(new ByteArrayInputStream(body))) {
            document = reader.readValue();
        }
        for (Operation operation : operations) {
            document = operation.apply(document, request, exchange);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 64);
        try (JsonWriter writer = JSON.createWriter(out)) {
            writer.write(document);
        }
        return out.toByteArray();
    }

    private static Operation operation(Map<String, Object> spec, Problems problems) {
        String op = Items.requiredString(spec, "op", problems);
        if (op == null) {
            return null;
        }
        if (!OPS.contains(op)) {
            problems.add("op", "must be one of " + new java.util.TreeSet<>(OPS) + ", was '" + op + "'");
            return null;
        }
        boolean valued = op.equals("add") || op.equals("replace");
        boolean sourced = op.equals("move") || op.equals("copy");
        Items.refuseUnknown(spec, valued ? Set.of("op", "path", "value", "template")
                : sourced ? Set.of("op", "from", "path") : Set.of("op", "path"), "", problems);
        JsonPointer path = pointer(spec, "path", problems);
        JsonPointer from = sourced ? pointer(spec, "from", problems) : null;
        if (path == null || sourced && from == null) {
            return null;
        }
        return switch (op) {
            case "remove" -> (document, request, exchange) -> path.containsValue(structure(document))
                    ? path.remove(structure(document)) : document;
            case "move", "copy" -> {
                boolean move = op.equals("move");
                yield (document, request, exchange) -> {
                    if (!(document instanceof JsonStructure structure) || !from.containsValue(structure)) {
                        return document;
                    }
                    JsonValue value = from.getValue(structure);
                    JsonStructure without = move ? from.remove(structure) : structure;
                    return add(without, pointerText(spec, "path"), value);
                };
            }
            case "add", "replace" -> value(spec, op, problems, path);
            case "wrap" -> {
                String text = pointerText(spec, "path");
                yield (document, request, exchange) -> add(JsonValue.EMPTY_JSON_OBJECT, text, document);
            }
            case "unwrap" -> (document, request, exchange) -> document instanceof JsonStructure structure && path.containsValue(structure)
                    ? path.getValue(structure) : document;
            default -> throw new IllegalStateException(op);
        };
    }

    private static Operation value(Map<String, Object> spec, String op, Problems problems, JsonPointer path) {
        boolean hasValue = spec.containsKey("value");
        boolean hasTemplate = spec.containsKey("template");
        if (hasValue == hasTemplate) {
            problems.add("", op + " needs either value (any JSON) or template (a string with variables)");
            return null;
        }
        String text = pointerText(spec, "path");
        boolean replace = op.equals("replace");
        if (hasValue) {
            JsonValue literal = toJson(spec.get("value"));
            return (document, request, exchange) -> replace && !(document instanceof JsonStructure s && path.containsValue(s))
                    ? document : add(document, text, literal);
        }
        Template template = Args.template(spec, "template", problems);
        if (template == null) {
            return null;
        }
        return (document, request, exchange) -> {
            String rendered = template.render(request, exchange);
            if (rendered == null || replace && !(document instanceof JsonStructure s && path.containsValue(s))) {
                return document;
            }
            return add(document, text, JSON.createValue(rendered));
        };
    }

    /** RFC 6902's add, creating the objects above the target that are missing. The root pointer replaces the document. */
    private static JsonValue add(JsonValue document, String pointer, JsonValue value) {
        if (pointer.isEmpty()) {
            return value;
        }
        if (!(document instanceof JsonStructure structure)) {
            return document;
        }
        int slash = pointer.indexOf('/', 1);
        while (slash > 0) {
            JsonPointer parent = JSON.createPointer(pointer.substring(0, slash));
            if (!parent.containsValue(structure)) {
                structure = parent.add(structure, JsonValue.EMPTY_JSON_OBJECT);
            } else if (!(parent.getValue(structure) instanceof JsonStructure)) {
                return structure;
            }
            slash = pointer.indexOf('/', slash + 1);
        }
        try {
            return JSON.createPointer(pointer).add(structure, value);
        } catch (JsonException e) {
            // An array index past the end, say: the body is not the shape the route expected; leave it.
            return structure;
        }
    }

    private static JsonStructure structure(JsonValue document) {
        return document instanceof JsonStructure structure ? structure : JsonValue.EMPTY_JSON_OBJECT;
    }

    private static String pointerText(Map<String, Object> spec, String field) {
        return (String) spec.get(field);
    }

    private static JsonPointer pointer(Map<String, Object> spec, String field, Problems problems) {
        String text = Items.requiredString(spec, field, problems);
        if (text == null) {
            return null;
        }
        if (!text.startsWith("/")) {
            problems.add(field, "must be a JSON pointer (RFC 6901) such as /order/id, was '" + text + "'");
            return null;
        }
        try {
            return JSON.createPointer(text);
        } catch (JsonException e) {
            problems.add(field, "is not a JSON pointer (RFC 6901): " + e.getMessage());
            return null;
        }
    }

    /** An item's value (String, Number, Boolean, List, Map or null, as YAML and DynamoDB give them) as JSON. */
    static JsonValue toJson(Object value) {
        return switch (value) {
            case null -> JsonValue.NULL;
            case String text -> JSON.createValue(text);
            case Boolean bool -> bool ? JsonValue.TRUE : JsonValue.FALSE;
            case BigDecimal number -> JSON.createValue(number);
            case Number number -> JSON.createValue(new BigDecimal(number.toString()));
            case Collection<?> list -> {
                JsonArrayBuilder array = JSON.createArrayBuilder();
                list.forEach(element -> array.add(toJson(element)));
                yield array.build();
            }
            case Map<?, ?> map -> {
                JsonObjectBuilder object = JSON.createObjectBuilder();
                map.forEach((key, element) -> object.add(String.valueOf(key), toJson(element)));
                yield object.build();
            }
            default -> JSON.createValue(value.toString());
        };
    }
}
