package dev.lambassador.core.apigw;

import dev.lambassador.core.GatewayRequest;
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

/**
 * Writes the events API Gateway sends a function through a Lambda proxy integration, field for field
 * as AWS documents them: REST API events (payload 1.0) and HTTP API events (payload 2.0). The one
 * writer of events: the local gateway builds the router's events with it, and a route's
 * {@code lambda} backend the events of the functions it invokes, so a function sees the same shape
 * from both. {@link RestApiEvents} and {@link HttpApiEvents} read what this writes.
 */
public final class ProxyEvents {

    private static final DateTimeFormatter REQUEST_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT).withZone(ZoneOffset.UTC);

    /**
     * Where an event comes from: the API's account, id and stage.
     *
     * @param binaryBodies whether every body is binary to the API (a REST API with binary media type
     *                     {@code *}{@code /*}, as Lambassador deploys it), so that REST events carry
     *                     every body base64-encoded; otherwise textual bodies are text, as in HTTP API events
     */
    public record Api(String accountId, String apiId, String stage, boolean binaryBodies) {
    }

    /**
     * One request as the function is to see it.
     *
     * @param rawPath        percent-encoded, as the client sent it
     * @param rawQuery       percent-encoded, without '?'
     * @param headers        in the case the client wrote them, each with its values in order
     * @param resource       the REST API resource the request matched, such as {@code /{proxy+}} or {@code /orders/{id}}
     * @param pathParameters the resource's parameters, decoded; empty for none
     * @param authorizer     the authorizer's context; empty when no authorizer ran
     */
    public record Request(String method, String rawPath, String rawQuery, Map<String, List<String>> headers, byte[] body,
                          String sourceIp, String requestId, Instant time, String resource, Map<String, String> pathParameters,
                          Map<String, String> authorizer) {

        public Request {
            pathParameters = pathParameters == null ? Map.of() : pathParameters;
            authorizer = authorizer == null ? Map.of() : authorizer;
            body = body == null ? new byte[0] : body;
        }
    }

    private ProxyEvents() {
    }

    /** The event of one payload version. */
    public static Map<String, Object> of(PayloadVersion version, Request request, Api api) {
        return version == PayloadVersion.V1 ? restApi(request, api) : httpApi(request, api);
    }

    /** A REST API proxy event (payload 1.0), with both the single- and the multi-value maps. */
    public static Map<String, Object> restApi(Request request, Api api) {
        Map<String, List<String>> headers = request.headers();
        Map<String, String> singleHeaders = new LinkedHashMap<>();
        headers.forEach((name, values) -> singleHeaders.put(name, values.getLast()));
        Map<String, List<String>> query = QueryString.parse(request.rawQuery());
        Map<String, String> singleQuery = new LinkedHashMap<>();
        query.forEach((name, values) -> singleQuery.put(name, values.getLast()));

        Map<String, Object> identity = new LinkedHashMap<>();
        for (String field : List.of("accessKey", "accountId", "caller", "cognitoAuthenticationProvider",
                "cognitoAuthenticationType", "cognitoIdentityId", "cognitoIdentityPoolId", "principalOrgId")) {
            identity.put(field, null);
        }
        identity.put("sourceIp", request.sourceIp());
        identity.put("user", null);
        identity.put("userAgent", header(headers, "User-Agent"));
        identity.put("userArn", null);

        String host = host(headers);
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("accountId", api.accountId());
        context.put("apiId", api.apiId());
        if (!request.authorizer().isEmpty()) {
            context.put("authorizer", new LinkedHashMap<>(request.authorizer()));
        }
        context.put("domainName", host);
        context.put("domainPrefix", host.split("\\.")[0]);
        context.put("extendedRequestId", request.requestId());
        context.put("httpMethod", request.method());
        context.put("identity", identity);
        context.put("path", "/" + api.stage() + request.rawPath());
        context.put("protocol", "HTTP/1.1");
        context.put("requestId", request.requestId());
        context.put("requestTime", REQUEST_TIME.format(request.time()));
        context.put("requestTimeEpoch", request.time().toEpochMilli());
        context.put("resourceId", request.resource().equals("/") ? "root" : "proxy");
        context.put("resourcePath", request.resource());
        context.put("stage", api.stage());

        Map<String, Object> event = new LinkedHashMap<>();
        event.put("resource", request.resource());
        event.put("path", request.rawPath());
        event.put("httpMethod", request.method());
        event.put("headers", singleHeaders);
        event.put("multiValueHeaders", headers);
        event.put("queryStringParameters", query.isEmpty() ? null : singleQuery);
        event.put("multiValueQueryStringParameters", query.isEmpty() ? null : query);
        event.put("pathParameters", request.pathParameters().isEmpty() ? null : request.pathParameters());
        event.put("stageVariables", null);
        event.put("requestContext", context);
        byte[] body = request.body();
        boolean text = !api.binaryBodies() && MediaTypes.isText(header(headers, "Content-Type"));
        event.put("body", body.length == 0 ? null : text ? new String(body, StandardCharsets.UTF_8) : Base64.getEncoder().encodeToString(body));
        event.put("isBase64Encoded", body.length > 0 && !text);
        return event;
    }

    /**
     * An HTTP API event (payload 2.0) for the {@code $default} route: header names in lower case with
     * repeated values comma-joined, cookies apart in {@code cookies}, textual bodies as text.
     */
    public static Map<String, Object> httpApi(Request request, Api api) {
        Map<String, String> headers = new LinkedHashMap<>();
        List<String> cookies = new ArrayList<>();
        request.headers().forEach((name, values) -> {
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
        Map<String, List<String>> query = QueryString.parse(request.rawQuery());
        Map<String, String> joinedQuery = new LinkedHashMap<>();
        query.forEach((name, values) -> joinedQuery.put(name, String.join(",", values)));

        Map<String, Object> http = new LinkedHashMap<>();
        http.put("method", request.method());
        http.put("path", decoded(request.rawPath()));
        http.put("protocol", "HTTP/1.1");
        http.put("sourceIp", request.sourceIp());
        http.put("userAgent", headers.getOrDefault("user-agent", ""));

        String host = host(request.headers());
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("accountId", api.accountId());
        context.put("apiId", api.apiId());
        if (!request.authorizer().isEmpty()) {
            context.put("authorizer", Map.of("lambda", new LinkedHashMap<>(request.authorizer())));
        }
        context.put("domainName", host);
        context.put("domainPrefix", host.split("\\.")[0]);
        context.put("http", http);
        context.put("requestId", request.requestId());
        context.put("routeKey", "$default");
        context.put("stage", "$default");
        context.put("time", REQUEST_TIME.format(request.time()));
        context.put("timeEpoch", request.time().toEpochMilli());

        Map<String, Object> event = new LinkedHashMap<>();
        event.put("version", PayloadVersion.V2.value());
        event.put("routeKey", "$default");
        event.put("rawPath", request.rawPath());
        event.put("rawQueryString", request.rawQuery());
        if (!cookies.isEmpty()) {
            event.put("cookies", cookies);
        }
        event.put("headers", headers);
        if (!query.isEmpty()) {
            event.put("queryStringParameters", joinedQuery);
        }
        if (!request.pathParameters().isEmpty()) {
            event.put("pathParameters", request.pathParameters());
        }
        event.put("requestContext", context);
        if (request.body().length > 0) {
            boolean text = MediaTypes.isText(headers.getOrDefault("content-type", ""));
            event.put("body", text ? new String(request.body(), StandardCharsets.UTF_8) : Base64.getEncoder().encodeToString(request.body()));
            event.put("isBase64Encoded", !text);
        } else {
            event.put("isBase64Encoded", false);
        }
        return event;
    }

    private static String header(Map<String, List<String>> headers, String name) {
        for (Map.Entry<String, List<String>> header : headers.entrySet()) {
            if (header.getKey().equalsIgnoreCase(name) && !header.getValue().isEmpty()) {
                return header.getValue().getLast();
            }
        }
        return null;
    }

    private static String host(Map<String, List<String>> headers) {
        for (Map.Entry<String, List<String>> header : headers.entrySet()) {
            if (header.getKey().equalsIgnoreCase("Host") && !header.getValue().isEmpty()) {
                return GatewayRequest.withoutPort(header.getValue().getFirst());
            }
        }
        return "localhost";
    }

    private static String decoded(String raw) {
        String decoded = PercentCoding.decode(raw);
        return decoded == null ? raw : decoded;
    }
}
