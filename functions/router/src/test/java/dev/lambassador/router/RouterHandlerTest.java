package dev.lambassador.router;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.lambassador.core.route.RouteSource;
import dev.lambassador.core.route.YamlRouteSource;
import dev.lambassador.core.settings.FunctionSettings;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RouterHandlerTest {

    private static final String CLOSED_PORT = "http://127.0.0.1:1";

    private static int status(RouterHandler handler, String path) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(("{\"httpMethod\":\"GET\",\"path\":\"" + path + "\"}")
                .getBytes(StandardCharsets.UTF_8)), out, null);
        return ((Number) JSON.std.mapFrom(out.toByteArray()).get("statusCode")).intValue();
    }

    private static void writeRoute(Path file, String id) throws Exception {
        Files.writeString(file, "routes:\n  - id: " + id + "\n    path: /" + id + "\n    backend: " + CLOSED_PORT + "\n    auth: none\n");
    }

    @Test
    void restoredSnapshotReloadsItsRoutesBeforeServing(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("routes.yaml");
        writeRoute(file, "old");
        RouterHandler handler = new RouterHandler(new RouterConfig(YamlRouteSource.file(file, Map.of()), Duration.ofHours(1)));
        writeRoute(file, "new");

        handler.afterRestore(null);

        assertThat(status(handler, "/old")).isEqualTo(404);
        assertThat(status(handler, "/new")).as("matched, and its backend refused").isEqualTo(502);
    }

    @Test
    void basePathIsTakenOffRequestPaths(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("routes.yaml");
        writeRoute(file, "orders");
        RouterHandler handler = new RouterHandler(new RouterConfig(YamlRouteSource.file(file, Map.of()), Duration.ofHours(1),
                Duration.ofSeconds(1), "/v1", FunctionSettings.DEFAULT_ROUTE_AUTH.defaultValue(), java.util.Optional.empty()));

        assertThat(status(handler, "/v1/orders")).isEqualTo(502);
        assertThat(status(handler, "/orders")).as("the execute-api URL has no base path").isEqualTo(502);
        assertThat(status(handler, "/v1orders")).isEqualTo(404);
    }

    @Test
    void brokenProtectedRouteAnswers503InsteadOfFallingThroughToAPublicOne(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("routes.yaml");
        Files.writeString(file, """
                routes:
                  - {id: admin, path: "/admin/{rest+}", backend: "%1$s", auth: JWT}
                  - {id: site, path: "/{proxy+}", backend: "%1$s", auth: none}
                """.formatted(CLOSED_PORT));
        RouterHandler handler = new RouterHandler(new RouterConfig(YamlRouteSource.file(file, Map.of()), Duration.ofHours(1)));

        assertThat(status(handler, "/admin/users")).isEqualTo(503);
        assertThat(status(handler, "/home")).as("matched the public route, and its backend refused").isEqualTo(502);
    }

    @Test
    void primingSendsBothPayloadVersionsThroughTheForwarderAndAddsNoRoute(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("routes.yaml");
        writeRoute(file, "orders");
        RouterHandler handler = new RouterHandler(new RouterConfig(YamlRouteSource.file(file, Map.of()), Duration.ofHours(1)));

        assertThat(handler.prime()).as("matched the priming route, and its closed port refused").containsExactly(502, 502);
        assertThat(status(handler, "/priming/rest")).isEqualTo(404);
        assertThat(status(handler, "/orders")).isEqualTo(502);
    }

    @Test
    void checkpointPrimesWithoutReadingTheRouteSource(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("routes.yaml");
        writeRoute(file, "orders");
        AtomicInteger loads = new AtomicInteger();
        RouteSource yaml = YamlRouteSource.file(file, Map.of());
        RouteSource counted = new RouteSource() {
            @Override
            public List<Map<String, Object>> load() throws Exception {
                loads.incrementAndGet();
                return yaml.load();
            }

            @Override
            public String describe() {
                return yaml.describe();
            }
        };
        RouterHandler handler = new RouterHandler(new RouterConfig(counted, Duration.ofHours(1)));

        handler.beforeCheckpoint(null);

        assertThat(loads).as("only the load at init").hasValue(1);
        assertThat(status(handler, "/orders")).isEqualTo(502);
    }
}
