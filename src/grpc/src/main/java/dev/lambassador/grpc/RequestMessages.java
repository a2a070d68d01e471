package dev.lambassador.grpc;

import com.fasterxml.jackson.jr.ob.JSON;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.util.JsonFormat;
import dev.lambassador.core.GatewayException;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a request message from a REST request, as google.api.http and grpc-gateway do: the JSON
 * body is the message (protobuf's JSON mapping), query parameters fill the fields they name
 * ({@code ?quantity=2&tags=a&tags=b&item.sku=X}; a repeated field takes every value, another the
 * last), and path parameters the fields they name, over both. Query parameters that name no field
 * are left out, as caches and trackers add their own; a body field that the message does not have
 * is the client's mistake, a 400.
 */
final class RequestMessages {

    private static final JsonFormat.Parser PARSER = JsonFormat.parser();

    private RequestMessages() {
    }

    static DynamicMessage build(Descriptor type, Map<String, String> pathParameters, Map<String, List<String>> query, byte[] body) {
        Map<String, Object> json = body(type, body);
        query.forEach((name, values) -> set(type, json, name, values));
        pathParameters.forEach((name, value) -> set(type, json, name, List.of(value)));
        DynamicMessage.Builder message = DynamicMessage.newBuilder(type);
        try {
            PARSER.merge(JSON.std.asString(json), message);
        } catch (IOException | IllegalArgumentException e) {
            throw GatewayException.badRequest("the request does not fit " + type.getFullName() + ": " + e.getMessage());
        }
        return message.build();
    }

    /** The field a name stands for: its proto name ({@code order_id}) or its JSON name ({@code orderId}). */
    static FieldDescriptor field(Descriptor type, String name) {
        FieldDescriptor field = type.findFieldByName(name);
        if (field != null) {
            return field;
        }
        for (FieldDescriptor candidate : type.getFields()) {
            if (candidate.getJsonName().equals(name)) {
                return candidate;
            }
        }
        return null;
    }

    private static Map<String, Object> body(Descriptor type, byte[] body) {
        if (body.length == 0) {
            return new LinkedHashMap<>();
        }
        Object parsed;
        try {
            parsed = JSON.std.anyFrom(body);
        } catch (IOException e) {
            throw GatewayException.badRequest("the request body is not JSON; it must be a JSON object, the fields of " + type.getFullName());
        }
        if (!(parsed instanceof Map<?, ?> map)) {
            throw GatewayException.badRequest("the request body must be a JSON object, the fields of " + type.getFullName());
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> object = new LinkedHashMap<>((Map<String, Object>) map);
        return object;
    }

    /** Sets a dotted field path ({@code item.sku}) in the JSON, through nested messages; a path that names no field is left out. */
    @SuppressWarnings("unchecked")
    private static void set(Descriptor type, Map<String, Object> json, String path, List<String> values) {
        String[] names = path.split("\\.", -1);
        Descriptor current = type;
        Map<String, Object> object = json;
        for (int i = 0; i < names.length; i++) {
            FieldDescriptor field = current == null ? null : field(current, names[i]);
            if (field == null) {
                return;
            }
            String key = field.getJsonName();
            object.remove(field.getName());
            if (i == names.length - 1) {
                if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE && !isWellKnownScalar(field)) {
                    return;
                }
                object.put(key, field.isRepeated() ? List.copyOf(values) : values.getLast());
                return;
            }
            if (field.isRepeated() || field.getJavaType() != FieldDescriptor.JavaType.MESSAGE) {
                return;
            }
            Object nested = object.get(key);
            Map<String, Object> next = nested instanceof Map<?, ?> map ? new LinkedHashMap<>((Map<String, Object>) map) : new LinkedHashMap<>();
            object.put(key, next);
            object = next;
            current = field.getMessageType();
        }
    }

    /** Wrappers and timestamps are written as strings in protobuf's JSON: a query parameter can fill them. */
    private static boolean isWellKnownScalar(FieldDescriptor field) {
        String name = field.getMessageType().getFullName();
        return name.startsWith("google.protobuf.") && (name.endsWith("Value") || name.equals("google.protobuf.Timestamp")
                || name.equals("google.protobuf.Duration") || name.equals("google.protobuf.FieldMask"));
    }
}
