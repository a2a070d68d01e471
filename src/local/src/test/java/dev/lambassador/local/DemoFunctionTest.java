package dev.lambassador.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.lambassador.core.apigw.PayloadVersion;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * End to end through the local gateway with the embedded demo routes, in both payload versions: the
 * {@code hello-function} route's {@code lambda} backend, which the router invokes through the AWS
 * SDK's Lambda client on the local function runtime, where the demo function answers.
 */
class DemoFunctionTest {

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    static Path home;
    private static Map<PayloadVersion, DevServer> servers;

    @BeforeAll
    static void startBothPayloadVersions() throws Exception {
        servers = DemoServers.start(Map.of("LAMBASSADOR_HOME", home.toString()));
    }

    @AfterAll
    static void stop() {
        servers.values().forEach(DevServer::close);
    }

    private static HttpResponse<String> get(PayloadVersion payload, String pathAndQuery, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(servers.get(payload).uri() + pathAndQuery))
                .timeout(Duration.ofSeconds(10));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @ParameterizedTest
    @EnumSource(PayloadVersion.class)
    void theDemoFunctionAnswersTheHelloRouteWithWhatItWasInvokedWith(PayloadVersion payload) throws Exception {
        HttpResponse<String> response = get(payload, "/hello/alice?lang=en&lang=fr");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("X-Served-By")).contains(DemoFunction.NAME);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
        Map<String, Object> answer = JSON.std.mapFrom(response.body());
        assertThat(answer).containsEntry("message", "Hello, alice!").containsEntry("function", DemoFunction.NAME)
                .containsEntry("payload", "1.0").containsEntry("method", "GET").containsEntry("path", "/hello/alice")
                .containsEntry("query", Map.of("lang", List.of("en", "fr"))).containsEntry("caller", "anonymous");
        assertThat(answer.get("requestId")).asString().isNotEmpty();
    }

    @ParameterizedTest
    @EnumSource(PayloadVersion.class)
    void theFunctionLearnsTheCallerTheAuthorizerFound(PayloadVersion payload) throws Exception {
        String token = DevIdentity.loadOrCreate(home).mint("bob", Set.of(), Duration.ofMinutes(5), null);

        HttpResponse<String> response = get(payload, "/hello/bob", "Authorization", "Bearer " + token);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSON.std.mapFrom(response.body())).containsEntry("caller", "bob");
    }
}
