package dev.lambassador.core.apigw;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The authorizer's output as flat strings. REST APIs put a Lambda authorizer's context (and
 * {@code principalId}) straight under {@code requestContext.authorizer}; HTTP APIs nest it under
 * {@code lambda}, and JWT authorizers under {@code jwt.claims}.
 */
final class AuthorizerContext {

    private AuthorizerContext() {
    }

    static Map<String, String> flatten(Map<String, Object> authorizer) {
        Map<String, String> flat = new LinkedHashMap<>();
        authorizer.forEach((key, value) -> {
            if (value instanceof Map<?, ?> nested && (key.equals("lambda") || key.equals("jwt"))) {
                Object claims = key.equals("jwt") ? nested.get("claims") : nested;
                if (claims instanceof Map<?, ?> map) {
                    map.forEach((k, v) -> putScalar(flat, String.valueOf(k), v));
                }
            } else {
                putScalar(flat, key, value);
            }
        });
        return flat;
    }

    private static void putScalar(Map<String, String> flat, String key, Object value) {
        if (value instanceof String || value instanceof Number || value instanceof Boolean) {
            flat.put(key, String.valueOf(value));
        }
    }
}
