package dev.lambassador.core.backend;

import static dev.lambassador.core.backend.ResilienceTest.backendItem;
import static dev.lambassador.core.backend.ResilienceTest.request;
import static dev.lambassador.core.backend.ResilienceTest.route;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lambassador.core.Gateway;
import dev.lambassador.core.GatewayResponse;
import dev.lambassador.core.route.RouteTable;
import dev.lambassador.core.route.RouteTable.Rejection;
import dev.lambassador.core.route.YamlRouteSource;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Backend items and references to them: what loads, what is refused and how it is named. */
class NamedBackendsTest {

    private final ScriptedBackend backend = ScriptedBackend.start();

    @AfterEach
    void stop() {
        backend.close();
    }

    private static List<String> reasons(RouteTable.Compiled compiled, String kind) {
        return compiled.rejected().stream().filter(rejection -> rejection.kind().equals(kind)).map(Rejection::reason).toList();
    }

    @Test
    void aMisspeltReferenceNamesTheBackendItResemblesAndItsRouteAnswers503() {
        RouteTable.Compiled compiled = RouteTable.compileItems(List.of(backendItem(backend.url(), Map.of()), route(Map.of("ref", "ordrs"))));

        assertThat(compiled.rejected()).singleElement().satisfies(rejection -> {
            assertThat(rejection.kind()).isEqualTo("route");
            assertThat(rejection.reason()).isEqualTo("backend.ref: no backend 'ordrs', did you mean 'orders'?");
        });
        GatewayResponse response = Gateway.builder().routes(compiled.table()).build().handle(request("GET", "/orders/1", ""));
        assertThat(response.status()).isEqualTo(503);
        assertThat(backend.seen()).isEmpty();
    }

    @Test
    void aReferenceToNothingAlikeSaysOnlyThatThereIsNone() {
        RouteTable.Compiled compiled = RouteTable.compileItems(List.of(route(Map.of("ref", "payments"))));

        assertThat(reasons(compiled, "route")).containsExactly("backend.ref: no backend 'payments'");
    }

    @Test
    void anInvalidBackendItemIsRejectedByFieldAndRoutesNamingItAnswer503() {
        RouteTable.Compiled compiled = RouteTable.compileItems(List.of(
                backendItem("http://orders.internal/api", Map.of("retry", Map.of("attempts", 0, "statuses", List.of(200)),
                        "circuitBreaker", Map.of("windowSize", 5, "minimumCalls", 6, "openMs", 0), "timeout", 5)),
                route(Map.of("ref", "orders"))));

        assertThat(reasons(compiled, "backend")).singleElement().satisfies(reason -> assertThat(reason.split("; ")).containsExactlyInAnyOrder(
                "timeout: is not a known attribute (keep your own notes under 'metadata')",
                "url: must be scheme, host and port only, such as https://orders.internal:8443 (a reference's 'path' says where in it),"
                        + " was 'http://orders.internal/api'",
                "retry.attempts: must be a whole number from 1 to 10, was number 0",
                "retry.statuses[0]: must be a status from 400 to 599, was number 200",
                "circuitBreaker.openMs: must be a whole number from 1 to 3600000, was 0",
                "circuitBreaker.minimumCalls: must not be above windowSize (5), was 6"));
        assertThat(reasons(compiled, "route")).containsExactly("backend.ref: backend 'orders' is invalid (its own log line says why)");
        assertThat(Gateway.builder().routes(compiled.table()).build().handle(request("GET", "/orders/1", "")).status()).isEqualTo(503);
    }

    @Test
    void aReferenceIsCheckedByField() {
        RouteTable.Compiled compiled = RouteTable.compileItems(List.of(backendItem(backend.url(), Map.of()),
                route(Map.of("ref", "orders", "pth", "/x", "retry", Map.of("maxDelayMs", 10, "baseDelayMs", 20))),
                Map.of("id", "other", "path", "/other/{id}", "backend", Map.of("ref", "orders", "path", "v2/{nope}"))));

        assertThat(reasons(compiled, "route")).containsExactlyInAnyOrder(
                "backend.pth: is not a known attribute; did you mean 'path'?; backend.retry.maxDelayMs: must not be below baseDelayMs (20)",
                "backend.path: must start with '/', was 'v2/{nope}'");
    }

    @Test
    void aPlaceholderTheRoutesPathLacksIsNamed() {
        RouteTable.Compiled compiled = RouteTable.compileItems(List.of(backendItem(backend.url(), Map.of()),
                route(Map.of("ref", "orders", "path", "/v2/{nope}"))));

        assertThat(reasons(compiled, "route")).singleElement().asString()
                .startsWith("backend.path: backend uses {nope} but the path /orders/{id} has no such parameter");
    }

    @Test
    void retryAndBreakerMapsAreCheckedByField() {
        RouteTable.Compiled compiled = RouteTable.compileItems(List.of(
                backendItem(backend.url(), Map.of("retry", "yes", "circuitBreaker", List.of(1))),
                Map.of("kind", "backend", "id", "b", "url", backend.url(),
                        "retry", Map.of("attempt", 3, "statuses", 503, "baseDelayMs", 100, "maxDelayMs", 100),
                        "circuitBreaker", Map.of("windowsize", 5)),
                Map.of("kind", "backend", "id", "c", "url", backend.url(), "retry", Map.of("statuses", List.of(503, 200, "x"))),
                Map.of("kind", "backend", "url", backend.url())));

        assertThat(reasons(compiled, "backend")).containsExactlyInAnyOrder(
                "retry: must be a map (DynamoDB type M) of [attempts, baseDelayMs, maxDelayMs, nonIdempotent, statuses], was string 'yes'; "
                        + "circuitBreaker: must be a map (DynamoDB type M) of [failureRatePercent, failureStatuses, halfOpenCalls, minimumCalls, "
                        + "openMs, slowCallMs, slowCallRatePercent, windowSize], was list [1]",
                "retry.attempt: is not a known attribute; did you mean 'attempts'?; "
                        + "retry.statuses: must be a list of numbers (DynamoDB type L or NS), was number 503; "
                        + "circuitBreaker.windowsize: is not a known attribute; did you mean 'windowSize'?",
                "retry.statuses[1]: must be a status from 400 to 599, was number 200; retry.statuses[2]: must be a status from 400 to 599, was string 'x'",
                "id: must be a string of letters, digits, '.', '_', ':' or '-' (at most 128), was missing");
        assertThat(compiled.rejected()).extracting(Rejection::routeId).contains("backend item 4");
    }

    @Test
    void aBackendItemOfAnotherTypeOrWithoutUrlIsRefused() {
        RouteTable.Compiled compiled = RouteTable.compileItems(List.of(
                Map.of("kind", "backend", "id", "grpc-one", "type", "grpc"),
                Map.of("kind", "backend", "id", "bad id!", "url", "ftp://x")));

        assertThat(reasons(compiled, "backend")).containsExactlyInAnyOrder(
                "type: must be http (the only type a backend item has yet), was 'grpc'; url: is required",
                "id: must be a string of letters, digits, '.', '_', ':' or '-' (at most 128), was string 'bad id!'; "
                        + "url: backend must be an http:// or https:// URL, was 'ftp://x'");
    }

    @Test
    void twoBackendItemsWithOneIdLoadTheFirst() {
        RouteTable.Compiled compiled = RouteTable.compileItems(List.of(backendItem(backend.url(), Map.of()),
                backendItem("http://elsewhere.invalid", Map.of()), route(Map.of("ref", "orders"))));

        assertThat(reasons(compiled, "backend")).containsExactly("the id is used by another backend item");
        assertThat(Gateway.builder().routes(compiled.table()).build().handle(request("GET", "/orders/1", "")).status()).isEqualTo(200);
    }

    @Test
    void settingsAreReadWithDefaultsForWhatIsLeftOut() {
        NamedBackends.Compiled compiled = NamedBackends.compile(List.of(backendItem("https://orders.internal:8443/", Map.of(
                "connectTimeoutMs", 500, "readTimeoutMs", 2000,
                "retry", Map.of("attempts", 4, "statuses", List.of(429, 503)),
                "circuitBreaker", Map.of("failureRatePercent", 25, "openMs", 10_000),
                "description", "the orders service", "metadata", Map.of("owner", "team-a")))));

        assertThat(compiled.rejected()).isEmpty();
        BackendRef ref = compiled.backends().reference(new HashMap<>(Map.of("ref", "orders", "path", "/v2/orders/{id}")),
                dev.lambassador.core.route.PathTemplate.parse("/orders/{id}"), new dev.lambassador.core.route.Problems());
        assertThat(ref.name()).isEqualTo("orders");
        assertThat(ref.type()).isEqualTo("ref");
        assertThat(ref.readTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(ref.retry()).isEqualTo(new RetryPolicy(4, Duration.ofMillis(50), Duration.ofSeconds(1), java.util.Set.of(429, 503), false));
        assertThat(ref.breaker()).isEqualTo(new BreakerSettings(25, 100, Duration.ofSeconds(10), 20, 10, Duration.ofSeconds(10), 1,
                java.util.Set.of(500, 502, 503, 504)));
        HttpBackend http = (HttpBackend) ref.target();
        assertThat(http.url()).isEqualTo("https://orders.internal:8443/v2/orders/{id}");
        assertThat(http.connectTimeout()).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void aReferenceCanTurnRetriesOnForABackendWithoutThem() {
        NamedBackends named = NamedBackends.compile(List.of(backendItem(backend.url(), Map.of()))).backends();

        BackendRef ref = named.reference(new HashMap<>(Map.of("ref", "orders", "retry", Map.of("attempts", 2))),
                dev.lambassador.core.route.PathTemplate.parse("/orders/{id}"), new dev.lambassador.core.route.Problems());

        assertThat(ref.retry()).isEqualTo(new RetryPolicy(2, Duration.ofMillis(50), Duration.ofSeconds(1), java.util.Set.of(502, 503, 504), false));
    }

    @Test
    void aReferenceRefinesTheBackendsOwnRetryPolicy() {
        NamedBackends named = NamedBackends.compile(List.of(backendItem(backend.url(), Map.of("retry", Map.of("attempts", 1, "baseDelayMs", 7))))).backends();

        BackendRef ref = named.reference(new HashMap<>(Map.of("ref", "orders", "retry", Map.of("nonIdempotent", true))),
                dev.lambassador.core.route.PathTemplate.parse("/orders/{id}"), new dev.lambassador.core.route.Problems());

        assertThat(ref.retry()).isEqualTo(new RetryPolicy(1, Duration.ofMillis(7), Duration.ofSeconds(1), java.util.Set.of(502, 503, 504), true));
    }

    @Test
    void equalDelaysAreAPolicy() {
        RouteTable.Compiled compiled = RouteTable.compileItems(List.of(
                backendItem(backend.url(), Map.of("retry", Map.of("baseDelayMs", 100, "maxDelayMs", 100)))));

        assertThat(compiled.rejected()).isEmpty();
    }

    @Test
    void backendsThatNeverSettleOnOneAreABugAnswered500() {
        record Restless(int depth) implements Backend {
            @Override
            public String type() {
                return "restless";
            }

            @Override
            public Backend select(dev.lambassador.core.GatewayRequest request, dev.lambassador.core.Exchange exchange) {
                return new Restless(depth + 1);
            }
        }
        Backend restless = new Restless(0);
        dev.lambassador.core.route.Route route = dev.lambassador.core.route.Route.assemble(new dev.lambassador.core.route.RouteDefinition(
                "restless", "/r", java.util.Set.of("ANY"), "", List.of(), List.of(), "restless", Duration.ofSeconds(1), true,
                dev.lambassador.core.auth.RouteAuth.NONE, java.util.Set.of(), "", Map.of(), null, false), List.of(), restless, null);
        RouteTable table = RouteTable.index(List.of(route)).table();

        assertThat(Gateway.builder().routes(table).build().handle(request("GET", "/r", "")).status()).isEqualTo(500);
    }

    @Test
    void delaysDoubleUpToTheirCap() {
        RetryPolicy policy = new RetryPolicy(10, Duration.ofMillis(50), Duration.ofMillis(700), java.util.Set.of(503), false);

        assertThat(List.of(1, 2, 3, 4, 5, 9).stream().map(policy::delayCap).map(Duration::toMillis).toList())
                .containsExactly(50L, 100L, 200L, 400L, 700L, 700L);
    }

    @Test
    void onlyIdempotentMethodsAreRetriedUnlessOptedIn() {
        RetryPolicy policy = RetryPolicy.DEFAULT;

        assertThat(List.of("GET", "HEAD", "OPTIONS", "PUT", "DELETE", "POST", "PATCH").stream().filter(policy::allows).toList())
                .containsExactly("GET", "HEAD", "OPTIONS", "PUT", "DELETE");
        assertThat(new RetryPolicy(3, Duration.ZERO, Duration.ZERO, java.util.Set.of(), true).allows("POST")).isTrue();
        assertThat(RetryPolicy.NONE.allows("GET")).isFalse();
    }

    @Test
    void anApiVersionNamesABackendAndItsPathReplacesTheBasePath() {
        Map<String, Object> api = Map.of("kind", "api", "id", "shop", "basePath", "/shop", "defaultVersion", "v2", "auth", "none");
        Map<String, Object> v2 = Map.of("kind", "version", "id", "shop:v2", "backend", Map.of("ref", "orders", "path", "/shop-v2"));
        Map<String, Object> v3 = Map.of("kind", "version", "id", "shop:v3", "backend", Map.of("ref", "shops"));
        RouteTable.Compiled compiled = RouteTable.compileItems(List.of(backendItem(backend.url(), Map.of()), api, v2, v3));

        assertThat(reasons(compiled, "version")).containsExactly("backend.ref: no backend 'shops'");
        Gateway gateway = Gateway.builder().routes(compiled.table()).build();
        assertThat(gateway.handle(request("GET", "/shop/items/7", "")).status()).isEqualTo(200);
        assertThat(gateway.handle(new dev.lambassador.core.GatewayRequest("GET", "/shop/items/7", "", Map.of(),
                dev.lambassador.core.Headers.of("Api-Version", "v3"), null, "", "req-2", Map.of())).status()).isEqualTo(503);
        assertThat(gateway.handle(request("GET", "/shop", "")).status()).isEqualTo(200);
        assertThat(backend.seen()).extracting(ScriptedBackend.Seen::path).containsExactly("/shop-v2/items/7", "/shop-v2");
    }

    @Test
    void aYamlFileListsBackendsUnderBackends() throws Exception {
        String yaml = """
                backends:
                  - id: orders
                    url: ${ORDERS_URL}
                    retry: {attempts: 2}
                routes:
                  - id: orders
                    path: /orders/{id}
                    backend: {ref: orders, path: "/v2/orders/{id}"}
                """;
        List<Map<String, Object>> items = new YamlRouteSource("test.yaml",
                () -> new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), Map.of("ORDERS_URL", backend.url())).load();

        assertThat(items).extracting(item -> item.get("kind")).containsExactly("route", "backend");
        RouteTable.Compiled compiled = RouteTable.compileItems(items);
        assertThat(compiled.rejected()).isEmpty();
        backend.answer(503, 200);
        assertThat(Gateway.builder().routes(compiled.table()).build().handle(request("GET", "/orders/5", "")).status()).isEqualTo(200);
        assertThat(backend.seen()).extracting(ScriptedBackend.Seen::path).containsExactly("/v2/orders/5", "/v2/orders/5");
    }
}
