package dev.lambassador.authorizer;

import dev.lambassador.core.Headers;
import dev.lambassador.core.apigw.EventJson;
import dev.lambassador.core.apigw.MalformedEventException;
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
    record Request(PayloadVersion version, String resource, Headers headers) {
    }

    private AuthorizerEvents() {
    }

    /**
     * Reads what the authorizer needs; headers are read as the router reads them ({@link EventJson}).
     *
     * @throws MalformedEventException when the event is not a REQUEST authorizer's, naming what is wrong
     */
    static Request parse(Map<String, Object> event) {
        PayloadVersion version = PayloadVersion.of(event);
        Object type = event.get("type");
        if (!"REQUEST".equals(type)) {
            throw new MalformedEventException(type == null
                    ? "no 'type'; this is not a REQUEST authorizer event"
                    : "'type' is " + LogSafe.value(String.valueOf(type)) + "; only REQUEST authorizers are supported (TOKEN ones cannot see x-api-key)");
        }
        if (version == PayloadVersion.V2) {
            return new Request(version, "", EventJson.headers(event, version));
        }
        String methodArn = EventJson.string(event, "methodArn");
        if (methodArn == null) {
            throw new MalformedEventException("no 'methodArn' string");
        }
        return new Request(version, stageResource(methodArn), EventJson.headers(event, version));
    }

    /**
     * The whole stage of a method ARN: {@code arn:aws:execute-api:REGION:ACCOUNT:API/STAGE/*}{@code /*}.
     * API Gateway may cache a policy under the caller's identity and reuse it for their other
     * routes, so allowing only the method asked for would refuse those from the cache.
     */
    static String stageResource(String methodArn) {
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
}
