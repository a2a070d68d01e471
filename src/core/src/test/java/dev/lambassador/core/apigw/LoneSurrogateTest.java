package dev.lambassador.core.apigw;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import com.sun.net.httpserver.HttpServer;
import dev.lambassador.core.Gateway;
import dev.lambassador.core.route.RouteTable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A {@code \ud800} escape with no partner in an event's JSON decodes to a string no UTF-8 can carry.
 * Such an event is not API Gateway's: it is a 400, never a 500 from inside the HTTP client nor a
 * '?' the backend receives in its place.
 */
class LoneSurrogateTest {

    private HttpServer backend;
    private final List<String> received = new CopyOnWriteArrayList<>();
    private ProxyIntegration integration;

    @BeforeEach
    void start() throws IOException {
        backend = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        backend.createContext("/", exchange -> {
            received.add(exchange.getRequestURI().getRawPath() + "?" + exchange.getRequestURI().getRawQuery());
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        backend.start();
        integration = new ProxyIntegration(Gateway.builder().routes(RouteTable.compileItems(List.of(Map.of("id", "all",
                "path", "/{proxy+}", "backend", "http://127.0.0.1:" + backend.getAddress().getPort(), "auth", "none"))).table()).build());
    }

    @AfterEach
    void stop() {
        backend.stop(0);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"version\":\"2.0\",\"rawPath\":\"/x\",\"rawQueryString\":\"a=\\ud800\",\"requestContext\":{\"requestId\":\"r\",\"http\":{\"method\":\"GET\"}}}",
            "{\"version\":\"2.0\",\"rawPath\":\"/x\",\"rawQueryString\":\"\\udc00=1\",\"requestContext\":{\"requestId\":\"r\",\"http\":{\"method\":\"GET\"}}}",
            "{\"version\":\"2.0\",\"rawPath\":\"/x\\ud800\",\"requestContext\":{\"requestId\":\"r\",\"http\":{\"method\":\"GET\"}}}",
            "{\"version\":\"2.0\",\"rawPath\":\"/x\",\"queryStringParameters\":{\"a\":\"\\ud800\"},\"requestContext\":{\"requestId\":\"r\",\"http\":{\"method\":\"GET\"}}}",
            "{\"httpMethod\":\"GET\",\"path\":\"/x\",\"multiValueQueryStringParameters\":{\"a\":[\"\\ud800\"]},\"requestContext\":{\"requestId\":\"r\"}}",
            "{\"httpMethod\":\"GET\",\"path\":\"/x/\\udfff\",\"requestContext\":{\"requestId\":\"r\"}}",
            "{\"httpMethod\":\"GET\",\"path\":\"/x\",\"headers\":{\"X-Name\":\"\\ud83d\"},\"requestContext\":{\"requestId\":\"r\"}}"})
    void aLoneSurrogateAnywhereInTheRequestIs400(String event) throws IOException {
        Map<String, Object> response = JSON.std.mapFrom(integration.handle(event.getBytes(StandardCharsets.UTF_8), "lambda-id"));

        assertThat(response).containsEntry("statusCode", 400);
        assertThat(received).isEmpty();
    }

    @Test
    void aPairedSurrogateIsForwardedEncoded() throws IOException {
        String event = "{\"version\":\"2.0\",\"rawPath\":\"/x\",\"rawQueryString\":\"a=\\ud83d\\ude00\","
                + "\"requestContext\":{\"requestId\":\"r\",\"http\":{\"method\":\"GET\"}}}";

        Map<String, Object> response = JSON.std.mapFrom(integration.handle(event.getBytes(StandardCharsets.UTF_8), "lambda-id"));

        assertThat(response).containsEntry("statusCode", 204);
        assertThat(received).containsExactly("/x?a=%F0%9F%98%80");
    }
}
