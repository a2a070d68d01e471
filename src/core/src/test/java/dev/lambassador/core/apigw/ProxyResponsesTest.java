package dev.lambassador.core.apigw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lambassador.core.GatewayResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A function's answer read as API Gateway reads it. */
class ProxyResponsesTest {

    private static GatewayResponse read(String json, PayloadVersion version) throws Exception {
        return ProxyResponses.read(json.getBytes(StandardCharsets.UTF_8), version);
    }

    private static String refusal(String json, PayloadVersion version) {
        return assertThatThrownBy(() -> read(json, version)).isInstanceOf(ProxyResponses.MalformedResponseException.class)
                .actual().getMessage();
    }

    @Test
    void statusHeadersAndTextBodyAreRead() throws Exception {
        GatewayResponse response = read("""
                {"statusCode": 201, "headers": {"Content-Type": "application/json", "X-One": "a"},
                 "multiValueHeaders": {"x-one": ["b", "c"]}, "body": "{\\"id\\":7}", "isBase64Encoded": false}""", PayloadVersion.V1);

        assertThat(response.status()).isEqualTo(201);
        assertThat(response.headers().all("X-One")).containsExactly("b", "c");
        assertThat(response.headers().first("Content-Type")).contains("application/json");
        assertThat(response.bodyAsString()).isEqualTo("{\"id\":7}");
    }

    @Test
    void aBase64BodyIsDecodedAndCookiesBecomeSetCookie() throws Exception {
        GatewayResponse response = read("""
                {"statusCode": 200, "cookies": ["a=1", "b=2"], "body": "AP8=", "isBase64Encoded": true}""", PayloadVersion.V2);

        assertThat(response.body()).containsExactly(0, 0xff);
        assertThat(response.headers().all("Set-Cookie")).isEqualTo(List.of("a=1", "b=2"));
    }

    @Test
    void anHttpApiTakesOtherJsonAsA200ButARestApiDoesNot() throws Exception {
        GatewayResponse response = read("{\"id\": 7}", PayloadVersion.V2);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.headers().first("Content-Type")).contains("application/json");
        assertThat(response.bodyAsString()).isEqualTo("{\"id\": 7}");
        assertThat(refusal("{\"id\": 7}", PayloadVersion.V1)).isEqualTo("no statusCode");
    }

    @Test
    void whatIsNoProxyResponseIsRefusedSayingWhy() {
        assertThat(refusal("<html>", PayloadVersion.V2)).isEqualTo("not JSON");
        assertThat(refusal("{\"statusCode\": \"200\"}", PayloadVersion.V1)).startsWith("statusCode must be a whole number from 100 to 599");
        assertThat(refusal("{\"statusCode\": 99}", PayloadVersion.V1)).endsWith("was 99");
        assertThat(refusal("{\"statusCode\": 600}", PayloadVersion.V1)).endsWith("was 600");
        assertThat(refusal("{\"statusCode\": 200.5}", PayloadVersion.V1)).endsWith("was 200.5");
        assertThat(refusal("{\"statusCode\": 200, \"body\": {\"a\": 1}}", PayloadVersion.V1)).isEqualTo("body must be a string");
        assertThat(refusal("{\"statusCode\": 200, \"body\": \"%%\", \"isBase64Encoded\": true}", PayloadVersion.V1))
                .isEqualTo("body is marked isBase64Encoded but is not valid base64");
        assertThat(refusal("{\"statusCode\": 200, \"headers\": {\"a b\": \"1\"}}", PayloadVersion.V1)).startsWith("a header is not valid");
    }

    @Test
    void theEdgesOfTheStatusRangeAreStatuses() throws Exception {
        assertThat(read("{\"statusCode\": 100}", PayloadVersion.V1).status()).isEqualTo(100);
        assertThat(read("{\"statusCode\": 599}", PayloadVersion.V1).status()).isEqualTo(599);
        assertThat(read("{\"statusCode\": 204, \"body\": null}", PayloadVersion.V1).body()).isEmpty();
    }
}
