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
    /** The arguments the sample items give each filter. */
    private static final Map<String, List<Map<String, Object>>> FILTER_ARGS = new java.util.HashMap<>();
    /** The backends the sample items give. */
    private static final List<Object> BACKENDS = new ArrayList<>();

    @BeforeAll
    static void load() throws Exception {
        samples = new ArrayList<>(SampleItems.all("http://backend.internal:8080"));
        samples.addAll(YamlRouteSource.file(Path.of("../../examples/routes.yaml"), Map.of("ECHO_URL", "http://echo.internal", "GRPC_TARGET", "grpc.internal:50051")).load());
        for (Map<String, Object> item : samples) {
            if (item.get("backend") != null) {
                BACKENDS.add(item.get("backend"));
            }
            if (item.get("filters") instanceof List<?> filters) {
                for (Object filter : filters) {
                    Map<?, ?> entry = (Map<?, ?>) filter;
                    @SuppressWarnings("unchecked")
                    Map<String, Object> args = (Map<String, Object>) entry.get("args");
                    FILTER_ARGS.computeIfAbsent((String) entry.get("name"), name -> new ArrayList<>()).add(args);
                }
            }
        }
    }

    @Test
    void aMutatedRouteItemIsReadOrRefusedByField() {
        Fuzz.check("route items", 15_000, ItemFuzzTest::routeItem, item -> {
            try {
                Route.fromItem(item, "item 1", RouteFactories.DEFAULT);
            } catch (InvalidRouteException refused) {
                assertThat(refused.problems()).as("problems").isNotEmpty();
            }
        });
    }

    @Test
    void aTableOfMutatedItemsLoadsWhatItCanAndNamesWhatItCannot() {
        Fuzz.check("tables", 500, ItemFuzzTest::table, items -> {
            RouteTable.Compiled compiled = RouteTable.compileItems(items);
            assertThat(compiled.rejected()).as("rejections").noneMatch(rejection -> rejection.reason().contains("cannot be read"));
        });
    }

    /**
     * A filter, a condition or a backend that is not made must say why: a factory that returned
     * nothing without a problem would leave a route without one of its filters, silently.
     */
    @Test
    void aFilterConditionOrBackendThatIsNotMadeSaysWhy() {
        Fuzz.check("filter, condition and backend arguments", 15_000, ItemFuzzTest::factoryCall, call -> {
            Problems problems = new Problems();
            Object made = call.make(problems);
            if (made == null) {
                assertThat(problems.all()).as("problems of " + call).isNotEmpty();
            }
        });
    }

    /** One call of a filter, condition or backend factory, with its (mutated) arguments. */
    private record FactoryCall(String what, Map<String, Object> args, java.util.function.Function<Problems, Object> maker) {
        Object make(Problems problems) {
            return maker.apply(problems);
        }

        @Override
        public String toString() {
            return what + " " + dev.lambassador.testing.fuzz.Show.of(args);
        }
    }

    @SuppressWarnings("unchecked")
    private static FactoryCall factoryCall(Random random) {
        Map<String, Object> args;
        switch (random.nextInt(4)) {
            case 0, 1 -> {
                String name = Gen.oneOf(random, new ArrayList<>(new java.util.TreeSet<>(RouteFactories.DEFAULT.filters().keySet())));
                List<Map<String, Object>> known = FILTER_ARGS.getOrDefault(name, List.of());
                args = known.isEmpty() || random.nextInt(4) == 0 ? arguments(random)
                        : (Map<String, Object>) Gen.mutate(random, Gen.oneOf(random, known), 2 + random.nextInt(8));
                Map<String, Object> given = args;
                return new FactoryCall("filter " + name, args, problems -> RouteFactories.DEFAULT.filter(name).orElseThrow().create(given, problems));
            }
            case 2 -> {
                PredicateFactory factory = Gen.oneOf(random, RouteFactories.DEFAULT.predicates());
                args = random.nextBoolean() ? arguments(random)
                        : (Map<String, Object>) Gen.mutate(random, Map.of("name", "X-Beta", Gen.oneOf(random, "value", "regex"), "on|[a-z]+"), 2);
                Map<String, Object> given = args;
                return new FactoryCall("condition " + factory.attribute(), args, problems -> factory.create(given, problems));
            }
            default -> {
                Object backend = random.nextBoolean() ? Gen.mutate(random, Gen.oneOf(random, BACKENDS), 2 + random.nextInt(6)) : arguments(random);
                PathTemplate template = PathTemplate.parse(Gen.oneOf(random, "/orders/{id}", "/files/{proxy+}", "/"));
                return new FactoryCall("backend for " + template.text(), Map.of("backend", String.valueOf(backend)),
                        problems -> RouteFactories.DEFAULT.backends().compile(backend, template, problems));
            }
        }
    }

    /** Arguments of any shape, with the names filters and backends read. */
    private static Map<String, Object> arguments(Random random) {
        Map<String, Object> args = new LinkedHashMap<>();
        for (int i = random.nextInt(4); i > 0; i--) {
            args.put(Gen.oneOf(random, ARGUMENT_NAMES), random.nextBoolean() ? Gen.anyValue(random, 0) : Gen.string(random));
        }
        return args;
    }

    private static final List<String> ARGUMENT_NAMES = List.of("name", "value", "from", "to", "path", "prefix", "parts", "operations",
            "statuses", "op", "template", "type", "url", "targets", "weight", "backend", "stickyHeader", "stickyCookie", "regex");

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
