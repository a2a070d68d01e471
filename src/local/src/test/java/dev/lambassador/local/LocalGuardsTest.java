package dev.lambassador.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.lambassador.core.apigw.PayloadVersion;
import dev.lambassador.core.auth.RouteAuth;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lambassador dev} applies the router's guards as Lambda does, with loopback backends allowed. */
class LocalGuardsTest {

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    Path home;

    private DevServer start(Map<String, String> settings) throws Exception {
        Path routes = home.resolve("routes.yaml");
        Files.writeString(routes, """
                routes:
                  - id: office
                    path: /office/{proxy+}
                    backend: ${ECHO_URL}
                    auth: none
                    allowFrom: [10.0.0.0/8]
                  - id: here
                    path: /here/{proxy+}
                    backend: ${ECHO_URL}
                    auth: none
                    allowFrom: [127.0.0.0/8, "::1"]
                    maxBodyBytes: 16
                """);
        Map<String, String> environment = new java.util.HashMap<>(settings);
        environment.put("LAMBASSADOR_HOME", home.toString());
        return DevServer.start(new DevServer.Options("127.0.0.1", 0, routes, null, PayloadVersion.V2, Duration.ofSeconds(30), RouteAuth.ANY,
                Duration.ZERO), environment, null);
    }

    private static HttpResponse<String> send(DevServer server, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.uri() + path)).timeout(Duration.ofSeconds(10));
        request = body == null ? request.GET() : request.POST(HttpRequest.BodyPublishers.ofString(body));
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void loopbackBackendsServeAndSourceListsAndBodyLimitsHold() throws Exception {
        try (DevServer server = start(Map.of())) {
            HttpResponse<String> served = send(server, "/here/x", "small");
            HttpResponse<String> refused = send(server, "/office/x", null);
            HttpResponse<String> tooLarge = send(server, "/here/x", "seventeen bytes!!");

            assertThat(served.statusCode()).isEqualTo(200);
            assertThat(JSON.std.mapFrom(served.body())).containsEntry("body", "small");
            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(JSON.std.mapFrom(refused.body())).containsEntry("sourceIp", "127.0.0.1");
            assertThat(tooLarge.statusCode()).isEqualTo(413);
            assertThat(JSON.std.mapFrom(tooLarge.body())).containsEntry("maxBodyBytes", 16);
        }
    }

    @Test
    void loopbackCanBeRefusedLocallyTooToTryWhatLambdaDoes() throws Exception {
        try (DevServer server = start(Map.of("BACKEND_ALLOW_LOOPBACK", "false"))) {
            HttpResponse<String> response = send(server, "/here/x", null);

            assertThat(response.statusCode()).isEqualTo(502);
            assertThat(JSON.std.mapFrom(response.body())).containsEntry("reason", "loopback-address");
        }
    }
}
