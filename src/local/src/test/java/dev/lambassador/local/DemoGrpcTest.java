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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end through the local gateway with the embedded demo routes: the {@code greet} route's
 * grpc backend, which the router reads by server reflection from the demo gRPC service and calls
 * over a real HTTP/2 connection on loopback.
 */
class DemoGrpcTest {

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    static Path home;
    private static DevServer server;

    @BeforeAll
    static void start() throws Exception {
        server = DevServer.start(new DevServer.Options("127.0.0.1", 0, null, null, PayloadVersion.V1, Duration.ofSeconds(30),
                RouteAuth.ANY, Duration.ZERO), Map.of("LAMBASSADOR_HOME", home.toString()), null);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpResponse<String> get(String pathAndQuery) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create(server.uri() + pathAndQuery)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theGreetRouteCallsTheDemoServiceWithThePathAndQueryAsItsMessage() throws Exception {
        HttpResponse<String> response = get("/greet/alice?lang=fr");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
        Map<String, Object> answer = JSON.std.mapFrom(response.body());
        assertThat(answer).containsEntry("message", "Bonjour, alice !");
        assertThat(answer.get("requestId")).as("the gateway's request id reached the service as metadata")
                .isEqualTo(response.headers().firstValue("X-Request-Id").orElseThrow());
    }

    @Test
    void aStatusFromTheServiceIsTheHttpStatusWithItsMessage() throws Exception {
        HttpResponse<String> response = get("/greet/alice?lang=xx");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(JSON.std.mapFrom(response.body())).containsEntry("message", "lang must be en, fr or de, was 'xx'")
                .containsEntry("grpcStatus", "INVALID_ARGUMENT");
    }
}
