package dev.lambassador.core.route;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lambassador.core.Exchange;
import dev.lambassador.core.GatewayRequest;
import dev.lambassador.core.Headers;
import dev.lambassador.core.transform.Template;
import dev.lambassador.testing.fuzz.Fuzz;
import dev.lambassador.testing.fuzz.Gen;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Item parsing fuzzed: route, API and version items from {@link SampleItems} and examples/routes.yaml,
 * mutated (attributes dropped, added, misspelt, of the wrong type; numbers at their edges, NaN and
 * infinities as YAML reads {@code .nan} and {@code .inf}; strings with hostile pieces), and filter
 * arguments, backends and templates among them. A bad item is reported, by field; reading it never
 * throws anything but {@link InvalidRouteException}, and a table load never rejects an item with
 * "cannot be read", which is what the load says when reading an item failed with an unexpected
 * exception. Runs: see {@link Fuzz}.
 */
class ItemFuzzTest {

    /** Attributes of route items, of their filters and backends, given values of any type. */
    private static final List<String> ATTRIBUTES = List.of("id", "path", "methods", "host", "headers", "query", "filters", "backend",
            "timeoutMs", "enabled", "auth", "scopes", "cors", "metadata", "matrixParameters", "kind", "basePath", "defaultVersion",
            "selectBy", "status", "aliases", "deprecation", "sunset", "link", "weight", "targets", "url", "type", "args", "name",
            "value", "regex", "operations", "statuses", "parts", "prefix", "maxAgeSeconds", "allowOrigins", "mediaType");

    private static List<Map<String, Object>> samples;

    @BeforeAll
    static void load() throws Exception {
        samples = new ArrayList<>(SampleItems.all("http://backend.internal:8080"));
        samples.addAll(YamlRouteSource.file(Path.of("../../examples/routes.yaml"), Map.of("ECHO_URL", "http://echo.internal")).load());
    }

    @Test
    void aMutatedRouteItemIsReadOrRefusedByField() {
        Fuzz.check("route items", 20_000, ItemFuzzTest::routeItem, item -> {
            try {
                Route.fromItem(item, "item 1", RouteFactories.DEFAULT);
            } catch (InvalidRouteException refused) {
                assertThat(refused.problems()).as("problems").isNotEmpty();
            }
        });
    }

    @Test
    void aTableOfMutatedItemsLoadsWhatItCanAndNamesWhatItCannot() {
        Fuzz.check("tables", 800, ItemFuzzTest::table, items -> {
            RouteTable.Compiled compiled = RouteTable.compileItems(items);
            assertThat(compiled.rejected()).as("rejections").noneMatch(rejection -> rejection.reason().contains("cannot be read"));
        });
    }

    @Test
    void aTemplateIsReadOrRefusedAndRendersWhateverTheRequest() {
        Fuzz.check("templates", 10_000, ItemFuzzTest::template, source -> {
            Template template;
            try {
                template = Template.parse(source);
            } catch (IllegalArgumentException refused) {
                return;
            }
            GatewayRequest request = new GatewayRequest("GET", "/x", "q=" + source, QueryString.parse("q=1"),
                    Headers.of("X-Tenant", "acme"), null, "", "r-1", Map.of());
            Exchange exchange = new Exchange(request, Instant.MAX);
            template.render(request, exchange);
            template.renderPath(request, exchange);
        });
    }

    private static String template(Random random) {
        String variable = Gen.oneOf(random, "${path.id}", "${query.q}", "${header.x-tenant}", "${caller.subject}", "${caller.plan}",
                "${requestId}", "${api}", "${version}", "$$", "${", "}", "${}", "${caller.}", "${header.}", "$");
        return random.nextBoolean() ? Gen.mangle(random, variable) : Gen.string(random) + variable + Gen.string(random);
    }

    /** One sample item, mutated; now and then an attribute gets a value of any type. */
    static Map<String, Object> routeItem(Random random) {
        return mutated(random, Gen.oneOf(random, samples));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> mutated(Random random, Map<String, Object> sample) {
        Map<String, Object> item = (Map<String, Object>) Gen.mutate(random, sample, 2 + random.nextInt(12));
        for (int i = random.nextInt(3); i > 0; i--) {
            String attribute = Gen.oneOf(random, ATTRIBUTES);
            item.put(attribute, random.nextBoolean() ? Gen.number(random) : Gen.anyValue(random, 0));
        }
        return new LinkedHashMap<>(item);
    }

    /** Some of the sample items, each mutated or not. */
    static List<Map<String, Object>> table(Random random) {
        List<Map<String, Object>> items = new ArrayList<>();
        for (Map<String, Object> sample : samples) {
            int roll = random.nextInt(4);
            if (roll == 0) {
                continue;
            }
            items.add(roll == 1 ? mutated(random, sample) : sample);
        }
        return items;
    }
}
