package dev.lambassador.core.apigw;

import dev.lambassador.core.GatewayRequest;
import dev.lambassador.core.GatewayResponse;
import dev.lambassador.core.route.QueryString;
import dev.lambassador.core.Headers;
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
        Map<String, Object> context = EventJson.object(event, "requestContext");
        Map<String, Object> http = EventJson.object(context, "http");
        String path = EventJson.string(event, "rawPath");
        if (path == null || path.isEmpty()) {
            path = EventJson.requiredString(http, "path");
        }
        path = withoutStage(path, EventJson.string(context, "stage"));
        String rawQuery = EventJson.string(event, "rawQueryString");
        Map<String, List<String>> query;
        if (rawQuery == null || rawQuery.isEmpty()) {
            query = EventJson.singleValues(EventJson.stringMap(event, "queryStringParameters"));
            rawQuery = QueryString.encode(query);
        } else {
            query = QueryString.parse(rawQuery);
        }
        Headers.Builder headers = EventJson.headers(event, PayloadVersion.V2).toBuilder();
        List<String> cookies = EventJson.stringList(event, "cookies");
        if (!cookies.isEmpty()) {
            headers.set("Cookie", String.join("; ", cookies));
        }
        return new GatewayRequest(
                EventJson.requiredString(http, "method"),
                path,
                rawQuery,
                query,
                headers.build(),
                EventJson.body(event),
                EventJson.string(http, "sourceIp"),
                EventJson.requestId(event, fallbackRequestId),
                AuthorizerContext.flatten(EventJson.object(context, "authorizer")));
    }

    /**
     * The response as JSON: Set-Cookie values in {@code cookies} (left out when there are none), other
     * headers' values comma-joined in {@code headers}. Written straight from the response, with no map in between.
     */
    public static byte[] toResponse(GatewayResponse response) {
        return EventJson.write(json -> {
            json.writeStartObject();
            json.writeNumberField("statusCode", response.status());
            json.writeFieldName("headers");
            json.writeStartObject();
            for (Map.Entry<String, List<String>> header : response.headers().asMap().entrySet()) {
                if (!header.getKey().equalsIgnoreCase("Set-Cookie")) {
                    json.writeStringField(header.getKey(), String.join(",", header.getValue()));
                }
            }
            json.writeEndObject();
            List<String> cookies = response.headers().all("Set-Cookie");
            if (!cookies.isEmpty()) {
                json.writeFieldName("cookies");
                json.writeStartArray();
                for (String cookie : cookies) {
                    json.writeString(cookie);
                }
                json.writeEndArray();
            }
            ResponseBody body = ResponseBody.of(response.headers(), response.body());
            json.writeStringField("body", body.body());
            json.writeBooleanField("isBase64Encoded", body.base64());
            json.writeEndObject();
        });
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
