package dev.lambassador.local;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The demo function that {@code lambassador dev} serves on its local function runtime, behind the
 * example route {@code /hello/{name}}: a Lambda proxy handler as any function behind API Gateway
 * would be. It greets the {@code name} path parameter and shows what it was invoked with: the
 * method, path, query, request id and the caller the authorizer found (a token's subject,
 * an API key's consumer, or anonymous).
 */
public final class DemoFunction implements RequestStreamHandler {

    /** The name the example routes invoke it by. */
    public static final String NAME = "lambassador-demo-hello";

    @Override
    @SuppressWarnings("unchecked")
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        Map<String, Object> event = JSON.std.mapFrom(input);
        boolean v2 = "2.0".equals(event.get("version"));
        Map<String, Object> requestContext = map(event.get("requestContext"));
        Map<String, Object> parameters = map(event.get("pathParameters"));
        Map<String, Object> authorizer = map(requestContext.get("authorizer"));
        if (v2) {
            authorizer = map(authorizer.get("lambda"));
        }
        Object name = parameters.getOrDefault("name", "world");

        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("message", "Hello, " + name + "!");
        answer.put("function", context.getFunctionName());
        answer.put("payload", v2 ? "2.0" : "1.0");
        answer.put("method", v2 ? map(requestContext.get("http")).get("method") : event.get("httpMethod"));
        answer.put("path", v2 ? event.get("rawPath") : event.get("path"));
        answer.put("query", v2 ? event.get("queryStringParameters") : event.get("multiValueQueryStringParameters"));
        answer.put("requestId", requestContext.get("requestId"));
        answer.put("caller", caller(authorizer));

        Map<String, Object> response = new LinkedHashMap<>();
        response.put("statusCode", 200);
        response.put("headers", Map.of("Content-Type", "application/json", "X-Served-By", context.getFunctionName()));
        response.put("body", JSON.std.with(JSON.Feature.PRETTY_PRINT_OUTPUT).asString(answer));
        response.put("isBase64Encoded", false);
        output.write(JSON.std.asBytes(response));
    }

    /** The subject of a token, else the consumer of an API key, else anonymous: the gateway's authorizer context keys. */
    private static String caller(Map<String, Object> authorizer) {
        for (String key : new String[] {"subject", "consumer"}) {
            if (authorizer.get(key) instanceof String value && !value.isEmpty()) {
                return value;
            }
        }
        return "anonymous";
    }

    private static Map<String, Object> map(Object value) {
        @SuppressWarnings("unchecked")
        Map<String, Object> map = value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
        return map;
    }
}
