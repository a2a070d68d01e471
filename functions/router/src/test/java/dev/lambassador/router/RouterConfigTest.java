package dev.lambassador.router;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.jr.ob.JSON;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.lambassador.core.auth.RouteAuth;
import dev.lambassador.dynamodb.AttributeValues;
import dev.lambassador.dynamodb.RoutesTable;
import dev.lambassador.testing.DynamoDbEmulator;
import dev.lambassador.testing.EmulatedDynamoDb;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(DynamoDbEmulator.class)
class RouterConfigTest {

    @RegisterExtension
    static final WireMockExtension backend = WireMockExtension.newInstance()
            .options(options().dynamicPort().bindAddress("127.0.0.1")).build();

    @Test
    void missingRouteSourceIsNamed() {
        assertThatThrownBy(() -> RouterConfig.fromEnvironment(Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ROUTES_TABLE").hasMessageContaining("ROUTES_FILE");
    }

    @Test
    void badBasePathIsNamed() {
        assertThatThrownBy(() -> RouterConfig.fromEnvironment(Map.of("ROUTES_FILE", "r.yaml", "BASE_PATH", "v1")))
                .hasMessageContaining("BASE_PATH");
    }

    @Test
    void badTtlIsNamed() {
        assertThatThrownBy(() -> RouterConfig.fromEnvironment(Map.of("ROUTES_FILE", "r.yaml", "ROUTES_TTL_SECONDS", "soon")))
                .hasMessageContaining("ROUTES_TTL_SECONDS").hasMessageContaining("soon");
    }

    @Test
    void maximumAgeDefaultsToFiveSecondsOrTheTtlWhenThatIsLonger() {
        assertThat(RouterConfig.fromEnvironment(Map.of("ROUTES_FILE", "r.yaml")).routesMaxAge()).isEqualTo(Duration.ofSeconds(5));
        assertThat(RouterConfig.fromEnvironment(Map.of("ROUTES_FILE", "r.yaml", "ROUTES_TTL_SECONDS", "60")).routesMaxAge())
                .isEqualTo(Duration.ofSeconds(60));
        assertThat(RouterConfig.fromEnvironment(Map.of("ROUTES_FILE", "r.yaml", "ROUTES_MAX_AGE_SECONDS", "9")).routesMaxAge())
                .isEqualTo(Duration.ofSeconds(9));
    }

    @Test
    void maximumAgeBelowTheTtlIsRefusedNamingBoth() {
        assertThatThrownBy(() -> RouterConfig.fromEnvironment(Map.of("ROUTES_FILE", "r.yaml", "ROUTES_TTL_SECONDS", "10",
                "ROUTES_MAX_AGE_SECONDS", "5")))
                .hasMessage("ROUTES_MAX_AGE_SECONDS must be at least ROUTES_TTL_SECONDS (10), was 5");
        assertThatThrownBy(() -> RouterConfig.fromEnvironment(Map.of("ROUTES_FILE", "r.yaml", "ROUTES_MAX_AGE_SECONDS", "later")))
                .hasMessageContaining("ROUTES_MAX_AGE_SECONDS").hasMessageContaining("later");
    }

    @Test
    void badDefaultRouteAuthIsNamed() {
        assertThatThrownBy(() -> RouterConfig.fromEnvironment(Map.of("ROUTES_FILE", "r.yaml", "DEFAULT_ROUTE_AUTH", "open")))
                .hasMessage("DEFAULT_ROUTE_AUTH must be one of none, jwt, apiKey, any, was 'open'");
    }

    @Test
    void routesThatSayNothingNeedACallerUnlessTheDeploymentOptsOut() {
        assertThat(RouterConfig.fromEnvironment(Map.of("ROUTES_FILE", "r.yaml")).defaultAuth()).isEqualTo(RouteAuth.ANY);
        assertThat(RouterConfig.fromEnvironment(Map.of("ROUTES_FILE", "r.yaml", "DEFAULT_ROUTE_AUTH", "none")).defaultAuth())
                .isEqualTo(RouteAuth.NONE);
    }

    @Test
    void settingsAreReadFromTheEnvironment(@TempDir Path dir) {
        RouterConfig config = RouterConfig.fromEnvironment(Map.of(
                "ROUTES_FILE", dir.resolve("routes.yaml").toString(), "ROUTES_TTL_SECONDS", "5", "BACKEND_CONNECT_TIMEOUT_MS", "250",
                "BASE_PATH", "/v1/"));

        assertThat(config.basePath()).isEqualTo("/v1");
        assertThat(config.routesTtl()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.connectTimeout()).isEqualTo(Duration.ofMillis(250));
        assertThat(config.routes().describe()).contains("routes.yaml");
    }

    @Test
    void handlerServesRoutesFromTheDynamoDbTable(EmulatedDynamoDb dynamoDb) throws Exception {
        String table = dynamoDb.uniqueTableName("routes");
        RoutesTable.create(dynamoDb.client(), table);
        dynamoDb.client().putItem(put -> put.tableName(table).item(AttributeValues.fromJava(Map.of(
                "kind", "route", "id", "orders", "path", "/orders/{id}", "methods", List.of("GET"),
                "backend", backend.baseUrl() + "/v2/orders/{id}", "auth", "jwt", "scopes", List.of("orders:read")))));
        backend.stubFor(get(urlEqualTo("/v2/orders/42")).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/plain").withBody("order 42")));
        Map<String, String> environment = new HashMap<>(dynamoDb.environment());
        environment.put("ROUTES_TABLE", table);
        environment.put("BACKEND_ALLOW_LOOPBACK", "true");

        RouterHandler handler = new RouterHandler(RouterConfig.fromEnvironment(environment));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(("{\"httpMethod\":\"GET\",\"path\":\"/orders/42\",\"requestContext\":"
                + "{\"authorizer\":{\"principalId\":\"alice\",\"auth\":\"jwt\",\"subject\":\"alice\",\"scopes\":\"orders:read\"}}}")
                .getBytes(StandardCharsets.UTF_8)), out, null);

        Map<String, Object> response = JSON.std.mapFrom(out.toByteArray());
        assertThat(response).containsEntry("statusCode", 200).containsEntry("body", "order 42");
    }

    @Test
    void corsSettingsMakeTheDeploymentsPolicy() {
        RouterConfig config = RouterConfig.fromEnvironment(Map.of("ROUTES_FILE", "r.yaml",
                "CORS_ALLOW_ORIGINS", "https://app.example.com, https://*.example.org", "CORS_ALLOW_CREDENTIALS", "true",
                "CORS_MAX_AGE_SECONDS", "120", "CORS_EXPOSE_HEADERS", "X-Request-Id"));

        assertThat(config.cors()).hasValueSatisfying(cors -> {
            assertThat(cors.allowOrigins()).containsExactly("https://app.example.com", "https://*.example.org");
            assertThat(cors.allowCredentials()).isTrue();
            assertThat(cors.maxAge()).hasSeconds(120);
            assertThat(cors.exposeHeaders()).containsExactly("X-Request-Id");
            assertThat(cors.allowMethods()).containsExactlyInAnyOrder("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE");
        });
        assertThat(RouterConfig.fromEnvironment(Map.of("ROUTES_FILE", "r.yaml")).cors()).isEmpty();
    }

    @Test
    void badCorsSettingsAreNamed() {
        assertThatThrownBy(() -> RouterConfig.fromEnvironment(Map.of("ROUTES_FILE", "r.yaml", "CORS_ALLOW_ORIGINS", "*",
                "CORS_ALLOW_CREDENTIALS", "true", "CORS_ALLOW_METHODS", "GET,FETCH")))
                .hasMessageContaining("CORS_ALLOW_CREDENTIALS: cannot be true with allowOrigins '*'")
                .hasMessageContaining("CORS_ALLOW_METHODS: unknown method 'FETCH'");
        assertThatThrownBy(() -> RouterConfig.fromEnvironment(Map.of("ROUTES_FILE", "r.yaml", "CORS_ALLOW_ORIGINS", "app.example.com")))
                .hasMessageContaining("CORS_ALLOW_ORIGINS: 'app.example.com' must be scheme://host[:port]");
    }
}
