package dev.lambassador.core.apigw;

import dev.lambassador.core.GatewayResponse;
import dev.lambassador.core.Headers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Reads a function's Lambda proxy response the way API Gateway reads it: {@code statusCode},
 * {@code headers} and {@code multiValueHeaders} (the latter winning for a name in both),
 * {@code cookies} (payload 2.0) as Set-Cookie, and {@code body}, base64-decoded when
 * {@code isBase64Encoded}. An HTTP API (payload 2.0) takes an answer without {@code statusCode} as a
 * 200 whose body is that JSON; a REST API refuses it. The one reader of proxy responses: the local
 * gateway reads the router's answers with it, and a route's {@code lambda} backend its functions'.
 */
public final class ProxyResponses {

    /** An answer that is not a proxy response; the message says what is wrong with it. */
    public static final class MalformedResponseException extends Exception {
        MalformedResponseException(String message) {
            super(message);
        }
    }

    private ProxyResponses() {
    }

    /** @throws MalformedResponseException when API Gateway would answer the client 502 for this output */
    public static GatewayResponse read(byte[] output, PayloadVersion version) throws MalformedResponseException {
        Object parsed;
        try {
            parsed = EventJson.json().anyFrom(output);
        } catch (IOException | RuntimeException e) {
            throw new MalformedResponseException("not JSON");
        }
        if (!(parsed instanceof Map<?, ?> map) || !map.containsKey("statusCode")) {
            if (version == PayloadVersion.V2 && parsed != null) {
                return new GatewayResponse(200, Headers.of("Content-Type", "application/json"), output);
            }
            throw new MalformedResponseException("no statusCode");
        }
        if (!(map.get("statusCode") instanceof Number number) || number.doubleValue() != number.intValue()
                || number.intValue() < 100 || number.intValue() > 599) {
            throw new MalformedResponseException("statusCode must be a whole number from 100 to 599, was " + map.get("statusCode"));
        }
        Headers.Builder headers = Headers.builder();
        try {
            if (map.get("headers") instanceof Map<?, ?> single) {
                single.forEach((name, value) -> {
                    if (value != null) {
                        headers.set(String.valueOf(name), String.valueOf(value));
                    }
                });
            }
            if (map.get("multiValueHeaders") instanceof Map<?, ?> multi) {
                multi.forEach((name, values) -> {
                    if (values instanceof List<?> list) {
                        headers.remove(String.valueOf(name)).addAll(String.valueOf(name), strings(list));
                    }
                });
            }
            if (map.get("cookies") instanceof List<?> cookies && !cookies.isEmpty()) {
                headers.addAll("Set-Cookie", strings(cookies));
            }
        } catch (IllegalArgumentException e) {
            throw new MalformedResponseException("a header is not valid: " + e.getMessage());
        }
        return new GatewayResponse(number.intValue(), headers.build(), body(map));
    }

    private static byte[] body(Map<?, ?> map) throws MalformedResponseException {
        Object body = map.get("body");
        if (body == null) {
            return new byte[0];
        }
        if (!(body instanceof String text)) {
            throw new MalformedResponseException("body must be a string");
        }
        if (!Boolean.TRUE.equals(map.get("isBase64Encoded"))) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new MalformedResponseException("body is marked isBase64Encoded but is not valid base64");
        }
    }

    private static List<String> strings(List<?> values) {
        List<String> strings = new ArrayList<>(values.size());
        for (Object value : values) {
            if (value != null) {
                strings.add(String.valueOf(value));
            }
        }
        return strings;
    }
}
