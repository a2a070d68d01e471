package dev.lambassador.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.lambassador.core.apigw.PayloadVersion;
import dev.lambassador.core.route.RouteTable;
import dev.lambassador.core.route.YamlRouteSource;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * End to end through the local gateway with the embedded demo routes (examples/routes.yaml), as
 * {@code bin/lambassador dev} serves them, in both payload versions: the {@code shop} API's
 * versions, the {@code inventory} route's filters and the {@code echo-beta} header condition. What
 * the backend received is read from the echo backend's answer.
 */
@SuppressWarnings("unchecked")
class DemoApiVersionsTest {

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final String MIGRATION = "https://example.com/shop/migrate-to-v2";
    private static final String DEPRECATION_LINK = "<" + MIGRATION + ">; rel=\"deprecation\"; type=\"text/html\"";
    private static final String SUNSET_LINK = "<" + MIGRATION + ">; rel=\"sunset\"; type=\"text/html\"";

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

    private static HttpResponse<byte[]> get(PayloadVersion payload, String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(servers.get(payload).uri() + path)).timeout(Duration.ofSeconds(10));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static Map<String, Object> json(HttpResponse<byte[]> response) throws Exception {
        return JSON.std.mapFrom(response.body());
    }

    private static Map<String, Object> receivedHeaders(HttpResponse<byte[]> response) throws Exception {
        return (Map<String, Object>) json(response).get("headers");
    }

    @Test
    void theDemoFileLoadsWithoutRejectingAnyItem() throws Exception {
        List<Map<String, Object>> items;
        RouteTable.Compiled compiled;
        try (DemoGrpcService grpc = DemoGrpcService.start()) {
            items = YamlRouteSource.resource(DevServer.EMBEDDED_ROUTES, Map.of("ECHO_URL", "http://127.0.0.1:9",
                    "GRPC_TARGET", grpc.target())).load();
            compiled = RouteTable.compileItems(items);
        }

        assertThat(compiled.rejected()).isEmpty();
        assertThat(items).extracting(item -> item.get("kind") + " " + item.get("id"))
                .contains("api shop", "version shop:v0", "version shop:v1", "version shop:v2", "route inventory", "route echo-beta",
                        "route hello-function", "route greet");
    }

    static Stream<Arguments> waysOfNamingAVersion() {
        List<Arguments> ways = List.of(
                Arguments.of("by path", "/v1/shop/items/7", new String[0], "/shop-v1/items/7", "v1"),
                Arguments.of("by path, an alias", "/2/shop/items/7", new String[0], "/shop-v2/items/7", "v2"),
                Arguments.of("by header", "/shop/items/7", new String[] {"Api-Version", "v1"}, "/shop-v1/items/7", "v1"),
                Arguments.of("by media type", "/shop/items/7", new String[] {"Accept", "application/vnd.shop.v1+json"},
                        "/shop-v1/items/7", "v1"),
                Arguments.of("by media type parameter", "/shop/items/7", new String[] {"Accept", "application/json; version=1"},
                        "/shop-v1/items/7", "v1"),
                Arguments.of("by query", "/shop/items/7?version=1", new String[0], "/shop-v1/items/7", "v1"),
                Arguments.of("not at all: the default", "/shop/items/7", new String[0], "/shop-v2/items/7", "v2"),
                Arguments.of("the base path alone", "/shop", new String[0], "/shop-v2", "v2"));
        return Arrays.stream(PayloadVersion.values())
                .flatMap(payload -> ways.stream().map(way -> {
                    Object[] values = way.get();
                    Object[] withPayload = new Object[values.length + 1];
                    withPayload[0] = payload;
                    System.arraycopy(values, 0, withPayload, 1, values.length);
                    return Arguments.of(withPayload);
                }));
    }

    @ParameterizedTest(name = "{0} {1}: {2} reaches {4}")
    @MethodSource("waysOfNamingAVersion")
    void eachWayOfNamingAVersionReachesThatVersionsBackend(PayloadVersion payload, String way, String path, String[] headers,
                                                           String received, String version) throws Exception {
        HttpResponse<byte[]> response = get(payload, path, headers);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response)).containsEntry("path", received);
        assertThat(response.headers().allValues("Api-Version")).containsExactly(version);
    }

    @ParameterizedTest
    @EnumSource(PayloadVersion.class)
    void theDeprecatedVersionAnswersWithDeprecationSunsetAndLinks(PayloadVersion payload) throws Exception {
        HttpResponse<byte[]> response = get(payload, "/v1/shop/items/7");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().allValues("Deprecation")).as("2026-06-30 as an RFC 9745 date").containsExactly("@1782777600");
        assertThat(response.headers().allValues("Sunset")).containsExactly("Wed, 30 Jun 2027 00:00:00 GMT");
        // The REST API keeps repeated headers apart (multiValueHeaders); the HTTP API's payload 2.0 joins them with commas.
        assertThat(response.headers().allValues("Link")).containsExactly(payload == PayloadVersion.V1
                ? new String[] {DEPRECATION_LINK, SUNSET_LINK}
                : new String[] {DEPRECATION_LINK + "," + SUNSET_LINK});
    }

    @ParameterizedTest
    @EnumSource(PayloadVersion.class)
    void theCurrentVersionAnnouncesNoDeprecation(PayloadVersion payload) throws Exception {
        HttpResponse<byte[]> response = get(payload, "/v2/shop/items/7");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().map()).doesNotContainKeys("Deprecation", "deprecation", "Sunset", "sunset", "Link", "link");
    }

    @ParameterizedTest
    @EnumSource(PayloadVersion.class)
    void theRetiredVersionIsGoneAsJsonWithTheMigrationLink(PayloadVersion payload) throws Exception {
        for (HttpResponse<byte[]> response : List.of(get(payload, "/v0/shop/items/7"), get(payload, "/shop/items/7", "Api-Version", "v0"))) {
            assertThat(response.statusCode()).isEqualTo(410);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
            assertThat(response.headers().allValues("Api-Version")).containsExactly("v0");
            assertThat(json(response)).containsEntry("api", "shop").containsEntry("version", "v0").containsEntry("link", MIGRATION)
                    .containsKey("requestId").doesNotContainKey("path");
        }
    }

    @ParameterizedTest
    @EnumSource(PayloadVersion.class)
    void anUnknownVersionIs400ListingTheVersionsThatExist(PayloadVersion payload) throws Exception {
        HttpResponse<byte[]> response = get(payload, "/shop/items/7", "Api-Version", "v9");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response)).containsEntry("versions", List.of("v0", "v1", "v2"))
                .containsEntry("message", "API shop has no version 'v9'; versions: v0, v1, v2");
    }

    @ParameterizedTest
    @EnumSource(PayloadVersion.class)
    void aMalformedAcceptIs400NotAGuess(PayloadVersion payload) throws Exception {
        HttpResponse<byte[]> response = get(payload, "/shop/items/7", "Accept", "application/vnd.shop.v1+json; version");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat((String) json(response).get("message")).startsWith("malformed Accept header");
    }

    @ParameterizedTest
    @EnumSource(PayloadVersion.class)
    void routeFiltersShapeWhatTheBackendReceivesAndTheAnswer(PayloadVersion payload) throws Exception {
        HttpResponse<byte[]> response = get(payload, "/api/inventory/7?color=red");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response)).as("stripPrefix: one segment less").containsEntry("path", "/inventory/7")
                .containsEntry("query", "color=red");
        assertThat(receivedHeaders(response)).as("setRequestHeader").containsEntry("X-Tenant", "demo");
        assertThat(response.headers().allValues("Cache-Control")).as("setResponseHeader").containsExactly("no-store");
    }

    @ParameterizedTest
    @EnumSource(PayloadVersion.class)
    void theHeaderConditionRouteIsChosenOnlyWithItsHeader(PayloadVersion payload) throws Exception {
        assertThat(json(get(payload, "/echo/hello", "X-Beta", "on"))).containsEntry("path", "/beta/hello");
        assertThat(json(get(payload, "/echo/hello"))).containsEntry("path", "/hello");
        assertThat(json(get(payload, "/echo/hello", "X-Beta", "off"))).as("the value must match exactly").containsEntry("path", "/hello");
    }
}
