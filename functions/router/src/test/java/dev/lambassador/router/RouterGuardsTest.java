package dev.lambassador.router;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.jr.ob.JSON;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The router function's guards as its settings make them: backend hosts and addresses, header limits. */
class RouterGuardsTest {

    @RegisterExtension
    static final WireMockExtension backend = WireMockExtension.newInstance()
            .options(options().dynamicPort().bindAddress("127.0.0.1")).build();

    @TempDir
    Path dir;

    @BeforeEach
    void answer() {
        backend.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/plain").withBody("served")));
    }

    private RouterHandler router(Map<String, String> settings) throws Exception {
        Path routes = dir.resolve("routes.yaml");
        Files.writeString(routes, """
                routes:
                  - id: by-name
                    path: /by-name
                    backend: http://localhost:%1$d
                    auth: none
                  - id: by-address
                    path: /by-address
                    backend: http://127.0.0.1:%1$d
                    auth: none
                """.formatted(backend.getPort()));
        Map<String, String> environment = new HashMap<>(settings);
        environment.put("ROUTES_FILE", routes.toString());
        return new RouterHandler(RouterConfig.fromEnvironment(environment));
    }

    private static Map<String, Object> call(RouterHandler router, String path, String headers) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        router.handleRequest(new ByteArrayInputStream(("{\"httpMethod\":\"GET\",\"path\":\"" + path + "\",\"headers\":{" + headers
                + "},\"requestContext\":{\"requestId\":\"req-1\",\"identity\":{\"sourceIp\":\"198.51.100.7\"}}}")
                .getBytes(StandardCharsets.UTF_8)), out, null);
        return JSON.std.mapFrom(out.toByteArray());
    }

    private static Map<String, Object> body(Map<String, Object> response) throws Exception {
        return JSON.std.mapFrom((String) response.get("body"));
    }

    @Test
    void deployedRouterRefusesLoopbackBackendsByDefault() throws Exception {
        RouterHandler router = router(Map.of());

        for (String path : new String[] {"/by-name", "/by-address"}) {
            Map<String, Object> response = call(router, path, "");
            assertThat(response).containsEntry("statusCode", 502);
            assertThat(body(response)).containsEntry("reason", "loopback-address").containsEntry("requestId", "req-1");
        }
        assertThat(backend.getAllServeEvents()).isEmpty();
    }

    @Test
    void loopbackSettingLetsLocalBackendsAnswer() throws Exception {
        RouterHandler router = router(Map.of("BACKEND_ALLOW_LOOPBACK", "true"));

        assertThat(call(router, "/by-name", "")).containsEntry("statusCode", 200).containsEntry("body", "served");
        assertThat(call(router, "/by-address", "")).containsEntry("statusCode", 200);
    }

    @Test
    void allowedHostsSettingAdmitsOnlyItsHosts() throws Exception {
        RouterHandler router = router(Map.of("BACKEND_ALLOW_LOOPBACK", "true", "BACKEND_ALLOWED_HOSTS", "*.example.internal, localhost"));

        assertThat(call(router, "/by-name", "")).containsEntry("statusCode", 200);
        Map<String, Object> refused = call(router, "/by-address", "");
        assertThat(refused).containsEntry("statusCode", 502);
        assertThat(body(refused)).containsEntry("reason", "host-not-allowed");
        assertThat(backend.getAllServeEvents()).hasSize(1);
    }

    @Test
    void headerLimitSettingsAnswer431BeforeRouting() throws Exception {
        RouterHandler router = router(Map.of("BACKEND_ALLOW_LOOPBACK", "true", "MAX_REQUEST_HEADERS", "2",
                "MAX_REQUEST_HEADER_BYTES", "40"));

        Map<String, Object> tooMany = call(router, "/by-name", "\"A\":\"1\",\"B\":\"2\",\"C\":\"3\"");
        Map<String, Object> tooLarge = call(router, "/nowhere", "\"A\":\"" + "x".repeat(40) + "\"");

        assertThat(tooMany).containsEntry("statusCode", 431);
        assertThat(body(tooMany)).containsEntry("maxHeaders", 2)
                .containsEntry("message", "the request has 3 headers, more than the gateway takes (2)");
        assertThat(tooLarge).containsEntry("statusCode", 431);
        assertThat(body(tooLarge)).containsEntry("maxHeaderBytes", 40);
        assertThat(call(router, "/by-name", "\"A\":\"1\",\"B\":\"2\"")).containsEntry("statusCode", 200);
        assertThat(backend.getAllServeEvents()).hasSize(1);
    }

    @Test
    void wrongGuardSettingsStopTheFunctionNamingTheVariable() {
        assertThatThrownBy(() -> RouterConfig.fromEnvironment(Map.of("ROUTES_FILE", "r.yaml", "MAX_REQUEST_HEADERS", "0")))
                .hasMessage("MAX_REQUEST_HEADERS must be a whole number, at least 1, was '0'");
        assertThatThrownBy(() -> RouterConfig.fromEnvironment(Map.of("ROUTES_FILE", "r.yaml", "MAX_REQUEST_HEADER_BYTES", "3000000000")))
                .hasMessage("MAX_REQUEST_HEADER_BYTES must be a whole number, at least 1, was '3000000000'");
        assertThatThrownBy(() -> RouterConfig.fromEnvironment(Map.of("ROUTES_FILE", "r.yaml", "BACKEND_ALLOWED_HOSTS", "orders:8080")))
                .hasMessageStartingWith("BACKEND_ALLOWED_HOSTS must be comma-separated host names, IP addresses or *.domain, was 'orders:8080'");
    }

    @Test
    void primingStillRunsTheHttpClientWhereLoopbackIsRefused() throws Exception {
        // 502 from the refused connection itself, not from the guard (whose 502 would skip the client).
        assertThat(router(Map.of()).prime()).containsExactly(502, 502);
    }
}
