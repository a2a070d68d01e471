package dev.lambassador.core.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lambassador.core.GatewayException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

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

    private static String matchId(RouteTable table, String method, String path) {
        return table.match("", method, RequestPath.parse(path)).route().id();
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

        assertThat(table.match("API.example.com", "GET", RequestPath.parse("/orders")).route().id()).isEqualTo("api");
        assertThat(table.match("other.example.com", "GET", RequestPath.parse("/orders")).route().id()).isEqualTo("any");
        assertThat(table.match("", "GET", RequestPath.parse("/orders")).route().id()).isEqualTo("any");
    }

    @Test
    void sameShapeAndMethodIsRejectedNamingTheWinner() {
        RouteTable.Compiled compiled = RouteTable.compile(List.of(
                route("b-second", "/users/{userId}", "GET"), route("a-first", "/users/{id}", "ANY")));

        assertThat(compiled.table().size()).isEqualTo(1);
        assertThat(compiled.rejected()).singleElement().satisfies(r -> {
            assertThat(r.routeId()).isEqualTo("b-second");
            assertThat(r.reason()).contains("a-first");
        });
    }

    @Test
    void disabledRoutesAreNotServed() {
        RouteDefinition disabled = new RouteDefinition("off", "/off", Set.of("ANY"), "", "http://b", Duration.ofSeconds(1), false);

        assertThat(RouteTable.compile(List.of(disabled)).table().size()).isZero();
    }

    @Test
    void pathParametersAreDecodedAndGreedyOnesJoined() {
        RouteTable table = table(route("files", "/buckets/{bucket}/{key+}"));

        RouteMatch match = table.match("", "GET", RequestPath.parse("/buckets/my%20bucket/a/b.txt"));

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
        assertThat(compiled.rejected()).extracting(RouteTable.Rejection::routeId).containsExactly("bad", "item 3");
    }

    @Test
    void invalidItemHoldsItsPlaceSoThatABroaderRouteDoesNotAnswerForIt() {
        RouteTable.Compiled compiled = RouteTable.compileItems(List.of(
                Map.of("id", "admin", "path", "/admin/{rest+}", "backend", "http://admin", "auth", "JWT"),
                Map.of("id", "public", "path", "/{proxy+}", "backend", "http://site", "auth", "none")));

        RouteMatch match = compiled.table().match("", "GET", RequestPath.parse("/admin/users"));

        assertThat(match.route().id()).isEqualTo("admin");
        assertThat(match.route().unavailable()).isTrue();
        assertThat(compiled.rejected()).extracting(RouteTable.Rejection::routeId).containsExactly("admin");
        assertThat(compiled.table().match("", "GET", RequestPath.parse("/home")).route().unavailable()).isFalse();
    }

    @Test
    void invalidItemWithUnreadableMethodsHoldsEveryMethod() {
        RouteTable table = RouteTable.compileItems(List.of(
                Map.of("id", "orders", "path", "/orders", "methods", List.of("FETCH"), "backend", "http://orders"))).table();

        assertThat(table.match("", "DELETE", RequestPath.parse("/orders")).route().unavailable()).isTrue();
    }

    @Test
    void invalidItemWithoutAReadablePathOrThatIsDisabledHoldsNothing() {
        RouteTable table = RouteTable.compileItems(List.of(
                Map.of("id", "a", "path", "no-slash", "backend", "http://a"),
                Map.of("id", "b", "path", "/b", "backend", "ftp://b", "enabled", false))).table();

        assertThat(table.size()).isZero();
    }
}
