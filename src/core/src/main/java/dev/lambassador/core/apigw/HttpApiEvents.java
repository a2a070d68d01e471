package dev.lambassador.core.apigw;

import dev.lambassador.core.GatewayRequest;
import dev.lambassador.core.GatewayResponse;
import dev.lambassador.core.route.QueryString;
import dev.lambassador.core.Headers;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * HTTP API, payload format 2.0 ({@code APIGatewayV2HTTPEvent} and {@code APIGatewayV2HTTPResponse}).
 * Cookies arrive in {@code cookies} and leave in {@code cookies}; other repeated headers are
 * comma-joined, as the format requires.
 */
public final class HttpApiEvents {

    private HttpApiEvents() {
    }

    public static GatewayRequest toRequest(Map<String, Object> event, String fallbackRequestId) {
        Map<String, Object> context = EventFields.object(event, "requestContext");
        Map<String, Object> http = EventFields.object(context, "http");
        String path = EventFields.string(event, "rawPath");
        if (path == null || path.isEmpty()) {
            path = EventFields.requiredString(http, "path");
        }
        path = withoutStage(path, EventFields.string(context, "stage"));
        String rawQuery = EventFields.string(event, "rawQueryString");
        Map<String, List<String>> query;
        if (rawQuery == null || rawQuery.isEmpty()) {
            query = singleValues(EventFields.stringMap(event, "queryStringParameters"));
            rawQuery = QueryString.encode(query);
        } else {
            query = QueryString.parse(rawQuery);
        }
        Headers.Builder headers = EventFields.headers(singleValues(EventFields.stringMap(event, "headers"))).toBuilder();
        List<String> cookies = EventFields.stringList(event, "cookies");
        if (!cookies.isEmpty()) {
            headers.set("Cookie", String.join("; ", cookies));
        }
        String requestId = EventFields.string(context, "requestId");
        return new GatewayRequest(
                EventFields.requiredString(http, "method"),
                path,
                rawQuery,
                query,
                headers.build(),
                EventFields.body(event),
                EventFields.string(http, "sourceIp"),
                requestId == null || requestId.isEmpty() ? fallbackRequestId : requestId,
                AuthorizerContext.flatten(EventFields.object(context, "authorizer")));
    }

    public static Map<String, Object> toResponse(GatewayResponse response) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("statusCode", response.status());
        Map<String, String> headers = new LinkedHashMap<>();
        List<String> cookies = new ArrayList<>();
        response.headers().forEach((name, values) -> {
            if (name.equalsIgnoreCase("Set-Cookie")) {
                cookies.addAll(values);
            } else {
                headers.put(name, String.join(",", values));
            }
        });
        out.put("headers", headers);
        if (!cookies.isEmpty()) {
            out.put("cookies", cookies);
        }
        ResponseBody body = ResponseBody.of(response.headers(), response.body());
        out.put("body", body.body());
        out.put("isBase64Encoded", body.base64());
        return out;
    }

    private static Map<String, List<String>> singleValues(Map<String, String> values) {
        Map<String, List<String>> result = new LinkedHashMap<>();
        values.forEach((name, value) -> {
            if (value != null) {
                result.put(name, List.of(value));
            }
        });
        return result;
    }

    /** A named stage (not {@code $default}) leads the path of an HTTP API event: {@code /prod/orders}. */
    private static String withoutStage(String path, String stage) {
        if (stage == null || stage.isEmpty() || stage.equals("$default")) {
            return path;
        }
        String prefix = "/" + stage;
        if (path.equals(prefix)) {
            return "/";
        }
        return path.startsWith(prefix + "/") ? path.substring(prefix.length()) : path;
    }
}
