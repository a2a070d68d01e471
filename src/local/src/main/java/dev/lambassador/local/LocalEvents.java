package dev.lambassador.local;

import dev.lambassador.core.GatewayRequest;
import dev.lambassador.core.apigw.MediaTypes;
import dev.lambassador.core.apigw.PayloadVersion;
import dev.lambassador.core.route.PercentCoding;
import dev.lambassador.core.route.QueryString;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Builds the events API Gateway would send for an HTTP request, field for field as AWS documents
 * them: REST API proxy events (1.0) for a stage with the {@code /} and {@code /{proxy+}} resources
 * and binary media type {@code *}{@code /*}, which is how the deployed API is set up, and HTTP API
 * events (2.0) for the {@code $default} route.
 */
final class LocalEvents {

    static final String ACCOUNT_ID = "123456789012";
    static final String API_ID = "local";
    static final String STAGE = "local";

    private static final DateTimeFormatter REQUEST_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT).withZone(ZoneOffset.UTC);

    /** An HTTP request as the local server received it. */
    record HttpCall(String method, String rawPath, String rawQuery, Map<String, List<String>> headers,
                    byte[] body, String sourceIp, int port, String requestId, Instant time) {
    }

    private LocalEvents() {
    }

    static Map<String, Object> restApi(HttpCall call) {
        Map<String, List<String>> headers = withForwardingHeaders(call);
        Map<String, String> singleHeaders = new LinkedHashMap<>();
        headers.forEach((name, values) -> singleHeaders.put(name, values.getLast()));
        Map<String, List<String>> query = QueryString.parse(call.rawQuery());
        Map<String, String> singleQuery = new LinkedHashMap<>();
        query.forEach((name, values) -> singleQuery.put(name, values.getLast()));
        boolean root = call.rawPath().equals("/");

        Map<String, Object> identity = new LinkedHashMap<>();
        for (String field : List.of("accessKey", "accountId", "caller", "cognitoAuthenticationProvider",
                "cognitoAuthenticationType", "cognitoIdentityId", "cognitoIdentityPoolId", "principalOrgId")) {
            identity.put(field, null);
        }
        identity.put("sourceIp", call.sourceIp());
        identity.put("user", null);
        identity.put("userAgent", singleHeaders.get("User-Agent"));
        identity.put("userArn", null);

        Map<String, Object> context = new LinkedHashMap<>();
        context.put("accountId", ACCOUNT_ID);
        context.put("apiId", API_ID);
        context.put("domainName", host(call));
        context.put("domainPrefix", host(call).split("\\.")[0]);
        context.put("extendedRequestId", call.requestId());
        context.put("httpMethod", call.method());
        context.put("identity", identity);
        context.put("path", "/" + STAGE + call.rawPath());
        context.put("protocol", "HTTP/1.1");
        context.put("requestId", call.requestId());
        context.put("requestTime", REQUEST_TIME.format(call.time()));
        context.put("requestTimeEpoch", call.time().toEpochMilli());
        context.put("resourceId", root ? "root" : "proxy");
        context.put("resourcePath", root ? "/" : "/{proxy+}");
        context.put("stage", STAGE);

        Map<String, Object> event = new LinkedHashMap<>();
        event.put("resource", root ? "/" : "/{proxy+}");
        event.put("path", call.rawPath());
        event.put("httpMethod", call.method());
        event.put("headers", singleHeaders);
        event.put("multiValueHeaders", headers);
        event.put("queryStringParameters", query.isEmpty() ? null : singleQuery);
        event.put("multiValueQueryStringParameters", query.isEmpty() ? null : query);
        event.put("pathParameters", root ? null : Map.of("proxy", decoded(call.rawPath().substring(1))));
        event.put("stageVariables", null);
        event.put("requestContext", context);
        // With binary media type */* API Gateway hands every body to the function base64-encoded.
        event.put("body", call.body().length == 0 ? null : Base64.getEncoder().encodeToString(call.body()));
        event.put("isBase64Encoded", call.body().length > 0);
        return event;
    }

    static Map<String, Object> httpApi(HttpCall call) {
        Map<String, String> headers = new LinkedHashMap<>();
        List<String> cookies = new ArrayList<>();
        withForwardingHeaders(call).forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.equals("cookie")) {
                values.forEach(value -> {
                    for (String cookie : value.split(";")) {
                        if (!cookie.isBlank()) {
                            cookies.add(cookie.trim());
                        }
                    }
                });
            } else {
                headers.merge(lower, String.join(",", values), (a, b) -> a + "," + b);
            }
        });
        Map<String, List<String>> query = QueryString.parse(call.rawQuery());
        Map<String, String> joinedQuery = new LinkedHashMap<>();
        query.forEach((name, values) -> joinedQuery.put(name, String.join(",", values)));

        Map<String, Object> http = new LinkedHashMap<>();
        http.put("method", call.method());
        http.put("path", decoded(call.rawPath()));
        http.put("protocol", "HTTP/1.1");
        http.put("sourceIp", call.sourceIp());
        http.put("userAgent", headers.getOrDefault("user-agent", ""));

        Map<String, Object> context = new LinkedHashMap<>();
        context.put("accountId", ACCOUNT_ID);
        context.put("apiId", API_ID);
        context.put("domainName", host(call));
        context.put("domainPrefix", host(call).split("\\.")[0]);
        context.put("http", http);
        context.put("requestId", call.requestId());
        context.put("routeKey", "$default");
        context.put("stage", "$default");
        context.put("time", REQUEST_TIME.format(call.time()));
        context.put("timeEpoch", call.time().toEpochMilli());

        Map<String, Object> event = new LinkedHashMap<>();
        event.put("version", PayloadVersion.V2.value());
        event.put("routeKey", "$default");
        event.put("rawPath", call.rawPath());
        event.put("rawQueryString", call.rawQuery());
        if (!cookies.isEmpty()) {
            event.put("cookies", cookies);
        }
        event.put("headers", headers);
        if (!query.isEmpty()) {
            event.put("queryStringParameters", joinedQuery);
        }
        event.put("requestContext", context);
        if (call.body().length > 0) {
            String contentType = headers.getOrDefault("content-type", "");
            boolean text = MediaTypes.isText(contentType);
            event.put("body", text ? new String(call.body(), StandardCharsets.UTF_8) : Base64.getEncoder().encodeToString(call.body()));
            event.put("isBase64Encoded", !text);
        } else {
            event.put("isBase64Encoded", false);
        }
        return event;
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

    private static String host(HttpCall call) {
        for (Map.Entry<String, List<String>> header : call.headers().entrySet()) {
            if (header.getKey().equalsIgnoreCase("Host") && !header.getValue().isEmpty()) {
                return GatewayRequest.withoutPort(header.getValue().getFirst());
            }
        }
        return "localhost";
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
