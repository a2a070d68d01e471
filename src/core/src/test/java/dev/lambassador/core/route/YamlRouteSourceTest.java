package dev.lambassador.core.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class YamlRouteSourceTest {

    private static YamlRouteSource yaml(String text, Map<String, String> variables) {
        return new YamlRouteSource("test.yaml", () -> new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), variables);
    }

    @Test
    void readsRoutesWithVariables() throws Exception {
        List<Map<String, Object>> items = yaml("""
                routes:
                  - id: echo
                    path: /echo/{proxy+}
                    methods: [GET, POST]
                    backend: ${ECHO_URL}/{proxy}
                    timeoutMs: 2000
                """, Map.of("ECHO_URL", "http://127.0.0.1:9000")).load();

        assertThat(items).singleElement().satisfies(item -> {
            assertThat(item).containsEntry("backend", "http://127.0.0.1:9000/{proxy}");
            assertThat(item).containsEntry("methods", List.of("GET", "POST"));
            assertThat(RouteDefinition.fromItem(item, "item 1").timeout().toMillis()).isEqualTo(2000);
        });
    }

    @Test
    void unknownVariableFailsNamingIt() {
        YamlRouteSource source = yaml("routes:\n  - backend: ${NOPE}\n", Map.of());

        assertThatThrownBy(source::load).isInstanceOf(IOException.class).hasMessageContaining("${NOPE}");
    }

    @Test
    void documentWithoutRoutesListIsRejected() {
        assertThatThrownBy(yaml("route: []\n", Map.of())::load).hasMessageContaining("'routes' list");
        assertThatThrownBy(yaml("routes: [\n", Map.of())::load).hasMessageContaining("not valid YAML");
    }

    @Test
    void nonMapEntryBecomesAnInvalidItem() throws Exception {
        List<Map<String, Object>> items = yaml("routes:\n  - just a string\n", Map.of()).load();

        assertThat(RouteTable.compileItems(items).rejected()).singleElement()
                .satisfies(r -> assertThat(r.routeId()).isEqualTo("item-1"));
    }

    @Test
    void templateVariablesAreLeftForTheFiltersAndNestedValuesAreFilled() throws Exception {
        YamlRouteSource source = yaml("""
                routes:
                  - id: r
                    backend: {type: http, url: "${ECHO_URL}/x"}
                    filters:
                      - {name: setRequestHeader, args: {name: X-A, value: "${path.id}-${requestId}-${HOME_DIR}"}}
                apis:
                  - {id: shop, basePath: /shop}
                versions:
                  - {id: "shop:v1", backend: "${ECHO_URL}"}
                """, Map.of("ECHO_URL", "http://echo", "HOME_DIR", "/h"));

        List<Map<String, Object>> items = source.load();

        assertThat(items).extracting(item -> item.get("kind")).containsExactly("route", "api", "version");
        assertThat(items.getFirst().get("backend")).isEqualTo(Map.of("type", "http", "url", "http://echo/x"));
        assertThat(items.getFirst().get("filters").toString()).contains("${path.id}-${requestId}-/h");
        assertThat(items.get(2).get("backend")).isEqualTo("http://echo");
    }
}
