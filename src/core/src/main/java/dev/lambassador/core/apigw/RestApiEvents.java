package dev.lambassador.core.apigw;

import dev.lambassador.core.GatewayRequest;
import dev.lambassador.core.GatewayResponse;
import dev.lambassador.core.route.QueryString;
import java.util.List;
import java.util.Map;

/**
 * REST API proxy integration, payload format 1.0 ({@code APIGatewayProxyRequestEvent} and
 * {@code APIGatewayProxyResponseEvent}). Reads {@code multiValueHeaders} and
 * {@code multiValueQueryStringParameters} first, since the single-value maps keep only the last value.
 * API Gateway passes the query decoded and grouped by name, so the backend gets it re-encoded,
 * in name order of first appearance: {@code a=1&b=2&a=3} arrives as {@code a=1&a=3&b=2}.
 */
public final class RestApiEvents {

    private RestApiEvents() {
    }

    public static GatewayRequest toRequest(Map<String, Object> event, String fallbackRequestId) {
        Map<String, Object> context = EventJson.object(event, "requestContext");
        Map<String, List<String>> query = EventJson.multiValue(event, "multiValueQueryStringParameters", "queryStringParameters");
        return new GatewayRequest(
                EventJson.requiredString(event, "httpMethod"),
                EventJson.requiredString(event, "path"),
                QueryString.encode(query),
                query,
                EventJson.headers(event, PayloadVersion.V1),
                EventJson.body(event),
                EventJson.string(EventJson.object(context, "identity"), "sourceIp"),
                EventJson.requestId(event, fallbackRequestId),
                AuthorizerContext.flatten(EventJson.object(context, "authorizer")));
    }

    /**
     * The response as JSON; headers go in {@code multiValueHeaders} only, so repeated ones such as
     * Set-Cookie survive. Written straight from the response, with no map in between.
     */
    public static byte[] toResponse(GatewayResponse response) {
        return EventJson.write(json -> {
            json.writeStartObject();
            json.writeNumberField("statusCode", response.status());
            json.writeFieldName("multiValueHeaders");
            json.writeStartObject();
            for (Map.Entry<String, List<String>> header : response.headers().asMap().entrySet()) {
                json.writeFieldName(header.getKey());
                json.writeStartArray();
                for (String value : header.getValue()) {
                    json.writeString(value);
                }
                json.writeEndArray();
            }
            json.writeEndObject();
            ResponseBody body = ResponseBody.of(response.headers(), response.body());
            json.writeStringField("body", body.body());
            json.writeBooleanField("isBase64Encoded", body.base64());
            json.writeEndObject();
        });
    }
}
