package dev.lambassador.core.apigw;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lambassador.core.GatewayResponse;
import dev.lambassador.core.Headers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The proxy responses are written field by field; API Gateway must get the bytes it got when they were
 * maps written by jackson-jr: the same fields in the same order, escaped the same way. Seeded, so a
 * failure repeats.
 */
class ProxyResponseJsonTest {

    private static final List<String> NAMES = List.of("Content-Type", "Set-Cookie", "set-cookie", "Vary", "X-Quote_d", "X-Tilde~",
            "Cache-Control", "X-Empty");
    private static final List<String> TYPES = List.of("application/json", "text/plain; charset=utf-8", "image/png", "text/html");

    @Test
    void restResponsesAreTheBytesOfTheirMaps() {
        Random random = new Random(14);
        for (int i = 0; i < 2_000; i++) {
            GatewayResponse response = response(random);
            assertThat(new String(RestApiEvents.toResponse(response), StandardCharsets.UTF_8))
                    .as("response %d", i)
                    .isEqualTo(new String(EventJson.write(restMap(response)), StandardCharsets.UTF_8));
        }
    }

    @Test
    void httpResponsesAreTheBytesOfTheirMaps() {
        Random random = new Random(15);
        for (int i = 0; i < 2_000; i++) {
            GatewayResponse response = response(random);
            assertThat(new String(HttpApiEvents.toResponse(response), StandardCharsets.UTF_8))
                    .as("response %d", i)
                    .isEqualTo(new String(EventJson.write(httpMap(response)), StandardCharsets.UTF_8));
        }
    }

    @Test
    void anHttpResponseWithoutCookiesHasNoCookiesField() {
        byte[] written = HttpApiEvents.toResponse(new GatewayResponse(204, Headers.of("Vary", "Origin"), new byte[0]));

        assertThat(new String(written, StandardCharsets.UTF_8))
                .isEqualTo("{\"statusCode\":204,\"headers\":{\"Vary\":\"Origin\"},\"body\":\"\",\"isBase64Encoded\":false}");
    }

    @Test
    void aRestResponseWithoutHeadersHasAnEmptyMultiValueMap() {
        byte[] written = RestApiEvents.toResponse(new GatewayResponse(404, Headers.EMPTY, "nö".getBytes(StandardCharsets.UTF_8)));

        assertThat(new String(written, StandardCharsets.UTF_8))
                .isEqualTo("{\"statusCode\":404,\"multiValueHeaders\":{},\"body\":\"bsO2\",\"isBase64Encoded\":true}");
    }

    private static GatewayResponse response(Random random) {
        Headers.Builder headers = Headers.builder();
        int count = random.nextInt(6);
        for (int i = 0; i < count; i++) {
            String name = NAMES.get(random.nextInt(NAMES.size()));
            headers.add(name, name.equals("Content-Type") ? TYPES.get(random.nextInt(TYPES.size())) : text(random, HEADER_PIECES));
        }
        byte[] body = random.nextBoolean() ? text(random, BODY_PIECES).getBytes(StandardCharsets.UTF_8) : new byte[random.nextInt(40)];
        if (random.nextInt(4) == 0) {
            random.nextBytes(body);
        }
        return new GatewayResponse(100 + random.nextInt(500), headers.build(), body);
    }

    /** What a JSON writer must escape in a body: quotes, backslashes, control characters, non-ASCII, a pair outside the BMP. */
    private static final String[] BODY_PIECES = {"a", "=", "; Path=/", "\"", "\\", "\u0001", "\n", "\t", "é", "€", "\uD83D\uDE00",
        "\u2028", "/", " ", "{\"k\":1}"};
    /** What a header value may hold and a JSON writer must escape: quotes, backslashes, Latin-1 text. */
    private static final String[] HEADER_PIECES = {"a", "=", "; Path=/", "\"", "\\", "\t", "é", "/", " ", "<x>"};

    private static String text(Random random, String[] pieces) {
        StringBuilder text = new StringBuilder();
        int length = random.nextInt(12);
        for (int i = 0; i < length; i++) {
            text.append(pieces[random.nextInt(pieces.length)]);
        }
        return text.toString();
    }

    /** The REST response as it was built before: a map for jackson-jr. */
    private static Map<String, Object> restMap(GatewayResponse response) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("statusCode", response.status());
        Map<String, List<String>> headers = new LinkedHashMap<>();
        response.headers().forEach(headers::put);
        out.put("multiValueHeaders", headers);
        ResponseBody body = ResponseBody.of(response.headers(), response.body());
        out.put("body", body.body());
        out.put("isBase64Encoded", body.base64());
        return out;
    }

    /** The HTTP API response as it was built before. */
    private static Map<String, Object> httpMap(GatewayResponse response) {
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
}
