package dev.lambassador.core.backend;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.lambassador.core.Gateway;
import dev.lambassador.core.GatewayRequest;
import dev.lambassador.core.GatewayResponse;
import dev.lambassador.core.Headers;
import dev.lambassador.core.route.RouteTable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class HttpForwarderTest {

    @RegisterExtension
    static final WireMockExtension backend = WireMockExtension.newInstance()
            .options(options().dynamicPort().bindAddress("127.0.0.1")).build();

    private static Gateway gateway(String backendUrl, String path, int timeoutMs) {
        RouteTable.Compiled compiled = RouteTable.compileItems(List.of(Map.of(
                "id", "r", "path", path, "backend", backendUrl, "timeoutMs", timeoutMs)));
        assertThat(compiled.rejected()).isEmpty();
        return Gateway.builder().routes(compiled.table()).build();
    }

    private static GatewayRequest request(String method, String path, String rawQuery, Headers headers, String body) {
        return new GatewayRequest(method, path, rawQuery, Map.of(), headers, body.getBytes(StandardCharsets.UTF_8),
                "203.0.113.9", "req-42", Map.of());
    }

    @Test
    void pathQueryHeadersAndBodyReachTheBackend() {
        backend.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(201).withBody("created")));
        Gateway gateway = gateway(backend.baseUrl() + "/v2/orders/{id}", "/orders/{id}", 2000);

        GatewayResponse response = gateway.handle(request("POST", "/orders/a%20b", "x=1&y=%2F",
                Headers.of("Host", "api.example.com", "Content-Type", "application/json", "X-Custom", "one", "X-Custom", "two",
                        "Connection", "keep-alive, X-Hop", "X-Hop", "secret", "Keep-Alive", "timeout=5",
                        "Proxy-Authorization", "Basic x", "TE", "trailers", "X-Forwarded-For", "198.51.100.1"),
                "{\"n\":1}"));

        assertThat(response.status()).isEqualTo(201);
        assertThat(response.bodyAsString()).isEqualTo("created");
        backend.verify(postRequestedFor(urlEqualTo("/v2/orders/a%20b?x=1&y=%2F"))
                .withHeader("Content-Type", equalTo("application/json"))
                .withHeader("X-Forwarded-For", equalTo("198.51.100.1, 203.0.113.9"))
                .withHeader("X-Forwarded-Proto", equalTo("https"))
                .withHeader("X-Forwarded-Host", equalTo("api.example.com"))
                .withHeader("X-Request-Id", equalTo("req-42")));
        LoggedRequest seen = backend.findAll(anyRequestedFor(anyUrl())).getFirst();
        assertThat(seen.getBodyAsString()).isEqualTo("{\"n\":1}");
        assertThat(seen.getHeaders().getHeader("X-Custom").values()).containsExactly("one", "two");
        assertThat(seen.getHeaders().keys()).doesNotContainAnyElementsOf(
                List.of("X-Hop", "Keep-Alive", "Proxy-Authorization", "TE"));
        assertThat(seen.getHeader("Host")).doesNotContain("api.example.com");
    }

    @Test
    void anEmptyGetOrHeadReachesTheBackendWithoutAContentLengthAndAnEmptyPostWithOne() {
        backend.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200)));
        Gateway gateway = gateway(backend.baseUrl() + "/m/{name}", "/m/{name}", 2000);

        for (String method : List.of("GET", "HEAD", "POST", "DELETE")) {
            assertThat(gateway.handle(request(method, "/m/" + method.toLowerCase(java.util.Locale.ROOT), "", Headers.EMPTY, "")).status())
                    .as(method).isEqualTo(200);
        }

        Map<String, LoggedRequest> seen = new java.util.HashMap<>();
        backend.findAll(anyRequestedFor(anyUrl())).forEach(logged -> seen.put(logged.getMethod().getName(), logged));
        assertThat(seen).containsOnlyKeys("GET", "HEAD", "POST", "DELETE");
        assertThat(seen.get("GET").containsHeader("Content-Length")).isFalse();
        assertThat(seen.get("HEAD").containsHeader("Content-Length")).isFalse();
        assertThat(seen.get("POST").getHeader("Content-Length")).isEqualTo("0");
        assertThat(seen.get("DELETE").getHeader("Content-Length")).isEqualTo("0");
    }

    @Test
    void responseStatusMultiValueHeadersAndBinaryBodyComeBack() {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 0, (byte) 0xff};
        backend.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(418)
                .withHeader("Set-Cookie", "a=1", "b=2")
                .withHeader("Content-Type", "image/png")
                .withHeader("Connection", "close")
                .withBody(png)));

        GatewayResponse response = gateway(backend.baseUrl(), "/{proxy+}", 2000)
                .handle(request("GET", "/img.png", "", Headers.EMPTY, ""));

        assertThat(response.status()).isEqualTo(418);
        assertThat(response.headers().all("Set-Cookie")).containsExactly("a=1", "b=2");
        assertThat(response.headers().contains("Connection")).isFalse();
        assertThat(response.body()).containsExactly(png);
    }

    @Test
    void slowBackendIs504() {
        backend.stubFor(any(anyUrl()).willReturn(aResponse().withFixedDelay(1500)));

        GatewayResponse response = gateway(backend.baseUrl(), "/slow", 200).handle(request("GET", "/slow", "", Headers.EMPTY, ""));

        assertThat(response.status()).isEqualTo(504);
        assertThat(response.bodyAsString()).contains("\"message\":\"backend did not answer in time\"", "\"requestId\":\"req-42\"");
        assertThat(response.headers().first("Content-Type")).contains("application/json");
    }

    @Test
    void refusedConnectionIs502() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }

        GatewayResponse response = gateway("http://127.0.0.1:" + closedPort, "/x", 2000)
                .handle(request("GET", "/x", "", Headers.EMPTY, ""));

        assertThat(response.status()).isEqualTo(502);
        assertThat(response.bodyAsString()).contains("backend refused the connection");
    }

    @Test
    void resetConnectionIs502() {
        backend.stubFor(any(anyUrl()).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        assertThat(gateway(backend.baseUrl(), "/x", 2000).handle(request("GET", "/x", "", Headers.EMPTY, "")).status())
                .isEqualTo(502);
    }

    @Test
    void garbageResponseIs502() {
        backend.stubFor(any(anyUrl()).willReturn(aResponse().withFault(Fault.RANDOM_DATA_THEN_CLOSE)));

        assertThat(gateway(backend.baseUrl(), "/x", 2000).handle(request("GET", "/x", "", Headers.EMPTY, "")).status())
                .isEqualTo(502);
    }

    @Test
    void requestPathIsForwardedAsItIsWhenTheBackendUrlHasNoPath() {
        backend.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200)));

        gateway(backend.baseUrl(), "/api/{proxy+}", 2000).handle(request("GET", "/api/a%20b/c/", "", Headers.EMPTY, ""));

        assertThat(backend.findAll(anyRequestedFor(anyUrl()))).singleElement()
                .satisfies(r -> assertThat(r.getUrl()).isEqualTo("/api/a%20b/c/"));
    }

    @Test
    void timeoutCoversABodyThatTrickles() {
        backend.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("x".repeat(100))
                .withChunkedDribbleDelay(10, 3000)));
        long started = System.nanoTime();

        GatewayResponse response = gateway(backend.baseUrl(), "/drip", 300).handle(request("GET", "/drip", "", Headers.EMPTY, ""));

        assertThat(response.status()).isEqualTo(504);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(2500));
    }

    @Test
    void answerTooLargeForLambdaIs502() {
        backend.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200)
                .withBody(new byte[(int) HttpForwarder.MAX_RESPONSE_BODY_BYTES + 1])));

        GatewayResponse response = gateway(backend.baseUrl(), "/big", 5000).handle(request("GET", "/big", "", Headers.EMPTY, ""));

        assertThat(response.status()).isEqualTo(502);
        assertThat(response.bodyAsString()).contains("too large");
    }

    @Test
    void statusOutsideTheHttpRangeIs502() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                try (Socket socket = server.accept()) {
                    socket.getInputStream().read(new byte[4096]);
                    socket.getOutputStream().write("HTTP/1.1 999 Odd\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                } catch (IOException e) {
                    // the test fails on the status below
                }
            });

            GatewayResponse response = gateway("http://127.0.0.1:" + server.getLocalPort(), "/odd", 2000)
                    .handle(request("GET", "/odd", "", Headers.EMPTY, ""));

            assertThat(response.status()).isEqualTo(502);
            assertThat(response.bodyAsString()).contains("backend answered with status 999");
        }
    }

    @Test
    void everyForwardedForValueIsKeptAndForwardedIsDropped() {
        backend.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200)));

        gateway(backend.baseUrl(), "/x", 2000).handle(request("GET", "/x", "", Headers.of(
                "X-Forwarded-For", "192.0.2.1", "X-Forwarded-For", "192.0.2.2", "Forwarded", "for=10.0.0.1;host=evil"), ""));

        LoggedRequest seen = backend.findAll(anyRequestedFor(anyUrl())).getFirst();
        assertThat(seen.getHeader("X-Forwarded-For")).isEqualTo("192.0.2.1, 192.0.2.2, 203.0.113.9");
        assertThat(seen.containsHeader("Forwarded")).isFalse();
    }

    @Test
    void connectionFailureDetailStaysInTheLog() throws IOException {
        backend.stubFor(any(anyUrl()).willReturn(aResponse().withFault(Fault.MALFORMED_RESPONSE_CHUNK)));

        GatewayResponse response = gateway(backend.baseUrl(), "/x", 2000).handle(request("GET", "/x", "", Headers.EMPTY, ""));

        assertThat(response.status()).isEqualTo(502);
        assertThat(response.bodyAsString()).contains("\"message\":\"backend connection failed\"");
    }

    @Test
    void deadlineShorterThanTheRouteTimeoutWins() {
        backend.stubFor(any(anyUrl()).willReturn(aResponse().withFixedDelay(2000)));
        long started = System.nanoTime();

        GatewayResponse response = gateway(backend.baseUrl(), "/x", 5000)
                .handle(request("GET", "/x", "", Headers.EMPTY, ""), Instant.now().plusMillis(300));

        assertThat(response.status()).isEqualTo(504);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(1500));
    }

    @Test
    void passedDeadlineIs504WithoutCallingTheBackend() {
        backend.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200)));

        GatewayResponse response = gateway(backend.baseUrl(), "/x", 5000)
                .handle(request("GET", "/x", "", Headers.EMPTY, ""), Instant.now().minusMillis(1));

        assertThat(response.status()).isEqualTo(504);
        assertThat(backend.findAll(anyRequestedFor(anyUrl()))).isEmpty();
    }
}
