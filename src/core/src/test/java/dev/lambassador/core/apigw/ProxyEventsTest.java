package dev.lambassador.core.apigw;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lambassador.core.GatewayRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The events the writer makes are the ones the router reads: what goes in comes back out of
 * {@link RestApiEvents} and {@link HttpApiEvents} unchanged. (The local gateway's tests hold the
 * fields to API Gateway's samples.)
 */
@SuppressWarnings("unchecked")
class ProxyEventsTest {

    private static final ProxyEvents.Api TEXT = new ProxyEvents.Api("123456789012", "api", "prod", false);
    private static final ProxyEvents.Api BINARY = new ProxyEvents.Api("123456789012", "api", "prod", true);

    private static ProxyEvents.Request request(String contentType, byte[] body) {
        return new ProxyEvents.Request("PUT", "/orders/a%20b", "x=1&x=2&y=%C3%A9",
                Map.of("Content-Type", List.of(contentType), "Cookie", List.of("s=1; t=2"), "X-Multi", List.of("a", "b")),
                body, "198.51.100.7", "req-9", Instant.parse("2026-12-01T08:00:00Z"), "/orders/{id}", Map.of("id", "a b"),
                Map.of("principalId", "alice"));
    }

    @Test
    void aRestEventReadsBackAsTheRequestItWasWrittenFrom() {
        Map<String, Object> event = ProxyEvents.restApi(request("text/plain", "héllo".getBytes(StandardCharsets.UTF_8)), TEXT);

        GatewayRequest read = RestApiEvents.toRequest(event, "fallback");

        assertThat(read.method()).isEqualTo("PUT");
        assertThat(read.path()).isEqualTo("/orders/a%20b");
        assertThat(read.query()).isEqualTo(Map.of("x", List.of("1", "2"), "y", List.of("é")));
        assertThat(read.headers().all("X-Multi")).containsExactly("a", "b");
        assertThat(new String(read.body(), StandardCharsets.UTF_8)).isEqualTo("héllo");
        assertThat(read.sourceIp()).isEqualTo("198.51.100.7");
        assertThat(read.requestId()).isEqualTo("req-9");
        assertThat(read.authorizer()).isEqualTo(Map.of("principalId", "alice"));
        assertThat(event).containsEntry("isBase64Encoded", false).containsEntry("pathParameters", Map.of("id", "a b"));
        assertThat((Map<String, Object>) event.get("requestContext")).containsEntry("path", "/prod/orders/a%20b")
                .containsEntry("resourcePath", "/orders/{id}").containsEntry("requestTimeEpoch", 1_796_112_000_000L);
    }

    @Test
    void aRestApiWithBinaryBodiesCarriesEvenTextBase64() {
        Map<String, Object> event = ProxyEvents.restApi(request("text/plain", "héllo".getBytes(StandardCharsets.UTF_8)), BINARY);

        assertThat(event).containsEntry("isBase64Encoded", true);
        assertThat(new String(RestApiEvents.toRequest(event, "f").body(), StandardCharsets.UTF_8)).isEqualTo("héllo");
    }

    @Test
    void anHttpEventReadsBackAsTheRequestItWasWrittenFrom() {
        byte[] binary = {0, (byte) 0xff, 7};
        Map<String, Object> event = ProxyEvents.httpApi(request("application/octet-stream", binary), TEXT);

        GatewayRequest read = HttpApiEvents.toRequest(event, "fallback");

        assertThat(read.method()).isEqualTo("PUT");
        assertThat(read.path()).isEqualTo("/orders/a%20b");
        assertThat(read.query()).isEqualTo(Map.of("x", List.of("1", "2"), "y", List.of("é")));
        assertThat(read.headers().first("Cookie")).contains("s=1; t=2");
        assertThat(read.headers().first("X-Multi")).contains("a,b");
        assertThat(read.body()).containsExactly(binary);
        assertThat(read.authorizer()).isEqualTo(Map.of("principalId", "alice"));
        assertThat(event).containsEntry("cookies", List.of("s=1", "t=2")).containsEntry("isBase64Encoded", true);
    }

    @Test
    void aRequestWithoutBodyOrParametersLeavesThemOut() {
        ProxyEvents.Request bare = new ProxyEvents.Request("GET", "/", "", Map.of(), null, "::1", "r", Instant.EPOCH, "/", null, null);

        Map<String, Object> rest = ProxyEvents.of(PayloadVersion.V1, bare, TEXT);
        Map<String, Object> http = ProxyEvents.of(PayloadVersion.V2, bare, TEXT);

        assertThat(rest).containsEntry("body", null).containsEntry("isBase64Encoded", false).containsEntry("pathParameters", null)
                .containsEntry("queryStringParameters", null);
        assertThat((Map<String, Object>) rest.get("requestContext")).doesNotContainKey("authorizer").containsEntry("resourceId", "root")
                .containsEntry("domainName", "localhost");
        assertThat(http).doesNotContainKeys("body", "pathParameters", "queryStringParameters", "cookies")
                .containsEntry("isBase64Encoded", false).containsEntry("version", "2.0");
    }

    @Test
    void theFieldsAFunctionReadsBesideTheRequestAreFilledIn() {
        ProxyEvents.Request request = new ProxyEvents.Request("GET", "/orders/a%20b", "x=1&x=2",
                new java.util.LinkedHashMap<>(Map.of("Host", List.of("api.example.com:8443"), "User-Agent", List.of("curl/8", "curl/9")))
                        , null, "198.51.100.7", "req-9", Instant.EPOCH, "/orders/{id}", Map.of("id", "a b"), null);

        Map<String, Object> rest = ProxyEvents.restApi(request, TEXT);
        Map<String, Object> http = ProxyEvents.httpApi(request, TEXT);

        Map<String, Object> restContext = (Map<String, Object>) rest.get("requestContext");
        assertThat(restContext).containsEntry("domainName", "api.example.com").containsEntry("domainPrefix", "api");
        assertThat((Map<String, Object>) restContext.get("identity")).containsEntry("userAgent", "curl/9");
        Map<String, Object> httpContext = (Map<String, Object>) http.get("requestContext");
        assertThat((Map<String, Object>) httpContext.get("http")).containsEntry("path", "/orders/a b").containsEntry("userAgent", "curl/8,curl/9");
        assertThat(http).containsEntry("queryStringParameters", Map.of("x", "1,2"));
    }

    @Test
    void headersThatDifferOnlyInCaseAreOneHeaderInAnHttpEvent() {
        ProxyEvents.Request request = new ProxyEvents.Request("GET", "/", "", new java.util.LinkedHashMap<>(Map.of(
                "X-Tag", List.of("a"), "x-tag", List.of("b"))), null, "::1", "r", Instant.EPOCH, "/", null, null);

        Map<String, Object> headers = (Map<String, Object>) ProxyEvents.httpApi(request, TEXT).get("headers");

        assertThat(headers.get("x-tag")).asString().contains("a").contains("b").contains(",");
    }
}
