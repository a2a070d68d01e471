package dev.lambassador.core.apigw;

import dev.lambassador.core.GatewayException;
import dev.lambassador.core.Headers;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** Typed, null-tolerant reads of an event's JSON map; a field of the wrong type is a 400 that names it. */
final class EventFields {

    private EventFields() {
    }

    static String string(Map<String, Object> map, String field) {
        Object value = map == null ? null : map.get(field);
        if (value == null || value instanceof String) {
            return (String) value;
        }
        throw malformed(field, "a string", value);
    }

    static String requiredString(Map<String, Object> map, String field) {
        String value = string(map, field);
        if (value == null || value.isEmpty()) {
            throw GatewayException.badRequest("malformed event: '" + field + "' is missing");
        }
        return value;
    }

    static boolean bool(Map<String, Object> map, String field) {
        Object value = map == null ? null : map.get(field);
        if (value == null || value instanceof Boolean) {
            return Boolean.TRUE.equals(value);
        }
        throw malformed(field, "a boolean", value);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(Map<String, Object> map, String field) {
        Object value = map == null ? null : map.get(field);
        if (value == null || value instanceof Map) {
            return value == null ? Map.of() : (Map<String, Object>) value;
        }
        throw malformed(field, "an object", value);
    }

    /** A map of string to string, as {@code headers} and {@code queryStringParameters}; null values are skipped. */
    static Map<String, String> stringMap(Map<String, Object> map, String field) {
        Map<String, Object> raw = object(map, field);
        for (Map.Entry<String, Object> entry : raw.entrySet()) {
            if (entry.getValue() != null && !(entry.getValue() instanceof String)) {
                throw malformed(field + "." + entry.getKey(), "a string", entry.getValue());
            }
        }
        @SuppressWarnings("unchecked")
        Map<String, String> typed = (Map<String, String>) (Map<String, ?>) raw;
        return typed;
    }

    /** A map of string to list of strings, as {@code multiValueHeaders}. */
    static Map<String, List<String>> listMap(Map<String, Object> map, String field) {
        Map<String, Object> raw = object(map, field);
        for (Map.Entry<String, Object> entry : raw.entrySet()) {
            if (entry.getValue() != null && !isStringList(entry.getValue())) {
                throw malformed(field + "." + entry.getKey(), "a list of strings", entry.getValue());
            }
        }
        @SuppressWarnings("unchecked")
        Map<String, List<String>> typed = (Map<String, List<String>>) (Map<String, ?>) raw;
        return typed;
    }

    static List<String> stringList(Map<String, Object> map, String field) {
        Object value = map == null ? null : map.get(field);
        if (value == null) {
            return List.of();
        }
        if (isStringList(value)) {
            @SuppressWarnings("unchecked")
            List<String> list = (List<String>) value;
            return list;
        }
        throw malformed(field, "a list of strings", value);
    }

    static Headers headers(Map<String, List<String>> values) {
        Headers.Builder headers = Headers.builder();
        values.forEach((name, list) -> {
            try {
                headers.addAll(name, list);
            } catch (IllegalArgumentException e) {
                throw GatewayException.badRequest("malformed event: " + e.getMessage());
            }
        });
        return headers.build();
    }

    static byte[] body(Map<String, Object> event) {
        String body = string(event, "body");
        if (body == null) {
            return new byte[0];
        }
        if (!bool(event, "isBase64Encoded")) {
            return body.getBytes(StandardCharsets.UTF_8);
        }
        try {
            return Base64.getDecoder().decode(body);
        } catch (IllegalArgumentException e) {
            throw GatewayException.badRequest("malformed event: 'body' is marked isBase64Encoded but is not valid base64");
        }
    }

    private static boolean isStringList(Object value) {
        return value instanceof List<?> list && list.stream().allMatch(e -> e == null || e instanceof String);
    }

    private static GatewayException malformed(String field, String expected, Object actual) {
        String type = actual instanceof String ? "a string" : actual instanceof Number ? "a number"
                : actual instanceof Boolean ? "a boolean" : actual instanceof List ? "an array" : "an object";
        return GatewayException.badRequest("malformed event: '" + field + "' must be " + expected + ", was " + type);
    }
}
