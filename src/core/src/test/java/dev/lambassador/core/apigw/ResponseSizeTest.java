package dev.lambassador.core.apigw;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import com.sun.net.httpserver.HttpServer;
import dev.lambassador.core.Exchange;
import dev.lambassador.core.Gateway;
import dev.lambassador.core.GatewayListener;
import dev.lambassador.core.GatewayRequest;
import dev.lambassador.core.GatewayResponse;
import dev.lambassador.core.Headers;
import dev.lambassador.core.backend.Backend;
import dev.lambassador.core.backend.BackendClient;
import dev.lambassador.core.backend.HttpBackend;
import dev.lambassador.core.route.RouteTable;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The response a function writes must fit in Lambda's response payload once written as JSON, where
 * escaping can make a text body six times larger than the backend sent it.
 */
class ResponseSizeTest {

    private static final int BODY_BYTES = 4_300_000;
    private static HttpServer backend;
    private static ProxyIntegration integration;

    @BeforeAll
    static void start() throws IOException {
        backend = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        answer("/control", "text/plain", filled((byte) 0x01));
        answer("/quotes", "application/json", filled((byte) '"'));
        answer("/prose", "text/plain; charset=utf-8", "a line of prose, \"quoted\" once, with a tab\tand a newline\n"
                .repeat(BODY_BYTES / 60).getBytes(StandardCharsets.UTF_8));
        backend.start();
        RouteTable.Compiled compiled = RouteTable.compileItems(List.of(Map.of("id", "all", "path", "/{proxy+}",
                "backend", "http://127.0.0.1:" + backend.getAddress().getPort(), "auth", "none")));
        assertThat(compiled.rejected()).isEmpty();
        integration = new ProxyIntegration(Gateway.builder().routes(compiled.table()).build());
    }

    @AfterAll
    static void stop() {
        backend.stop(0);
    }

    private static byte[] filled(byte value) {
        byte[] body = new byte[BODY_BYTES];
        Arrays.fill(body, value);
        return body;
    }

    private static void answer(String path, String contentType, byte[] body) {
        backend.createContext(path, exchange -> {
            exchange.getResponseHeaders().set("Content-Type", contentType);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
    }

    private static String event(String version, String path) {
        return version.equals("2.0")
                ? "{\"version\":\"2.0\",\"rawPath\":\"" + path + "\",\"requestContext\":{\"requestId\":\"req-7\",\"http\":{\"method\":\"GET\"}}}"
                : "{\"httpMethod\":\"GET\",\"path\":\"" + path + "\",\"requestContext\":{\"requestId\":\"req-7\"}}";
    }

    private static byte[] handle(ProxyIntegration integration, String event) {
        return integration.handle(event.getBytes(StandardCharsets.UTF_8), "lambda-id");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.0", "2.0"})
    void controlCharactersInATextBodyGoAsBase64RatherThanSixfoldEscapes(String version) throws IOException {
        byte[] written = handle(integration, event(version, "/control"));

        assertThat(written.length).isLessThanOrEqualTo(ProxyIntegration.MAX_RESPONSE_BYTES);
        Map<String, Object> response = JSON.std.mapFrom(written);
        assertThat(response).containsEntry("statusCode", 200).containsEntry("isBase64Encoded", true);
        assertThat(Base64.getDecoder().decode((String) response.get("body"))).isEqualTo(filled((byte) 0x01));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.0", "2.0"})
    void quotesInAJsonBodyGoAsBase64RatherThanDoubled(String version) throws IOException {
        byte[] written = handle(integration, event(version, "/quotes"));

        assertThat(written.length).isLessThanOrEqualTo(ProxyIntegration.MAX_RESPONSE_BYTES);
        Map<String, Object> response = JSON.std.mapFrom(written);
        assertThat(response).containsEntry("statusCode", 200).containsEntry("isBase64Encoded", true);
        assertThat(Base64.getDecoder().decode((String) response.get("body"))).isEqualTo(filled((byte) '"'));
    }

    @Test
    void ordinaryTextStaysText() throws IOException {
        Map<String, Object> response = JSON.std.mapFrom(handle(integration, event("1.0", "/prose")));

        assertThat(response).containsEntry("statusCode", 200).containsEntry("isBase64Encoded", false);
        assertThat((String) response.get("body")).startsWith("a line of prose, \"quoted\" once, with a tab\tand a newline\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.0", "2.0"})
    void anAnswerThatCannotFitIsAJson502NamingTheLimit(String version) throws IOException {
        byte[] image = new byte[5_000_000];
        Arrays.fill(image, (byte) 0x89);
        List<String> recorded = new ArrayList<>();
        // A backend client whose answers are not capped as the http client's are, as a Lambda backend's would not be.
        BackendClient uncapped = new BackendClient() {
            @Override
            public String type() {
                return HttpBackend.TYPE;
            }

            @Override
            public GatewayResponse call(GatewayRequest request, Exchange exchange, Backend target) {
                return new GatewayResponse(200, Headers.of("Content-Type", "image/png"), image);
            }
        };
        ProxyIntegration large = new ProxyIntegration(Gateway.builder()
                .routes(RouteTable.compileItems(List.of(Map.of("id", "img", "path", "/img", "backend", "http://images",
                        "auth", "none"))).table())
                .backendClient(uncapped)
                .listener(new GatewayListener() {
                    @Override
                    public void requestEnd(Exchange exchange, GatewayResponse response, Throwable failure) {
                        recorded.add(response.status() + " " + failure.getMessage());
                    }
                })
                .build());

        byte[] written = handle(large, event(version, "/img"));

        assertThat(recorded).singleElement().asString().startsWith("502 the backend's answer does not fit");
        assertThat(written.length).isLessThan(1000);
        Map<String, Object> response = JSON.std.mapFrom(written);
        assertThat(response).containsEntry("statusCode", 502).containsEntry("isBase64Encoded", false);
        assertThat((String) response.get("body")).contains("does not fit in a Lambda response",
                "at most " + ProxyIntegration.MAX_RESPONSE_BYTES, "\"requestId\":\"req-7\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"plain", "tab\t newline\n quote\" backslash\\ bell\u0007 del\u007f", "café €", "\ud83d\ude00 x",
            "\u2028\u2029</script>"})
    void theEscapedLengthIsWhatTheWriterWrites(String text) {
        int written = EventJson.write(Map.of("b", text)).length;
        int around = EventJson.write(Map.of("b", "")).length;

        assertThat(ResponseBody.jsonLength(text)).isEqualTo(written - around);
    }
}
