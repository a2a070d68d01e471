package dev.lambassador.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.lambassador.core.apigw.PayloadVersion;
import dev.lambassador.core.auth.RouteAuth;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end through the local gateway with the embedded demo routes: the {@code flaky} route calls
 * the echo backend through the named backend {@code echo}, with its retries and circuit breaker,
 * as the README's example shows.
 */
class DemoNamedBackendTest {

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    Path home;
    private DevServer server;

    @BeforeEach
    void start() throws Exception {
        DevServer.Options options = new DevServer.Options("127.0.0.1", 0, null, null, PayloadVersion.V2, Duration.ofSeconds(30),
                RouteAuth.ANY, Duration.ZERO);
        server = DevServer.start(options, Map.of("LAMBASSADOR_HOME", home.toString()), null);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<byte[]> get(String path) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create(server.uri() + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void aNamedBackendAnswersThenItsCircuitOpensOnRepeatedFailures() throws Exception {
        HttpResponse<byte[]> ok = get("/flaky/200");
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(JSON.std.mapFrom(ok.body())).containsEntry("path", "/status/200");

        // Three calls, all 503: the backend's own answer is passed on.
        HttpResponse<byte[]> failed = get("/flaky/503");
        assertThat(failed.statusCode()).isEqualTo(503);
        assertThat(JSON.std.mapFrom(failed.body())).containsEntry("path", "/status/503");

        // Four of the five calls the window needs at least have failed: the circuit opens during these retries.
        assertThat(get("/flaky/503").statusCode()).isEqualTo(503);

        HttpResponse<byte[]> open = get("/flaky/200");
        assertThat(open.statusCode()).isEqualTo(503);
        Map<String, Object> body = JSON.std.mapFrom(open.body());
        assertThat(body).containsEntry("backend", "echo").containsKey("requestId");
        assertThat((String) body.get("message")).contains("circuit open");
        assertThat(open.headers().firstValue("Retry-After").map(Long::parseLong)).hasValueSatisfying(
                seconds -> assertThat(seconds).isBetween(1L, 30L));
    }
}
