package dev.lambassador.core;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A request as the gateway sees it, independent of the API Gateway payload version it came in.
 *
 * @param method      upper-case HTTP method
 * @param path        the request path as the client sent it, without the stage, still percent-encoded
 * @param rawQuery    the query string without '?', percent-encoded, empty when there is none
 * @param query       decoded query parameters, in arrival order
 * @param headers     request headers, cookies included as a Cookie header
 * @param body        the request body, empty when there is none
 * @param sourceIp    the client's address as API Gateway saw it
 * @param requestId   API Gateway's request id (or one generated locally)
 * @param authorizer  the authorizer's context for this request, empty when there is no authorizer
 */
public record GatewayRequest(
        String method,
        String path,
        String rawQuery,
        Map<String, List<String>> query,
        Headers headers,
        byte[] body,
        String sourceIp,
        String requestId,
        Map<String, String> authorizer) {

    private static final byte[] NO_BODY = new byte[0];

    public GatewayRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        rawQuery = rawQuery == null ? "" : rawQuery;
        query = query == null ? Map.of() : query;
        headers = headers == null ? Headers.EMPTY : headers;
        body = body == null ? NO_BODY : body;
        sourceIp = sourceIp == null ? "" : sourceIp;
        requestId = requestId == null ? "" : requestId;
        authorizer = authorizer == null ? Map.of() : Map.copyOf(authorizer);
    }

    /** The Host the client addressed, without a port, or empty. */
    public String host() {
        return withoutPort(headers.first("Host").orElse(""));
    }

    /** {@code example.com:8080} to {@code example.com}; IPv6 literals such as {@code [::1]:80} keep their brackets. */
    public static String withoutPort(String host) {
        int colon = host.lastIndexOf(':');
        return colon > 0 && host.indexOf(']') < colon ? host.substring(0, colon) : host;
    }

    public GatewayRequest withPath(String newPath) {
        return new GatewayRequest(method, newPath, rawQuery, query, headers, body, sourceIp, requestId, authorizer);
    }

    /** @param newRawQuery percent-encoded, without '?'; the decoded parameters are read from it */
    public GatewayRequest withRawQuery(String newRawQuery) {
        return new GatewayRequest(method, path, newRawQuery, dev.lambassador.core.route.QueryString.parse(newRawQuery), headers, body,
                sourceIp, requestId, authorizer);
    }

    public GatewayRequest withBody(byte[] newBody) {
        return new GatewayRequest(method, path, rawQuery, query, headers, newBody, sourceIp, requestId, authorizer);
    }

    public GatewayRequest withHeaders(Headers newHeaders) {
        return new GatewayRequest(method, path, rawQuery, query, newHeaders, body, sourceIp, requestId, authorizer);
    }

}
