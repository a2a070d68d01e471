package dev.lambassador.authorizer;

import dev.lambassador.core.Headers;
import dev.lambassador.core.apigw.PayloadVersion;
import dev.lambassador.core.auth.Caller;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The two authorizer event formats, read as plain maps, and the answers each expects.
 *
 * <ul>
 *   <li>{@link PayloadVersion#V1}: REST API REQUEST authorizers (and HTTP API authorizers with payload
 *       format 1.0): {@code methodArn}, {@code headers}, {@code multiValueHeaders}, ...; answered
 *       with a principal, an IAM policy and a context, or refused with the error {@code Unauthorized}.</li>
 *   <li>{@link PayloadVersion#V2}: HTTP API authorizers with payload format 2.0 ({@code "version": "2.0"})
 *       and simple responses: {@code {"isAuthorized": ..., "context": {...}}}.</li>
 * </ul>
 */
final class AuthorizerEvents {

    /** What the authorizer needs from an event. */
    record Request(PayloadVersion version, String resource, Headers headers, String requestId) {
    }

    private AuthorizerEvents() {
    }

    /** The request id API Gateway gave the request, for log lines; the fallback when there is none. */
    static String requestId(Map<String, Object> event, String fallback) {
        return event.get("requestContext") instanceof Map<?, ?> context && context.get("requestId") instanceof String id && !id.isBlank()
                ? LogSafe.value(id)
                : fallback;
    }

    static Request parse(Map<String, Object> event, String fallbackRequestId) throws MalformedEventException {
        PayloadVersion version = PayloadVersion.of(event);
        Object type = event.get("type");
        if (!"REQUEST".equals(type)) {
            throw new MalformedEventException(type == null
                    ? "no 'type'; this is not a REQUEST authorizer event"
                    : "'type' is " + LogSafe.value(String.valueOf(type)) + "; only REQUEST authorizers are supported (TOKEN ones cannot see x-api-key)");
        }
        String requestId = requestId(event, fallbackRequestId);
        if (version == PayloadVersion.V2) {
            return new Request(version, "", headers(stringMap(event, "headers")), requestId);
        }
        if (!(event.get("methodArn") instanceof String methodArn)) {
            throw new MalformedEventException("no 'methodArn' string");
        }
        Map<String, List<String>> multiValue = listMap(event, "multiValueHeaders");
        Headers headers = multiValue.isEmpty() ? headers(stringMap(event, "headers")) : multiValueHeaders(multiValue);
        return new Request(version, stageResource(methodArn), headers, requestId);
    }

    /**
     * The whole stage of a method ARN: {@code arn:aws:execute-api:REGION:ACCOUNT:API/STAGE/*}{@code /*}.
     * API Gateway may cache a policy under the caller's identity and reuse it for their other
     * routes, so allowing only the method asked for would refuse those from the cache.
     */
    static String stageResource(String methodArn) throws MalformedEventException {
        String[] parts = methodArn.split(":", 6);
        if (parts.length != 6 || !parts[0].equals("arn") || parts[1].isEmpty() || !parts[2].equals("execute-api")
                || parts[3].isEmpty() || parts[4].isEmpty()) {
            throw new MalformedEventException("'methodArn' is not an execute-api ARN: " + LogSafe.value(methodArn));
        }
        String[] path = parts[5].split("/", 3);
        if (path.length < 2 || path[0].isEmpty() || path[1].isEmpty()) {
            throw new MalformedEventException("'methodArn' has no API id and stage: " + LogSafe.value(methodArn));
        }
        return String.join(":", parts[0], parts[1], parts[2], parts[3], parts[4], path[0] + "/" + path[1] + "/*/*");
    }

    static Map<String, Object> allowPolicy(Caller caller, String resource, String usageIdentifierKey) {
        Map<String, Object> statement = new LinkedHashMap<>();
        statement.put("Action", "execute-api:Invoke");
        statement.put("Effect", "Allow");
        statement.put("Resource", resource);
        Map<String, Object> policy = new LinkedHashMap<>();
        policy.put("Version", "2012-10-17");
        policy.put("Statement", List.of(statement));
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("principalId", caller.principalId());
        response.put("policyDocument", policy);
        response.put("context", caller.toContext());
        if (usageIdentifierKey != null) {
            // Lets usage plans meter API-key callers when the API's apiKeySource is AUTHORIZER.
            response.put("usageIdentifierKey", usageIdentifierKey);
        }
        return response;
    }

    static Map<String, Object> simpleAllow(Caller caller) {
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("isAuthorized", true);
        response.put("context", caller.toContext());
        return response;
    }

    static Map<String, Object> simpleDeny() {
        return Map.of("isAuthorized", false);
    }

    private static Headers headers(Map<String, String> values) throws MalformedEventException {
        Headers.Builder headers = Headers.builder();
        for (Map.Entry<String, String> entry : values.entrySet()) {
            if (entry.getValue() != null) {
                add(headers, entry.getKey(), List.of(entry.getValue()));
            }
        }
        return headers.build();
    }

    private static Headers multiValueHeaders(Map<String, List<String>> values) throws MalformedEventException {
        Headers.Builder headers = Headers.builder();
        for (Map.Entry<String, List<String>> entry : values.entrySet()) {
            if (entry.getValue() != null) {
                add(headers, entry.getKey(), entry.getValue().stream().filter(v -> v != null).toList());
            }
        }
        return headers.build();
    }

    private static void add(Headers.Builder headers, String name, List<String> values) throws MalformedEventException {
        try {
            headers.addAll(name, values);
        } catch (IllegalArgumentException e) {
            throw new MalformedEventException("header " + LogSafe.value(name) + ": " + LogSafe.message(e));
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> stringMap(Map<String, Object> event, String field) throws MalformedEventException {
        Object value = event.get(field);
        if (value == null) {
            return Map.of();
        }
        if (value instanceof Map<?, ?> map && map.values().stream().allMatch(v -> v == null || v instanceof String)) {
            return (Map<String, String>) map;
        }
        throw new MalformedEventException("'" + field + "' must be an object of strings");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, List<String>> listMap(Map<String, Object> event, String field) throws MalformedEventException {
        Object value = event.get(field);
        if (value == null) {
            return Map.of();
        }
        if (value instanceof Map<?, ?> map && map.values().stream().allMatch(v -> v == null
                || v instanceof List<?> list && list.stream().allMatch(e -> e == null || e instanceof String))) {
            return (Map<String, List<String>>) map;
        }
        throw new MalformedEventException("'" + field + "' must be an object of string lists");
    }
}
