package dev.lambassador.core.apigw;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.jr.ob.JSON;
import dev.lambassador.core.Headers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * API Gateway's event JSON, read and written in one place for the router and the authorizer: the
 * event as a map, typed and null-tolerant reads of its fields, and the fields both functions need
 * (request id, headers) read the same way in both. A field of the wrong type is a
 * {@link MalformedEventException} that names it.
 */
public final class EventJson {

    /**
     * jackson-jr with its buffers in one pool that every thread shares. jackson's default keeps a set of
     * buffers per thread, which a thread that lives for one request never reuses: the local gateway serves
     * each request on a new virtual thread, and each event and response it wrote or read allocated its
     * buffers (some 10 to 20 KB) afresh. In Lambda, one request at a time, the pool holds one set.
     */
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .recyclerPool(JsonRecyclerPools.newConcurrentDequePool())
            .build();
    private static final JSON POOLED = JSON.builder(FACTORY).build();

    /** Writes one JSON value with jackson-core's generator. */
    @FunctionalInterface
    interface Writer {
        void writeTo(JsonGenerator json) throws IOException;
    }

    private EventJson() {
    }

    /** The JSON reader of the request path (proxy responses, authorizer answers); write with {@link #write}. */
    public static JSON json() {
        return POOLED;
    }

    /** The event as a map; empty when it is not a UTF-8 JSON object. */
    public static Optional<Map<String, Object>> read(byte[] event) {
        try {
            return Optional.ofNullable(POOLED.mapFrom(event));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * A proxy event as a map of the fields {@link RestApiEvents}, {@link HttpApiEvents} and
     * {@link ProxyIntegration} read, and only those: API Gateway's events carry many more (a REST
     * event's {@code requestContext.identity} alone has a dozen), and the router built a map entry
     * for each on every request. The fields left out are still parsed, so an event is readable
     * exactly when {@link #read} can read it: a UTF-8 JSON object, no key twice in any object,
     * whatever follows the object ignored; the fields kept have the values {@link #read} gives them.
     * Empty when it is not readable.
     */
    static Optional<Map<String, Object>> readProxyEvent(byte[] event) {
        try (JsonParser json = FACTORY.createParser(event)) {
            // jackson-jr refuses a key given twice in any object; the skipped ones are checked too.
            json.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
            return json.nextToken() == JsonToken.START_OBJECT
                    ? Optional.of(readObject(json, PROXY_EVENT_FIELDS))
                    : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Which fields of an object are kept: each name with the fields kept of its object, or null for all of them. */
    private record Fields(Map<String, Fields> kept) {

        static Fields of(String... names) {
            Map<String, Fields> kept = new HashMap<>();
            for (String name : names) {
                kept.put(name, null);
            }
            return new Fields(kept);
        }

        Fields with(String name, Fields nested) {
            kept.put(name, nested);
            return this;
        }
    }

    /** What the adapters read of a proxy event, payload 1.0 and 2.0 together; {@code requestContext.authorizer} whole. */
    private static final Fields PROXY_EVENT_FIELDS = Fields.of("version", "httpMethod", "path", "rawPath", "rawQueryString",
                    "headers", "multiValueHeaders", "queryStringParameters", "multiValueQueryStringParameters", "cookies",
                    "body", "isBase64Encoded")
            .with("requestContext", Fields.of("requestId", "stage", "authorizer")
                    .with("identity", Fields.of("sourceIp"))
                    .with("http", Fields.of("method", "path", "sourceIp")));

    /** The object the parser is at the start of; {@code fields} null keeps every field. */
    private static Map<String, Object> readObject(JsonParser json, Fields fields) throws IOException {
        Map<String, Object> map = new LinkedHashMap<>();
        for (String name = json.nextFieldName(); name != null; name = json.nextFieldName()) {
            JsonToken token = json.nextToken();
            if (fields == null) {
                map.put(name, readValue(json, token));
            } else if (fields.kept().containsKey(name)) {
                Fields nested = fields.kept().get(name);
                map.put(name, token == JsonToken.START_OBJECT && nested != null ? readObject(json, nested) : readValue(json, token));
            } else {
                json.skipChildren();
            }
        }
        return map;
    }

    /** A value as jackson-jr reads it into a map: maps, lists, strings, Integer, Long or BigInteger, Double, Boolean, null. */
    private static Object readValue(JsonParser json, JsonToken token) throws IOException {
        return switch (token) {
            case START_OBJECT -> readObject(json, null);
            case START_ARRAY -> {
                List<Object> list = new ArrayList<>();
                for (JsonToken element = json.nextToken(); element != JsonToken.END_ARRAY; element = json.nextToken()) {
                    list.add(readValue(json, element));
                }
                yield list;
            }
            case VALUE_STRING -> json.getText();
            case VALUE_NUMBER_INT -> json.getNumberValue();
            case VALUE_NUMBER_FLOAT -> json.getDoubleValue();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            default -> throw new IOException("unexpected " + token);
        };
    }

    /**
     * A response, an event or an authorizer's answer as JSON. Written into a stream, not with jackson-jr's
     * {@code asBytes}, which takes buffers from the pool and never gives them back.
     */
    public static byte[] write(Map<String, ?> json) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(2048);
        try {
            POOLED.write(json, out);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write event JSON", e);
        }
        return out.toByteArray();
    }

    /**
     * JSON written field by field with jackson-core's generator, from the same factory and pool as
     * {@link #write(Map)}, so the bytes are those jackson-jr would write for the same map: the proxy
     * response on every request, where building a map for jackson-jr to walk cost more than writing.
     */
    static byte[] write(Writer writer) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(2048);
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
            writer.writeTo(json);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write event JSON", e);
        }
        return out.toByteArray();
    }

    /** The id API Gateway gave the request ({@code requestContext.requestId}), or the fallback when there is none. */
    public static String requestId(Map<String, Object> event, String fallback) {
        String requestId = string(object(event, "requestContext"), "requestId");
        return requestId == null || requestId.isEmpty() ? fallback : requestId;
    }

    /**
     * The request's headers. Payload 1.0 has them twice: {@code multiValueHeaders} is read when present,
     * since {@code headers} keeps only the last of repeated ones. Payload 2.0 has only {@code headers},
     * with repeated ones comma-joined (and cookies apart, in {@code cookies}).
     */
    public static Headers headers(Map<String, Object> event, PayloadVersion version) {
        Map<String, List<String>> values = version == PayloadVersion.V1
                ? multiValue(event, "multiValueHeaders", "headers")
                : singleValues(stringMap(event, "headers"));
        Headers.Builder headers = Headers.builder();
        values.forEach((name, list) -> {
            try {
                headers.addAll(name, list);
            } catch (IllegalArgumentException e) {
                throw new MalformedEventException(e.getMessage());
            }
        });
        return headers.build();
    }

    public static String string(Map<String, Object> map, String field) {
        Object value = map == null ? null : map.get(field);
        if (value == null || value instanceof String) {
            return wellFormed(field, (String) value);
        }
        throw malformed(field, "a string", value);
    }

    static String requiredString(Map<String, Object> map, String field) {
        String value = string(map, field);
        if (value == null || value.isEmpty()) {
            throw new MalformedEventException("'" + field + "' is missing");
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
            wellFormed(field, entry.getKey());
            wellFormed(field, (String) entry.getValue());
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
            wellFormed(field, entry.getKey());
            if (entry.getValue() != null) {
                ((List<?>) entry.getValue()).forEach(element -> wellFormed(field, (String) element));
            }
        }
        @SuppressWarnings("unchecked")
        Map<String, List<String>> typed = (Map<String, List<String>>) (Map<String, ?>) raw;
        return typed;
    }

    /**
     * One of payload 1.0's pairs of maps, {@code multiValueHeaders} and {@code headers} or the query's: the
     * multi-value one when present, since the single-value one keeps only the last of repeated values.
     */
    static Map<String, List<String>> multiValue(Map<String, Object> event, String multiField, String singleField) {
        Map<String, List<String>> multi = listMap(event, multiField);
        if (multi.isEmpty()) {
            return singleValues(stringMap(event, singleField));
        }
        Map<String, List<String>> result = new LinkedHashMap<>();
        multi.forEach((name, values) -> {
            if (values != null) {
                result.put(name, withoutNulls(values));
            }
        });
        return result;
    }

    /** The values less the nulls, unmodifiable. A loop rather than a stream: it runs for each header and query name of every request. */
    private static List<String> withoutNulls(List<String> values) {
        List<String> kept = values;
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i) == null) {
                kept = new ArrayList<>(values.size());
                for (String value : values) {
                    if (value != null) {
                        kept.add(value);
                    }
                }
                break;
            }
        }
        return Collections.unmodifiableList(kept);
    }

    /** A single-value map as a multi-value one, null values left out. */
    static Map<String, List<String>> singleValues(Map<String, String> values) {
        Map<String, List<String>> result = new LinkedHashMap<>();
        values.forEach((name, value) -> {
            if (value != null) {
                result.put(name, List.of(value));
            }
        });
        return result;
    }

    static List<String> stringList(Map<String, Object> map, String field) {
        Object value = map == null ? null : map.get(field);
        if (value == null) {
            return List.of();
        }
        if (isStringList(value)) {
            @SuppressWarnings("unchecked")
            List<String> list = (List<String>) value;
            list.forEach(element -> wellFormed(field, element));
            return list;
        }
        throw malformed(field, "a list of strings", value);
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
            throw new MalformedEventException("'body' is marked isBase64Encoded but is not valid base64");
        }
    }

    /**
     * The value, unless it has a lone surrogate: a {@code \ud800} escape with no partner decodes to a
     * string no UTF-8 can carry, which API Gateway never sends; passed on, it became a {@code ?} in a
     * forwarded path or a failure inside the HTTP client.
     */
    private static String wellFormed(String field, String value) {
        if (value == null) {
            return null;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                    i++;
                } else {
                    throw new MalformedEventException("'" + field + "' is not valid Unicode: it has a lone surrogate");
                }
            }
        }
        return value;
    }

    private static boolean isStringList(Object value) {
        if (!(value instanceof List<?> list)) {
            return false;
        }
        for (Object element : list) {
            if (element != null && !(element instanceof String)) {
                return false;
            }
        }
        return true;
    }

    private static MalformedEventException malformed(String field, String expected, Object actual) {
        String type = actual instanceof String ? "a string" : actual instanceof Number ? "a number"
                : actual instanceof Boolean ? "a boolean" : actual instanceof List ? "an array" : "an object";
        return new MalformedEventException("'" + field + "' must be " + expected + ", was " + type);
    }
}
