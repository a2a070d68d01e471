package dev.lambassador.local;

import dev.lambassador.core.apigw.PayloadVersion;
import dev.lambassador.core.apigw.ProxyEvents;
import dev.lambassador.core.route.PercentCoding;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Builds the events API Gateway would send for an HTTP request, with {@link ProxyEvents}: REST API
 * proxy events (1.0) for a stage with the {@code /} and {@code /{proxy+}} resources and binary media
 * type {@code *}{@code /*}, which is how the deployed API is set up, and HTTP API events (2.0) for the
 * {@code $default} route; and the authorizer events that go before them.
 */
final class LocalEvents {

    static final String ACCOUNT_ID = "123456789012";
    static final String API_ID = "local";
    static final String STAGE = "local";

    /** With binary media type {@code *}{@code /*}, as the deployed REST API has: every body reaches the function base64-encoded. */
    private static final ProxyEvents.Api API = new ProxyEvents.Api(ACCOUNT_ID, API_ID, STAGE, true);

    /** An HTTP request as the local server received it. */
    record HttpCall(String method, String rawPath, String rawQuery, Map<String, List<String>> headers,
                    byte[] body, String sourceIp, int port, String requestId, Instant time) {
    }

    private LocalEvents() {
    }

    static Map<String, Object> restApi(HttpCall call) {
        boolean root = call.rawPath().equals("/");
        return ProxyEvents.restApi(request(call, root ? "/" : "/{proxy+}",
                root ? Map.of() : Map.of("proxy", decoded(call.rawPath().substring(1)))), API);
    }

    /** The {@code $default} route has no path parameters. */
    static Map<String, Object> httpApi(HttpCall call) {
        return ProxyEvents.httpApi(request(call, "$default", Map.of()), API);
    }

    /** The call as API Gateway passes it on, the X-Forwarded headers added. */
    private static ProxyEvents.Request request(HttpCall call, String resource, Map<String, String> pathParameters) {
        return new ProxyEvents.Request(call.method(), call.rawPath(), call.rawQuery(), withForwardingHeaders(call), call.body(),
                call.sourceIp(), call.requestId(), call.time(), resource, pathParameters, Map.of());
    }

    /**
     * A REST API REQUEST authorizer event: the proxy event's request fields without the body, and
     * the ARN of the method called.
     */
    static Map<String, Object> restAuthorizer(HttpCall call) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("type", "REQUEST");
        event.put("methodArn", methodArn(call, PayloadVersion.V1));
        event.putAll(restApi(call));
        event.remove("body");
        event.remove("isBase64Encoded");
        return event;
    }

    /** An HTTP API Lambda authorizer event, payload format 2.0, with the identity source values it was asked for. */
    static Map<String, Object> httpAuthorizer(HttpCall call, List<String> identitySource) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("version", PayloadVersion.V2.value());
        event.put("type", "REQUEST");
        event.put("routeArn", methodArn(call, PayloadVersion.V2));
        event.put("identitySource", identitySource);
        event.putAll(httpApi(call));
        event.remove("body");
        event.remove("isBase64Encoded");
        return event;
    }

    /** The ARN a policy is evaluated against: the REST stage's method, or the HTTP API's route. */
    static String methodArn(HttpCall call, PayloadVersion version) {
        String stage = version == PayloadVersion.V1 ? STAGE : "$default";
        return "arn:aws:execute-api:us-east-1:" + ACCOUNT_ID + ":" + API_ID + "/" + stage + "/" + call.method() + call.rawPath();
    }

    /** The client's headers in canonical case, with the X-Forwarded headers API Gateway sets (the address appended). */
    private static Map<String, List<String>> withForwardingHeaders(HttpCall call) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        call.headers().forEach((name, values) -> headers.merge(canonical(name), values,
                (a, b) -> Stream.concat(a.stream(), b.stream()).toList()));
        List<String> forwardedFor = headers.getOrDefault("X-Forwarded-For", List.of());
        headers.put("X-Forwarded-For", List.of(forwardedFor.isEmpty()
                ? call.sourceIp()
                : String.join(", ", forwardedFor) + ", " + call.sourceIp()));
        headers.put("X-Forwarded-Port", List.of(String.valueOf(call.port())));
        headers.put("X-Forwarded-Proto", List.of("http"));
        return headers;
    }

    /** The JDK server reports header names as "Content-type"; clients and API Gateway say "Content-Type". */
    static String canonical(String name) {
        StringBuilder out = new StringBuilder(name.length());
        boolean upper = true;
        for (char c : name.toCharArray()) {
            out.append(upper ? Character.toUpperCase(c) : Character.toLowerCase(c));
            upper = c == '-';
        }
        return out.toString();
    }

    private static String decoded(String raw) {
        String decoded = PercentCoding.decode(raw);
        return decoded == null ? raw : decoded;
    }
}
