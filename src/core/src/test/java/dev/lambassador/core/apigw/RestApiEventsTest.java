package dev.lambassador.core.apigw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.lambassador.core.GatewayException;
import dev.lambassador.core.GatewayRequest;
import dev.lambassador.core.GatewayResponse;
import dev.lambassador.core.Headers;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RestApiEventsTest {

    private static Map<String, Object> event(String json) throws Exception {
        return JSON.std.mapFrom(json);
    }

    @Test
    void multiValueMapsWinOverSingleValueOnes() throws Exception {
        GatewayRequest request = RestApiEvents.toRequest(event("""
                {"httpMethod":"GET","path":"/orders",
                 "headers":{"Accept":"text/plain"},
                 "multiValueHeaders":{"Accept":["application/json","text/plain"],"X-Empty":null},
                 "queryStringParameters":{"tag":"b"},
                 "multiValueQueryStringParameters":{"tag":["a","b"],"q":["x y&z"]},
                 "requestContext":{"requestId":"req-1","identity":{"sourceIp":"203.0.113.9"}}}
                """), "fallback");

        assertThat(request.method()).isEqualTo("GET");
        assertThat(request.headers().all("accept")).containsExactly("application/json", "text/plain");
        assertThat(request.query()).containsEntry("tag", List.of("a", "b"));
        assertThat(request.rawQuery()).isEqualTo("tag=a&tag=b&q=x%20y%26z");
        assertThat(request.requestId()).isEqualTo("req-1");
        assertThat(request.sourceIp()).isEqualTo("203.0.113.9");
    }

    @Test
    void nullValuesInMultiValueListsAreLeftOutAndTheListsCannotBeChanged() throws Exception {
        GatewayRequest request = RestApiEvents.toRequest(event("""
                {"httpMethod":"GET","path":"/orders",
                 "multiValueHeaders":{"Accept":[null,"application/json",null,"text/plain"],"X-One":["1"]},
                 "multiValueQueryStringParameters":{"tag":["a",null,"b"],"q":["x"]}}
                """), "fallback");

        assertThat(request.headers().all("accept")).containsExactly("application/json", "text/plain");
        assertThat(request.headers().all("x-one")).containsExactly("1");
        assertThat(request.query()).containsEntry("tag", List.of("a", "b")).containsEntry("q", List.of("x"));
        assertThat(request.rawQuery()).isEqualTo("tag=a&tag=b&q=x");
        assertThatThrownBy(() -> request.query().get("q").add("y")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> request.query().get("tag").add("y")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void nullMapsAndMissingContextAreEmpty() throws Exception {
        GatewayRequest request = RestApiEvents.toRequest(event("""
                {"httpMethod":"GET","path":"/","headers":null,"multiValueHeaders":null,
                 "queryStringParameters":null,"multiValueQueryStringParameters":null,
                 "body":null,"isBase64Encoded":false,"requestContext":null}
                """), "fallback");

        assertThat(request.headers().isEmpty()).isTrue();
        assertThat(request.query()).isEmpty();
        assertThat(request.body()).isEmpty();
        assertThat(request.requestId()).isEqualTo("fallback");
    }

    @Test
    void base64BodyIsDecodedBinarySafe() throws Exception {
        byte[] binary = {0, (byte) 0xff, (byte) 0xfe, 10, 13};
        GatewayRequest request = RestApiEvents.toRequest(event("""
                {"httpMethod":"POST","path":"/upload","isBase64Encoded":true,"body":"%s"}
                """.formatted(Base64.getEncoder().encodeToString(binary))), "id");

        assertThat(request.body()).containsExactly(binary);
    }

    @Test
    void textBodyIsUtf8() throws Exception {
        GatewayRequest request = RestApiEvents.toRequest(event("""
                {"httpMethod":"POST","path":"/x","body":"héllo"}
                """), "id");

        assertThat(new String(request.body(), StandardCharsets.UTF_8)).isEqualTo("héllo");
    }

    @Test
    void authorizerContextIsFlattenedToStrings() throws Exception {
        GatewayRequest request = RestApiEvents.toRequest(event("""
                {"httpMethod":"GET","path":"/x","requestContext":{"authorizer":
                  {"principalId":"alice","scopes":"orders:read","plan":"gold","count":3,"nested":{"no":1}}}}
                """), "id");

        assertThat(request.authorizer()).containsEntry("principalId", "alice")
                .containsEntry("count", "3").doesNotContainKey("nested");
    }

    @Test
    void wrongFieldTypesAreNamedIn400() {
        assertThatThrownBy(() -> RestApiEvents.toRequest(event("{\"httpMethod\":\"GET\",\"path\":\"/\",\"headers\":\"x\"}"), "id"))
                .isInstanceOfSatisfying(GatewayException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.getMessage()).contains("'headers' must be an object");
                });
        assertThatThrownBy(() -> RestApiEvents.toRequest(event("{\"path\":\"/\"}"), "id"))
                .hasMessageContaining("'httpMethod' is missing");
        assertThatThrownBy(() -> RestApiEvents.toRequest(event(
                "{\"httpMethod\":\"GET\",\"path\":\"/\",\"multiValueHeaders\":{\"a\":[1]}}"), "id"))
                .hasMessageContaining("'multiValueHeaders.a' must be a list of strings");
        assertThatThrownBy(() -> RestApiEvents.toRequest(event(
                "{\"httpMethod\":\"POST\",\"path\":\"/\",\"isBase64Encoded\":true,\"body\":\"***\"}"), "id"))
                .hasMessageContaining("not valid base64");
    }

    @Test
    void responseUsesMultiValueHeadersAndBase64ForBinary() throws Exception {
        GatewayResponse response = new GatewayResponse(201,
                Headers.of("Set-Cookie", "a=1", "Set-Cookie", "b=2", "Content-Type", "image/png"), new byte[] {1, 2, (byte) 0x89});

        Map<String, Object> out = JSON.std.mapFrom(RestApiEvents.toResponse(response));

        assertThat(out).containsEntry("statusCode", 201).containsEntry("isBase64Encoded", true)
                .containsEntry("body", Base64.getEncoder().encodeToString(new byte[] {1, 2, (byte) 0x89}))
                .doesNotContainKey("headers");
        assertThat(out.get("multiValueHeaders")).isEqualTo(Map.of("Content-Type", List.of("image/png"), "Set-Cookie", List.of("a=1", "b=2")));
    }

    @Test
    void textResponseStaysText() throws Exception {
        GatewayResponse response = new GatewayResponse(200,
                Headers.of("Content-Type", "application/json; charset=utf-8"), "{\"é\":1}".getBytes(StandardCharsets.UTF_8));

        Map<String, Object> out = JSON.std.mapFrom(RestApiEvents.toResponse(response));

        assertThat(out).containsEntry("body", "{\"é\":1}").containsEntry("isBase64Encoded", false);
    }

    @Test
    void textTypedResponseThatIsNotUtf8IsBase64() throws Exception {
        GatewayResponse response = new GatewayResponse(200, Headers.of("Content-Type", "text/plain"), new byte[] {(byte) 0xc3});

        assertThat(JSON.std.mapFrom(RestApiEvents.toResponse(response))).containsEntry("isBase64Encoded", true);
    }
}
