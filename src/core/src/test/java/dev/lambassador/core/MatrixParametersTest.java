package dev.lambassador.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.lambassador.core.route.RequestPath;
import dev.lambassador.core.route.RouteDefinition;
import dev.lambassador.core.route.RouteTable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A ';' in a path segment is refused unless the route takes matrix parameters: servlet containers
 * drop ';...' before they resolve dot segments, so /echo/a/..;/..;/admin would land outside /echo.
 */
class MatrixParametersTest {

    private HttpServer backend;
    private final List<String> received = new CopyOnWriteArrayList<>();
    private Gateway gateway;

    @BeforeEach
    void start() throws IOException {
        backend = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        backend.createContext("/", exchange -> {
            received.add(exchange.getRequestURI().getRawPath());
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        backend.start();
        String url = "http://127.0.0.1:" + backend.getAddress().getPort();
        RouteTable.Compiled compiled = RouteTable.compileItems(List.of(
                Map.of("id", "echo", "path", "/echo/{proxy+}", "backend", url, "auth", "none"),
                Map.of("id", "cars", "path", "/cars/{proxy+}", "backend", url, "auth", "none", "matrixParameters", true),
                Map.of("id", "stripped", "path", "/api/cars/{proxy+}", "backend", url, "auth", "none", "matrixParameters", true,
                        "filters", List.of(Map.of("name", "stripPrefix", "args", Map.of("parts", 1))))));
        assertThat(compiled.rejected()).isEmpty();
        gateway = Gateway.builder().routes(compiled.table()).build();
    }

    @AfterEach
    void stop() {
        backend.stop(0);
    }

    private GatewayResponse get(String path) {
        return gateway.handle(new GatewayRequest("GET", path, "", Map.of(), Headers.of("Host", "api.example.com"), null,
                "203.0.113.9", "req-1", Map.of()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/echo/a/..;/..;/admin", "/echo/a;jsessionid=1/b", "/echo/a/b;", "/echo/;x/admin"})
    void aSemicolonInASegmentIs400ByDefault(String path) {
        GatewayResponse response = get(path);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.bodyAsString()).contains("requestId");
        assertThat(received).isEmpty();
    }

    @Test
    void anEncodedSemicolonIs400ByDefault() {
        GatewayResponse response = get("/echo/a%3Bx/b");

        assertThat(response.status()).isEqualTo(400);
        assertThat(received).isEmpty();
    }

    @Test
    void aRouteThatTakesMatrixParametersForwardsThem() {
        GatewayResponse response = get("/cars/sedan;color=red;year=2024/wheels");

        assertThat(response.status()).isEqualTo(204);
        assertThat(received).containsExactly("/cars/sedan;color=red;year=2024/wheels");
    }

    @Test
    void matrixParametersSurviveAFilterThatChangesThePath() {
        GatewayResponse response = get("/api/cars/sedan;color=red");

        assertThat(response.status()).isEqualTo(204);
        assertThat(received).containsExactly("/cars/sedan;color=red");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/cars/a/..;/admin", "/cars/.;x/admin", "/cars/;x/admin", "/cars/a%3Bx/b", "/cars/a%3b..;/b"})
    void aRouteThatTakesMatrixParametersStillRefusesWhatABackendWouldResolve(String path) {
        GatewayResponse response = get(path);

        assertThat(response.status()).isEqualTo(400);
        assertThat(received).isEmpty();
    }

    @Test
    void matrixParametersIsABooleanAttributeThatRoundTrips() {
        RouteDefinition definition = RouteDefinition.fromItem(Map.of("id", "cars", "path", "/cars/{id}",
                "backend", "http://cars", "matrixParameters", true), "item 1");

        assertThat(definition.matrixParameters()).isTrue();
        assertThat(RouteDefinition.fromItem(definition.toItem(), "again")).isEqualTo(definition);
        assertThatThrownBy(() -> RouteDefinition.fromItem(Map.of("id", "cars", "path", "/cars/{id}",
                "backend", "http://cars", "matrixParameters", "true"), "item 1"))
                .hasMessageContaining("matrixParameters");
    }

    @Test
    void aPathWithMatrixParametersRoundTripsThroughToString() {
        RequestPath path = RequestPath.parseAllowingMatrixParameters("/cars/sedan;color=dark%20red/x");

        assertThat(path.segments()).containsExactly("cars", "sedan;color=dark red", "x");
        assertThat(path).hasToString("/cars/sedan;color=dark%20red/x");
        assertThat(RequestPath.parseAllowingMatrixParameters(path.toString())).isEqualTo(path);
    }
}
