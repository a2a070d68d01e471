package dev.lambassador.router;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.lambassador.core.backend.BackendAddressGuard;
import dev.lambassador.core.route.YamlRouteSource;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every sample event in events/ goes through the real handler to a real backend and back. */
class EventFilesTest {

    private static final Path EVENTS = Path.of("../../events");
    private static final Path EXAMPLE_ROUTES = Path.of("../../examples/routes.yaml");

    @RegisterExtension
    static final WireMockExtension backend = WireMockExtension.newInstance()
            .options(options().dynamicPort().bindAddress("127.0.0.1")).build();

    /** Where each sample event must land on the backend, by the routes in examples/routes.yaml. */
    private static final Map<String, String> BACKEND_URLS = Map.of(
            "rest-v1-get.json", "/hello?name=world&tag=a&tag=b",
            "rest-v1-post-binary.json", "/upload",
            "http-v2-get.json", "/internal/orders/42",
            "http-v2-post.json", "/orders?dry-run=true&tag=a&tag=b");

    private RouterHandler handler;

    @BeforeEach
    void handlerOnTheExampleRoutes() {
        backend.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withHeader("Set-Cookie", "seen=1", "trace=2")
                .withBody("{\"ok\":true}")));
        handler = new RouterHandler(new RouterConfig(
                // The router here has no grpc type: the example grpc route is refused, and the others serve.
                YamlRouteSource.file(EXAMPLE_ROUTES, Map.of("ECHO_URL", backend.baseUrl(), "GRPC_TARGET", "127.0.0.1:9")))
                .withBackendGuard(BackendAddressGuard.LOOPBACK_ALLOWED));
    }

    static Stream<Path> eventFiles() throws IOException {
        List<Path> files;
        try (Stream<Path> listing = Files.list(EVENTS)) {
            files = listing.filter(p -> p.toString().endsWith(".json") && !p.getFileName().toString().startsWith("authorizer"))
                    .sorted().toList();
        }
        assertThat(files).as("sample events in " + EVENTS.toAbsolutePath()).hasSizeGreaterThanOrEqualTo(4);
        return files.stream();
    }

    @ParameterizedTest
    @MethodSource("eventFiles")
    void sampleEventIsRoutedToTheBackendAndAnswered(Path file) throws Exception {
        Map<String, Object> event = JSON.std.mapFrom(Files.readAllBytes(file));
        boolean httpApi = "2.0".equals(event.get("version"));

        Map<String, Object> response = invoke(Files.readAllBytes(file));

        assertThat(response).containsEntry("statusCode", 200).containsEntry("body", "{\"ok\":true}");
        if (httpApi) {
            assertThat(response.get("cookies")).isEqualTo(List.of("seen=1", "trace=2"));
        } else {
            assertThat(response.get("multiValueHeaders")).asString().containsIgnoringCase("Set-Cookie=[seen=1, trace=2]");
        }
        LoggedRequest seen = backend.findAll(anyRequestedFor(anyUrl())).getFirst();
        assertThat(BACKEND_URLS).as("expected backend URL for " + file.getFileName()).containsKey(file.getFileName().toString());
        assertThat(seen.getUrl()).isEqualTo(BACKEND_URLS.get(file.getFileName().toString()));
        assertThat(seen.getMethod().getName()).isEqualTo(httpApi ? ((Map<?, ?>) ((Map<?, ?>) event.get("requestContext")).get("http")).get("method") : event.get("httpMethod"));
        assertThat(seen.getHeader("X-Request-Id")).isEqualTo(((Map<?, ?>) event.get("requestContext")).get("requestId"));
        if (event.get("body") instanceof String body) {
            byte[] expected = Boolean.TRUE.equals(event.get("isBase64Encoded")) ? Base64.getDecoder().decode(body) : body.getBytes();
            assertThat(seen.getBody()).containsExactly(expected);
        }
    }

    private Map<String, Object> invoke(byte[] event) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event), out, null);
        return JSON.std.mapFrom(out.toByteArray());
    }
}
