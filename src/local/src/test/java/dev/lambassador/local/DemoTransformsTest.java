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
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end through the local gateway with the embedded demo routes, in both payload versions:
 * the {@code checkout} route's transforms as the echo backend received them and as the client saw
 * the answer, and CORS from the deployment's settings (CORS_* in the gateway's environment).
 */
@SuppressWarnings("unchecked")
class DemoTransformsTest {

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    static Path home;
    private static Map<PayloadVersion, DevServer> servers;

    @BeforeAll
    static void startBothPayloadVersions() throws Exception {
        servers = DemoServers.start(Map.of("LAMBASSADOR_HOME", home.toString(),
                "CORS_ALLOW_ORIGINS", "https://*.shop.example", "CORS_EXPOSE_HEADERS", "Api-Version"));
    }

    @AfterAll
    static void stop() {
        servers.values().forEach(DevServer::close);
    }

    private static HttpResponse<String> send(PayloadVersion payload, HttpRequest.Builder request) throws Exception {
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder request(PayloadVersion payload, String pathAndQuery) {
        return HttpRequest.newBuilder(URI.create(servers.get(payload).uri() + pathAndQuery)).timeout(Duration.ofSeconds(10));
    }

    @ParameterizedTest
    @EnumSource(PayloadVersion.class)
    void theBackendReceivesTheTransformedRequestAndTheClientTheTransformedAnswer(PayloadVersion payload) throws Exception {
        HttpResponse<String> response = send(payload, request(payload, "/checkout/cart-7?coupon=SPRING&keep=1")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"customer\":{\"mail\":\"ann@example.com\",\"name\":\"Ann\"},\"total\":19.90}")));

        assertThat(response.statusCode()).isEqualTo(200);
        Map<String, Object> answer = JSON.std.mapFrom(response.body());
        assertThat(answer).containsOnlyKeys("received");
        Map<String, Object> received = (Map<String, Object>) answer.get("received");
        assertThat(received).doesNotContainKey("bodyBase64").containsEntry("method", "POST")
                .containsEntry("path", "/internal/carts/cart-7/checkout")
                .containsEntry("query", "promo=SPRING&keep=1");
        Map<String, Object> body = JSON.std.mapFrom(received.get("body"));
        assertThat((Map<String, Object>) body.get("customer")).containsEntry("email", "ann@example.com").doesNotContainKey("mail");
        assertThat(((Map<String, Object>) body.get("meta")).get("requestId")).asString().isNotBlank();
        assertThat(received.get("body").toString()).contains("\"total\":19.90");
        Map<String, Object> headers = (Map<String, Object>) received.get("headers");
        assertThat(headers.entrySet()).anySatisfy(header -> {
            assertThat(header.getKey()).isEqualToIgnoringCase("X-Cart");
            assertThat(header.getValue().toString()).isEqualTo("cart-7");
        });
    }

    @ParameterizedTest
    @EnumSource(PayloadVersion.class)
    void aBodyOfAnotherTypePassesAsItIsAndAClientCannotForgeTheTemplatedHeader(PayloadVersion payload) throws Exception {
        HttpResponse<String> response = send(payload, request(payload, "/checkout/cart-9")
                .header("Content-Type", "text/plain").header("X-Cart", "forged")
                .POST(HttpRequest.BodyPublishers.ofString("not json, passed as it is")));

        Map<String, Object> received = (Map<String, Object>) JSON.std.mapFrom(response.body()).get("received");
        assertThat(received).containsEntry("body", "not json, passed as it is");
        assertThat(received.get("headers").toString()).contains("cart-9").doesNotContain("forged");
    }

    @ParameterizedTest
    @EnumSource(PayloadVersion.class)
    void aBodyThatClaimsJsonAndIsNotIsRefused(PayloadVersion payload) throws Exception {
        HttpResponse<String> response = send(payload, request(payload, "/checkout/cart-7")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"customer\":")));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("not valid JSON");
    }

    @ParameterizedTest
    @EnumSource(PayloadVersion.class)
    void corsPreflightIsAnsweredForAnyPathWithoutABackend(PayloadVersion payload) throws Exception {
        HttpResponse<String> preflight = send(payload, request(payload, "/no/such/route")
                .header("Origin", "https://app.shop.example").header("Access-Control-Request-Method", "POST")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
        HttpResponse<String> actual = send(payload, request(payload, "/shop/items/1").header("Origin", "https://app.shop.example").GET());
        HttpResponse<String> stranger = send(payload, request(payload, "/shop/items/1").header("Origin", "https://evil.example").GET());

        assertThat(preflight.statusCode()).isEqualTo(204);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://app.shop.example");
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods")).hasValue("DELETE, GET, HEAD, PATCH, POST, PUT");
        assertThat(actual.statusCode()).isEqualTo(200);
        assertThat(actual.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://app.shop.example");
        assertThat(actual.headers().firstValue("Access-Control-Expose-Headers")).hasValue("Api-Version");
        assertThat(actual.headers().allValues("Vary")).anySatisfy(vary -> assertThat(vary).contains("Origin"));
        assertThat(stranger.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }
}
