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
 * A backend URL's own query parameters are the route's to set: a client cannot add values to them.
 * Names are compared exactly, so a name that differs by a control character is refused rather than
 * forwarded beside the fixed one, to a backend that might cut it at the NUL.
 */
class QueryParameterNamesTest {

    private HttpServer backend;
    private final List<String> received = new CopyOnWriteArrayList<>();
    private ProxyIntegration integration;

    @BeforeEach
    void start() throws IOException {
        backend = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        backend.createContext("/", exchange -> {
            received.add(exchange.getRequestURI().getRawQuery());
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        backend.start();
        integration = new ProxyIntegration(Gateway.builder().routes(RouteTable.compileItems(List.of(Map.of("id", "search",
                "path", "/search", "backend", "http://127.0.0.1:" + backend.getAddress().getPort() + "/find?api=2",
                "auth", "none"))).table()).build());
    }

    @AfterEach
    void stop() {
        backend.stop(0);
    }

    private Map<String, Object> httpApi(String rawQuery) throws IOException {
        String event = """
                {"version":"2.0","rawPath":"/search","rawQueryString":"%s","requestContext":{"requestId":"r","http":{"method":"GET"}}}"""
                .formatted(rawQuery);
        return JSON.std.mapFrom(integration.handle(event.getBytes(StandardCharsets.UTF_8), "lambda-id"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"api%00=6", "q=x&api%00=6", "api%0d%0a=6", "%7Fapi=6", "api%09=6"})
    void aNameWithAControlCharacterIs400(String rawQuery) throws IOException {
        Map<String, Object> response = httpApi(rawQuery);

        assertThat(response).containsEntry("statusCode", 400);
        assertThat((String) response.get("body")).contains("query parameter name has a control character");
        assertThat(received).isEmpty();
    }

    @Test
    void aNameWithAControlCharacterIs400FromARestApiToo() throws IOException {
        String event = """
                {"httpMethod":"GET","path":"/search","multiValueQueryStringParameters":{"api\\u0000":["6"]},
                 "requestContext":{"requestId":"r"}}""";

        Map<String, Object> response = JSON.std.mapFrom(integration.handle(event.getBytes(StandardCharsets.UTF_8), "lambda-id"));

        assertThat(response).containsEntry("statusCode", 400);
        assertThat(received).isEmpty();
    }

    @Test
    void theClientCannotAddValuesToAFixedParameter() throws IOException {
        assertThat(httpApi("q=x&api=3")).containsEntry("statusCode", 204);

        assertThat(received).containsExactly("api=2&q=x");
    }

    @Test
    void namesAreCaseSensitiveSoAnotherCaseIsAnotherParameter() throws IOException {
        assertThat(httpApi("API=3")).containsEntry("statusCode", 204);

        assertThat(received).containsExactly("api=2&API=3");
    }

    @Test
    void controlCharactersInAValueAreTheClientsData() throws IOException {
        assertThat(httpApi("q=a%00b")).containsEntry("statusCode", 204);

        assertThat(received).containsExactly("api=2&q=a%00b");
    }
}
