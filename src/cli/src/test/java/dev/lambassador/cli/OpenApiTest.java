package dev.lambassador.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.lambassador.testing.DynamoDbEmulator;
import dev.lambassador.testing.EmulatedDynamoDb;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/** {@code lambassador openapi}: what the gateway serves, as OpenAPI 3.1. */
@ExtendWith(DynamoDbEmulator.class)
@SuppressWarnings("unchecked")
class OpenApiTest {

    private static final String EXAMPLES = Path.of("../../examples/routes.yaml").toString();

    private final Cli cli;

    OpenApiTest(EmulatedDynamoDb dynamoDb) {
        this.cli = new Cli(dynamoDb, Map.of("ECHO_URL", "http://127.0.0.1:9000", "GRPC_TARGET", "127.0.0.1:50051"));
    }

    private static Map<String, Object> at(Map<String, Object> map, String... keys) {
        Map<String, Object> current = map;
        for (String key : keys) {
            current = (Map<String, Object>) current.get(key);
        }
        return current;
    }

    private Map<String, Object> document(String... args) {
        Cli.Result result = cli.run(args);
        assertThat(result.status()).as(result.err()).isZero();
        return (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromString(result.out());
    }

    @Test
    void everyServedPathIsDocumentedWithItsParametersAndSecurity() {
        Map<String, Object> document = document("openapi", EXAMPLES, "--server", "https://api.example.com");

        assertThat(document).containsEntry("openapi", "3.1.0").containsEntry("servers", List.of(Map.of("url", "https://api.example.com")));
        assertThat(at(document, "paths").keySet()).contains("/orders/{id}", "/echo/{proxy}", "/whoami", "/shop", "/shop/{proxy}",
                "/v1/shop/{proxy}").doesNotContain("/1/shop", "/2/shop/{proxy}");
        Map<String, Object> orders = at(document, "paths", "/orders/{id}", "get");
        assertThat(orders.get("parameters")).isEqualTo(List.of(Map.of("name", "id", "in", "path", "required", true,
                "description", "a path segment", "schema", Map.of("type", "string"))));
        assertThat(orders.get("security")).isEqualTo(List.of(Map.of("bearerAuth", List.of("orders:read"))));
        assertThat(at(orders, "responses").keySet()).containsExactly("default", "401", "403");
        assertThat(at(document, "paths", "/echo/{proxy}", "get").get("security")).isEqualTo(List.of());
        assertThat(at(document, "paths", "/whoami", "get").get("security"))
                .isEqualTo(List.of(Map.of("bearerAuth", List.of()), Map.of("apiKey", List.of())));
        assertThat(at(document, "paths", "/whoami").keySet()).containsExactly("get");
        assertThat(at(document, "components", "securitySchemes", "apiKey")).containsEntry("in", "header").containsEntry("name", "x-api-key");
    }

    @Test
    void anApiTakesItsVersionAsItsItemSays() {
        Map<String, Object> shop = at(document("openapi", EXAMPLES), "paths", "/shop", "get");

        assertThat((List<Map<String, Object>>) shop.get("parameters")).extracting(parameter -> parameter.get("name"))
                .containsExactly("Api-Version", "version");
        assertThat(((List<Map<String, Object>>) shop.get("parameters")).getFirst())
                .containsEntry("in", "header").containsEntry("schema", Map.of("type", "string", "enum", List.of("v0", "v1", "v2")));
    }

    @Test
    void aTableIsDocumentedAsJsonAndInvalidItemsAreLeftOut() throws Exception {
        String table = cli.newTable();
        cli.putDirectly(table, Map.of("kind", "route", "id", "ok", "path", "/ok", "methods", List.of("POST"), "backend", "http://ok.internal",
                "auth", "apiKey", "headers", List.of(Map.of("name", "X-Tenant", "value", "acme"))));
        cli.putDirectly(table, Map.of("kind", "route", "id", "broken", "path", "/broken", "backend", "ftp://nope"));

        Cli.Result result = cli.run("openapi", "--table", table, "--format", "json");

        assertThat(result.status()).as(result.err()).isZero();
        Map<String, Object> document = JSON.std.mapFrom(result.out());
        assertThat(at(document, "paths").keySet()).containsExactly("/ok");
        Map<String, Object> post = at(document, "paths", "/ok", "post");
        assertThat(post.get("security")).isEqualTo(List.of(Map.of("apiKey", List.of())));
        assertThat((List<Map<String, Object>>) post.get("parameters")).singleElement()
                .satisfies(parameter -> assertThat(parameter).containsEntry("name", "X-Tenant").containsEntry("in", "header")
                        .containsEntry("required", true));
    }
}
