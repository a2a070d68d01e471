package dev.lambassador.core.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lambassador.core.GatewayException;
import dev.lambassador.core.GatewayRequest;
import dev.lambassador.core.Headers;
import dev.lambassador.core.filter.Filter;
import dev.lambassador.core.filter.FilterFactory;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

@SuppressWarnings("unchecked")
class RouteTableTest {

    private static RouteDefinition route(String id, String path, String... methods) {
        return new RouteDefinition(id, path, Set.of(methods.length == 0 ? new String[] {"ANY"} : methods), "",
                "http://backend", Duration.ofSeconds(1), true);
    }

    private static RouteDefinition hostRoute(String id, String host, String path) {
        return new RouteDefinition(id, path, Set.of("ANY"), host, "http://backend", Duration.ofSeconds(1), true);
    }

    private static RouteTable table(RouteDefinition... definitions) {
        RouteTable.Compiled compiled = RouteTable.compile(Arrays.asList(definitions));
        assertThat(compiled.rejected()).isEmpty();
        return compiled.table();
    }

    static RouteMatch match(RouteTable table, String host, String method, String path) {
        return match(table, host, method, path, Headers.EMPTY, "");
    }

    static RouteMatch match(RouteTable table, String host, String method, String path, Headers headers, String rawQuery) {
        Headers withHost = host.isEmpty() ? headers : headers.toBuilder().set("Host", host).build();
        GatewayRequest request = new GatewayRequest(method, path, rawQuery, QueryString.parse(rawQuery), withHost, null, "", "r", Map.of());
        return table.match(request, RequestPath.parse(path));
    }

    private static String matchId(RouteTable table, String method, String path) {
        return match(table, "", method, path).route().id();
    }

    @Test
    void literalBeatsParameterBeatsGreedy() {
        RouteTable table = table(
                route("greedy", "/users/{proxy+}"),
                route("param", "/users/{id}"),
                route("literal", "/users/me"));

        assertThat(matchId(table, "GET", "/users/me")).isEqualTo("literal");
        assertThat(matchId(table, "GET", "/users/42")).isEqualTo("param");
        assertThat(matchId(table, "GET", "/users/42/orders")).isEqualTo("greedy");
    }

    @Test
    void longerTemplateBeatsShorterGreedy() {
        RouteTable table = table(route("short", "/api/{proxy+}"), route("long", "/api/v2/{proxy+}"));

        assertThat(matchId(table, "GET", "/api/v2/orders")).isEqualTo("long");
        assertThat(matchId(table, "GET", "/api/v1/orders")).isEqualTo("short");
    }

    @Test
    void literalBranchFallsBackToParameterWhenItDeadEnds() {
        RouteTable table = table(route("literal", "/a/b/c"), route("param", "/a/{x}/d"));

        assertThat(matchId(table, "GET", "/a/b/d")).isEqualTo("param");
    }

    @Test
    void greedyNeedsAtLeastOneSegment() {
        RouteTable table = table(route("greedy", "/files/{path+}"));

        assertThatThrownBy(() -> matchId(table, "GET", "/files"))
                .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.status()).isEqualTo(404));
        assertThat(matchId(table, "GET", "/files/a")).isEqualTo("greedy");
    }

    @Test
    void rootPathMatchesOnlyTheRootRoute() {
        RouteTable table = table(route("root", "/"), route("all", "/{proxy+}"));

        assertThat(matchId(table, "GET", "/")).isEqualTo("root");
        assertThat(matchId(table, "GET", "/x")).isEqualTo("all");
    }

    @Test
    void unknownPathIs404() {
        RouteTable table = table(route("orders", "/orders"));

        assertThatThrownBy(() -> matchId(table, "GET", "/customers"))
                .isInstanceOfSatisfying(GatewayException.class, e -> {
                    assertThat(e.status()).isEqualTo(404);
                    assertThat(e.getMessage()).contains("GET /customers");
                });
    }

    @Test
    void knownPathWithWrongMethodIs405WithAllow() {
        RouteTable table = table(route("orders", "/orders", "GET", "POST"));

        assertThatThrownBy(() -> matchId(table, "DELETE", "/orders"))
                .isInstanceOfSatisfying(GatewayException.class, e -> {
                    assertThat(e.status()).isEqualTo(405);
                    assertThat(e.headers().first("Allow")).contains("GET, POST");
                });
    }

    @Test
    void everyOneOfThousandsOfSiblingSegmentsFindsItsOwnRoute() {
        // "Aa" and "BB" share a hash code, as do "AaAa", "BBBB", "AaBB" and "BBAa": siblings that must probe past each other.
        // Up to 8 characters a segment is compared packed in a long, longer ones by equals: both kinds side by side.
        List<String> names = new java.util.ArrayList<>(List.of("Aa", "BB", "AaAa", "BBBB", "AaBB", "BBAa", "a", "ab", "abcdefgh",
                "abcdefghi", "segment-longer-than-eight", "segment-longer-than-eighT"));
        for (int i = 0; i < 3_000; i++) {
            names.add("svc" + i);
        }
        RouteTable table = table(names.stream().map(name -> route("r-" + name, "/api/" + name + "/items/{id}", "GET"))
                .toArray(RouteDefinition[]::new));

        for (String name : names) {
            assertThat(matchId(table, "GET", "/api/" + name + "/items/7")).isEqualTo("r-" + name);
        }
        for (String missing : List.of("svc3000", "Ab", "BBBb", "svc", "b", "abcdefg", "abcdefghij", "segment-longer-than-eigh")) {
            assertThatThrownBy(() -> matchId(table, "GET", "/api/" + missing + "/items/7"))
                    .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.status()).isEqualTo(404));
        }
        assertThatThrownBy(() -> matchId(table, "PUT", "/api/BBBB/items/7"))
                .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.headers().first("Allow")).contains("GET"));
    }

    @Test
    void lessSpecificRouteServesAMethodTheSpecificOneLacks() {
        RouteTable table = table(route("read", "/orders/export", "GET"), route("write", "/orders/{id}", "POST"));

        assertThat(matchId(table, "POST", "/orders/export")).isEqualTo("write");
    }

    @Test
    void allowListsTheMethodsOfEveryRouteThatMatchesThePath() {
        RouteTable table = table(route("read", "/orders/export", "GET"), route("write", "/orders/{id}", "POST"));

        assertThatThrownBy(() -> matchId(table, "DELETE", "/orders/export"))
                .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.headers().first("Allow")).contains("GET, POST"));
    }

    @Test
    void methodSpecificRoutesShareAPath() {
        RouteTable table = table(route("list", "/orders", "GET"), route("create", "/orders", "POST"));

        assertThat(matchId(table, "GET", "/orders")).isEqualTo("list");
        assertThat(matchId(table, "POST", "/orders")).isEqualTo("create");
    }

    @Test
    void hostRoutesComeBeforeAnyHostRoutes() {
        RouteTable table = table(hostRoute("api", "api.example.com", "/orders"), route("any", "/orders"));

        assertThat(match(table, "API.example.com", "GET", "/orders").route().id()).isEqualTo("api");
        assertThat(match(table, "other.example.com", "GET", "/orders").route().id()).isEqualTo("any");
        assertThat(match(table, "", "GET", "/orders").route().id()).isEqualTo("any");
    }

    @Test
    void sameShapeAndMethodIsRejectedNamingTheWinner() {
        RouteTable.Compiled compiled = RouteTable.compile(List.of(
                route("b-second", "/users/{userId}", "GET", "PUT"), route("a-first", "/users/{id}", "GET")));

        assertThat(compiled.table().size()).isEqualTo(1);
        assertThat(compiled.rejected()).singleElement().satisfies(r -> {
            assertThat(r.routeId()).isEqualTo("b-second");
            assertThat(r.reason()).contains("a-first");
        });
    }

    @Test
    void aRouteNamingTheMethodBeatsAnAnyRouteOfTheSamePath() {
        RouteTable table = table(route("any", "/users/{id}", "ANY"), route("get", "/users/{id}", "GET"));

        assertThat(matchId(table, "GET", "/users/1")).isEqualTo("get");
        assertThat(matchId(table, "DELETE", "/users/1")).isEqualTo("any");
    }

    @Test
    void disabledRoutesAreNotServed() {
        RouteDefinition disabled = new RouteDefinition("off", "/off", Set.of("ANY"), "", "http://b", Duration.ofSeconds(1), false);

        assertThat(RouteTable.compile(List.of(disabled)).table().size()).isZero();
    }

    @Test
    void pathParametersAreDecodedAndGreedyOnesJoined() {
        RouteTable table = table(route("files", "/buckets/{bucket}/{key+}"));

        RouteMatch match = match(table, "", "GET", "/buckets/my%20bucket/a/b.txt");

        assertThat(match.pathParameters()).containsEntry("bucket", "my bucket").containsEntry("key", "a/b.txt");
    }

    @Test
    void invalidItemsAreRejectedAndTheRestLoad() {
        RouteTable.Compiled compiled = RouteTable.compileItems(List.of(
                Map.of("id", "good", "path", "/good", "backend", "http://b"),
                Map.of("id", "bad", "path", "no-slash", "backend", "http://b"),
                Map.of("path", "/anonymous", "backend", "http://b")));

        assertThat(compiled.table().routes()).filteredOn(route -> !route.unavailable()).extracting(Route::id).containsExactly("good");
        assertThat(compiled.table().routes()).filteredOn(Route::unavailable).extracting(Route::id)
                .as("the item without an id holds its path's place").containsExactly("item-3");
        assertThat(compiled.rejected()).extracting(RouteTable.Rejection::routeId).containsExactly("bad", "item-3");
    }

    @Test
    void invalidItemHoldsItsPlaceSoThatABroaderRouteDoesNotAnswerForIt() {
        RouteTable.Compiled compiled = RouteTable.compileItems(List.of(
                Map.of("id", "admin", "path", "/admin/{rest+}", "backend", "http://admin", "auth", "JWT"),
                Map.of("id", "public", "path", "/{proxy+}", "backend", "http://site", "auth", "none")));

        RouteMatch match = match(compiled.table(), "", "GET", "/admin/users");

        assertThat(match.route().id()).isEqualTo("admin");
        assertThat(match.route().unavailable()).isTrue();
        assertThat(compiled.rejected()).extracting(RouteTable.Rejection::routeId).containsExactly("admin");
        assertThat(match(compiled.table(), "", "GET", "/home").route().unavailable()).isFalse();
    }

    @Test
    void invalidItemWithUnreadableMethodsHoldsEveryMethod() {
        RouteTable table = RouteTable.compileItems(List.of(
                Map.of("id", "orders", "path", "/orders", "methods", List.of("FETCH"), "backend", "http://orders"))).table();

        assertThat(match(table, "", "DELETE", "/orders").route().unavailable()).isTrue();
    }

    @Test
    void invalidItemWithoutAReadablePathOrThatIsDisabledHoldsNothing() {
        RouteTable table = RouteTable.compileItems(List.of(
                Map.of("id", "a", "path", "no-slash", "backend", "http://a"),
                Map.of("id", "b", "path", "/b", "backend", "ftp://b", "enabled", false))).table();

        assertThat(table.size()).isZero();
    }

    private static Map<String, Object> item(String id, String path, Object... pairs) {
        Map<String, Object> item = new java.util.HashMap<>(Map.of("id", id, "path", path, "backend", "http://" + id));
        for (int i = 0; i < pairs.length; i += 2) {
            item.put((String) pairs[i], pairs[i + 1]);
        }
        return item;
    }

    private static RouteTable items(Map<String, Object>... items) {
        RouteTable.Compiled compiled = RouteTable.compileItems(List.of(items));
        assertThat(compiled.rejected()).isEmpty();
        return compiled.table();
    }

    private static String matchId(RouteTable table, String method, String path, Headers headers, String rawQuery) {
        return match(table, "", method, path, headers, rawQuery).route().id();
    }

    @Test
    void aHeaderConditionSelectsBetweenRoutesOfTheSamePathAndMethod() {
        RouteTable table = items(
                item("plain", "/orders", "methods", List.of("GET")),
                item("beta", "/orders", "methods", List.of("GET"), "headers", List.of(Map.of("name", "X-Beta", "value", "on"))));

        assertThat(matchId(table, "GET", "/orders", Headers.of("x-beta", "on"), "")).isEqualTo("beta");
        assertThat(matchId(table, "GET", "/orders", Headers.of("X-Beta", "ON"), "")).as("values are case-sensitive").isEqualTo("plain");
        assertThat(matchId(table, "GET", "/orders", Headers.EMPTY, "")).isEqualTo("plain");
    }

    @Test
    void presentExactAndRegexConditionsOnQueryParameters() {
        RouteTable table = items(
                item("present", "/q", "query", List.of(Map.of("name", "debug"))),
                item("exact", "/q", "query", List.of(Map.of("name", "mode", "value", "a b"))),
                item("regex", "/q", "query", List.of(Map.of("name", "page", "regex", "[0-9]+"))),
                item("fallback", "/q"));

        assertThat(matchId(table, "GET", "/q", Headers.EMPTY, "debug")).isEqualTo("present");
        assertThat(matchId(table, "GET", "/q", Headers.EMPTY, "mode=a%20b")).isEqualTo("exact");
        assertThat(matchId(table, "GET", "/q", Headers.EMPTY, "page=12")).isEqualTo("regex");
        assertThat(matchId(table, "GET", "/q", Headers.EMPTY, "page=12x")).as("a regex matches the whole value").isEqualTo("fallback");
    }

    @Test
    void precedenceIsMethodThenHeaderCountThenQueryCountThenId() {
        Map<String, Object> header = Map.of("name", "X-A");
        Map<String, Object> header2 = Map.of("name", "X-B");
        Map<String, Object> query = Map.of("name", "a");
        Map<String, Object> query2 = Map.of("name", "b");
        RouteTable table = items(
                item("any-with-headers", "/p", "headers", List.of(header, header2)),
                item("get-one-query", "/p", "methods", List.of("GET"), "query", List.of(query)),
                item("get-two-queries", "/p", "methods", List.of("GET"), "query", List.of(query, query2)),
                item("get-one-header", "/p", "methods", List.of("GET"), "headers", List.of(header)),
                item("b-get-header-b", "/p", "methods", List.of("GET"), "headers", List.of(header2)),
                item("a-get-header-b", "/p", "methods", List.of("GET"), "headers", List.of(header2), "query", List.of(query2)));
        Headers both = Headers.of("X-A", "1", "X-B", "1");

        assertThat(matchId(table, "GET", "/p", both, "a&b")).as("method beats two headers").isEqualTo("a-get-header-b");
        assertThat(matchId(table, "GET", "/p", Headers.of("X-A", "1"), "a&b")).as("a header beats two query parameters")
                .isEqualTo("get-one-header");
        assertThat(matchId(table, "GET", "/p", Headers.EMPTY, "a&b")).isEqualTo("get-two-queries");
        assertThat(matchId(table, "GET", "/p", Headers.of("X-B", "1"), "")).as("then the id").isEqualTo("b-get-header-b");
        assertThat(matchId(table, "POST", "/p", both, "")).isEqualTo("any-with-headers");
    }

    @Test
    void unmetConditionsFallThroughToALessSpecificPath() {
        RouteTable table = items(
                item("beta-orders", "/orders/{id}", "headers", List.of(Map.of("name", "X-Beta"))),
                item("catch-all", "/{proxy+}"));

        assertThat(matchId(table, "GET", "/orders/1", Headers.of("X-Beta", "1"), "")).isEqualTo("beta-orders");
        assertThat(matchId(table, "GET", "/orders/1", Headers.EMPTY, "")).isEqualTo("catch-all");
    }

    @Test
    void routesWhoseConditionsFailAreNotOfferedInAllow() {
        RouteTable table = items(
                item("post", "/forms", "methods", List.of("POST")),
                item("put-beta", "/forms", "methods", List.of("PUT"), "headers", List.of(Map.of("name", "X-Beta"))));

        assertThatThrownBy(() -> match(table, "", "GET", "/forms"))
                .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.headers().all("Allow")).containsExactly("POST"));
        assertThatThrownBy(() -> match(table, "", "GET", "/forms", Headers.of("X-Beta", "1"), ""))
                .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.headers().all("Allow")).containsExactly("POST, PUT"));
    }

    @Test
    void routesWithTheSameConditionsConflictAndOthersDoNot() {
        RouteTable.Compiled compiled = RouteTable.compileItems(List.of(
                item("a", "/x", "headers", List.of(Map.of("name", "X-V", "value", "1"))),
                item("b", "/x", "headers", List.of(Map.of("name", "X-V", "value", "1"))),
                item("c", "/x", "headers", List.of(Map.of("name", "X-V", "value", "2"))),
                item("d", "/x")));

        assertThat(compiled.table().routes()).extracting(Route::id).containsExactly("a", "c", "d");
        assertThat(compiled.rejected()).singleElement().satisfies(r -> {
            assertThat(r.routeId()).isEqualTo("b");
            assertThat(r.reason()).contains("conditions as route 'a'");
        });
    }

    @Test
    void aBrokenConditionalRouteNeverTakesThePlaceOfAValidOne() {
        RouteTable.Compiled compiled = RouteTable.compileItems(List.of(
                item("a-broken-canary", "/orders", "headers", List.of("not a map"), "backend", "ftp://nope"),
                item("orders", "/orders")));

        assertThat(matchId(compiled.table(), "GET", "/orders", Headers.EMPTY, "")).isEqualTo("orders");
        assertThat(compiled.rejected()).extracting(RouteTable.Rejection::routeId).containsExactly("a-broken-canary");
    }

    @Test
    void aBrokenConditionalRouteWithReadableConditionsHoldsOnlyItsOwnRequests() {
        RouteTable table = RouteTable.compileItems(List.of(
                item("beta", "/orders", "headers", List.of(Map.of("name", "X-Beta")), "backend", "ftp://nope"),
                item("orders", "/orders"))).table();

        assertThat(match(table, "", "GET", "/orders", Headers.of("X-Beta", "1"), "").route().unavailable()).isTrue();
        assertThat(matchId(table, "GET", "/orders", Headers.EMPTY, "")).isEqualTo("orders");
    }

    @Test
    void anInvalidItemHoldsOnlyItsOwnMethods() {
        RouteTable table = RouteTable.compileItems(List.of(
                item("read", "/orders", "methods", List.of("GET"), "backend", "ftp://orders"),
                item("catch-all", "/{proxy+}"))).table();

        assertThat(match(table, "", "GET", "/orders").route().unavailable()).isTrue();
        assertThat(matchId(table, "POST", "/orders")).isEqualTo("catch-all");
    }

    @Test
    void anInvalidItemWithAnUnreadableConditionHoldsNoneOfItsConditions() {
        RouteTable.Compiled compiled = RouteTable.compileItems(List.of(
                item("a-broken-canary", "/orders", "headers", List.of(Map.of("name", "X-Beta"), Map.of("name", "X-A", "regex", "(")),
                        "backend", "ftp://nope"),
                item("orders", "/orders")));

        assertThat(matchId(compiled.table(), "GET", "/orders", Headers.of("X-Beta", "1", "X-A", "("), "")).isEqualTo("orders");
    }

    @Test
    void anInvalidItemsPlaceholderHasNoBackendToCall() {
        RouteTable table = RouteTable.compileItems(List.of(item("orders", "/orders", "backend", "ftp://orders"))).table();

        assertThat(table.routes()).singleElement().satisfies(route -> assertThat(route.backend().type()).isEqualTo("unavailable"));
    }

    @Test
    void aConditionalRouteCanShareAnApisBasePath() {
        RouteTable table = items(
                Map.of("kind", "api", "id", "orders", "basePath", "/orders", "defaultVersion", "v1", "auth", "none"),
                Map.of("kind", "version", "id", "orders:v1", "backend", "http://orders-v1"),
                item("a-beta", "/orders", "headers", List.of(Map.of("name", "X-Beta"))),
                item("z-canary", "/orders", "headers", List.of(Map.of("name", "X-Canary"))));

        assertThat(matchId(table, "GET", "/orders", Headers.of("X-Beta", "1"), "")).isEqualTo("a-beta");
        assertThat(matchId(table, "GET", "/orders", Headers.of("X-Canary", "1"), "")).isEqualTo("z-canary");
        assertThat(matchId(table, "GET", "/orders", Headers.EMPTY, "")).isEqualTo("api orders");
    }

    @Test
    void aRouteDescribesItselfByIdMethodsAndPath() {
        RouteTable table = items(item("orders", "/orders/{id}", "methods", List.of("GET", "PUT")));

        assertThat(table.routes().getFirst()).hasToString("Route[orders [GET, PUT] /orders/{id}]");
    }

    @Test
    void aSecondItemWithTheSameIdIsRejected() {
        RouteTable.Compiled compiled = RouteTable.compileItems(List.of(item("orders", "/orders"), item("orders", "/orders/{id}")));

        assertThat(compiled.table().size()).isEqualTo(1);
        assertThat(compiled.rejected()).singleElement().satisfies(rejection -> {
            assertThat(rejection.routeId()).isEqualTo("orders");
            assertThat(rejection.reason()).isEqualTo("the id is used by another route");
        });
    }

    @Test
    void conditionsRankRoutesOfAHostToo() {
        RouteTable table = items(
                item("a-plain", "/orders", "host", "api.example.com"),
                item("b-beta", "/orders", "host", "api.example.com", "headers", List.of(Map.of("name", "X-Beta"))));

        assertThat(match(table, "api.example.com", "GET", "/orders", Headers.of("X-Beta", "1"), "").route().id()).isEqualTo("b-beta");
    }

    @Test
    void conditionsRankRoutesBelowAPathParameterToo() {
        RouteTable table = items(
                item("a-plain", "/orders/{id}/items"),
                item("b-beta", "/orders/{id}/items", "headers", List.of(Map.of("name", "X-Beta"))));

        assertThat(matchId(table, "GET", "/orders/1/items", Headers.of("X-Beta", "1"), "")).isEqualTo("b-beta");
    }

    @Test
    void anItemThatCannotBeReadIsRejectedByPositionAndHoldsItsPath() {
        FilterFactory broken = new FilterFactory() {
            @Override
            public String name() {
                return "broken";
            }

            @Override
            public Filter create(Map<String, Object> args, Problems problems) {
                throw new IllegalStateException("a bug");
            }
        };
        Map<String, Object> unreadable = Map.of("path", "/orders", "backend", "http://orders", "filters", List.of(Map.of("name", "broken")));

        RouteTable.Compiled compiled = RouteTable.compileItems(List.of(item("other", "/other"), unreadable),
                RouteFactories.DEFAULT.withFilter(broken));

        assertThat(compiled.rejected()).singleElement().satisfies(rejection -> {
            assertThat(rejection.routeId()).isEqualTo("item-2");
            assertThat(rejection.reason()).isEqualTo("cannot be read: java.lang.IllegalStateException: a bug");
        });
        assertThat(match(compiled.table(), "", "GET", "/orders").route().unavailable()).isTrue();
    }
}
