package dev.lambassador.authorizer;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Authorizer events as API Gateway sends them, and a way through the real handler. */
final class Events {

    static final String METHOD_ARN = "arn:aws:execute-api:eu-west-1:123456789012:abc123/prod/GET/orders/42";
    static final String STAGE_RESOURCE = "arn:aws:execute-api:eu-west-1:123456789012:abc123/prod/*/*";
    static final String ROUTE_ARN = "arn:aws:execute-api:eu-west-1:123456789012:xyz789/$default/GET/orders/42";

    private Events() {
    }

    /** A REST API REQUEST authorizer event with these headers (in both header maps, as API Gateway sends them). */
    static Map<String, Object> rest(Map<String, String> headers) {
        Map<String, List<String>> multiValue = new LinkedHashMap<>();
        headers.forEach((name, value) -> multiValue.put(name, List.of(value)));
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("type", "REQUEST");
        event.put("methodArn", METHOD_ARN);
        event.put("resource", "/orders/{id}");
        event.put("path", "/orders/42");
        event.put("httpMethod", "GET");
        event.put("headers", headers);
        event.put("multiValueHeaders", multiValue);
        event.put("requestContext", Map.of("requestId", "rest-request-1", "stage", "prod", "apiId", "abc123"));
        return event;
    }

    /** An HTTP API authorizer event, payload format 2.0. */
    static Map<String, Object> http(Map<String, String> headers) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("version", "2.0");
        event.put("type", "REQUEST");
        event.put("routeArn", ROUTE_ARN);
        event.put("identitySource", List.of());
        event.put("routeKey", "GET /orders/{id}");
        event.put("rawPath", "/orders/42");
        event.put("rawQueryString", "");
        event.put("headers", headers);
        event.put("requestContext", Map.of("requestId", "http-request-1", "stage", "$default", "apiId", "xyz789"));
        return event;
    }

    static Map<String, Object> invoke(AuthorizerHandler handler, Map<String, Object> event) {
        try {
            return invoke(handler, JSON.std.asBytes(event));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Through the Lambda entry point, as the runtime calls it (without a context). */
    static Map<String, Object> invoke(AuthorizerHandler handler, byte[] event) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            handler.handleRequest(new ByteArrayInputStream(event), out, null);
            return JSON.std.mapFrom(out.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
