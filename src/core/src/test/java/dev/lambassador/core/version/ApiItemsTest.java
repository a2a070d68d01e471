package dev.lambassador.core.version;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lambassador.core.Exchange;
import dev.lambassador.core.GatewayRequest;
import dev.lambassador.core.Headers;
import dev.lambassador.core.auth.RouteAuth;
import dev.lambassador.core.backend.Backend;
import dev.lambassador.core.backend.BackendFactory;
import dev.lambassador.core.backend.Backends;
import dev.lambassador.core.route.PathTemplate;
import dev.lambassador.core.route.Problems;
import dev.lambassador.core.route.Route;
import dev.lambassador.core.route.RouteDefinition;
import dev.lambassador.core.route.RouteFactories;
import dev.lambassador.core.route.RouteTable;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Loading API and version items: what each is refused for, and the routes a valid API makes. */
class ApiItemsTest {

    private static Map<String, Object> api(Object... pairs) {
        Map<String, Object> item = new HashMap<>(Map.of("kind", "api", "id", "orders", "basePath", "/orders",
                "defaultVersion", "v2", "auth", "none"));
        return with(item, pairs);
    }

    private static Map<String, Object> version(String id, Object... pairs) {
        return with(new HashMap<>(Map.of("kind", "version", "id", id, "backend", "http://" + id.replace(':', '-'))), pairs);
    }

    private static Map<String, Object> with(Map<String, Object> item, Object... pairs) {
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i + 1] == null) {
                item.remove((String) pairs[i]);
            } else {
                item.put((String) pairs[i], pairs[i + 1]);
            }
        }
        return item;
    }

    @SafeVarargs
    private static RouteTable.Compiled compile(Map<String, Object>... items) {
        return RouteTable.compileItems(List.of(items));
    }

    /** The one rejection of a kind (an API's versions are rejected too when it is), as "kind id: reason". */
    @SafeVarargs
    private static String rejection(String kind, Map<String, Object>... items) {
        List<RouteTable.Rejection> rejected = compile(items).rejected().stream().filter(r -> r.kind().equals(kind)).toList();
        assertThat(rejected).hasSize(1);
        RouteTable.Rejection rejection = rejected.getFirst();
        return rejection.kind() + " " + rejection.routeId() + ": " + rejection.reason();
    }

    private static RouteDefinition definition(RouteTable.Compiled compiled, String routeId) {
        return compiled.table().routes().stream().filter(route -> route.id().equals(routeId)).findFirst().orElseThrow().definition();
    }

    @Test
    void anApiIdOfOtherCharactersIsRefused() {
        assertThat(rejection("api", api("id", "orders!"), version("orders!:v2")))
                .startsWith("api orders!: id: must be letters, digits, '.', '_' or '-' (at most 64), was string 'orders!'");
    }

    @Test
    void anApiItemWithoutAnIdIsNamedByItsPosition() {
        RouteTable.Compiled compiled = compile(api("id", "billing", "basePath", "/billing", "defaultVersion", "v1"),
                version("billing:v1"), api("id", null));

        assertThat(compiled.rejected()).extracting(RouteTable.Rejection::kind, RouteTable.Rejection::routeId)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("api", "api item 2"));
    }

    @Test
    void anUnknownApiAttributeIsRefused() {
        assertThat(rejection("api", api("colour", "red"), version("orders:v2"))).contains("colour: is not a known attribute");
    }

    @Test
    void aBasePathWithParametersIsRefused() {
        assertThat(rejection("api", api("basePath", "/orders/{id}"), version("orders:v2")))
                .contains("basePath: must be literal segments only, like /orders, was '/orders/{id}'");
    }

    @Test
    void aBasePathThatIsNotAPathIsRefused() {
        assertThat(rejection("api", api("basePath", "orders"), version("orders:v2"))).contains("basePath: path must start with '/'");
    }

    @Test
    void anUnknownWayToSelectAVersionIsRefused() {
        assertThat(rejection("api", api("selectBy", List.of("header", "cookie")), version("orders:v2")))
                .contains("selectBy: unknown way to select a version 'cookie'; use any of [path, header, mediaType, query]");
    }

    @Test
    void aDefaultVersionThatIsNotLoadedListsTheVersionsThatAre() {
        assertThat(rejection("api", api("defaultVersion", "v3"), version("orders:v1"), version("orders:v2")))
                .contains("defaultVersion: 'v3' is not a loaded version of this API; versions: v1, v2");
    }

    @Test
    void aDefaultVersionOfAnApiWithoutVersionsSaysThereAreNone() {
        assertThat(rejection("api", api())).contains("defaultVersion: 'v2' is not a loaded version of this API; versions: none");
    }

    @Test
    void aDefaultVersionWhoseItemIsInvalidSaysSo() {
        RouteTable.Compiled compiled = compile(api(), version("orders:v2", "status", "beta"));

        assertThat(compiled.rejected()).filteredOn(rejection -> rejection.kind().equals("api")).singleElement()
                .satisfies(rejection -> assertThat(rejection.reason())
                        .isEqualTo("defaultVersion: 'v2' is not a loaded version of this API (its item is invalid)"));
    }

    @Test
    void anApiItemThatCannotBeReadCostsThatApiAndHoldsItsBasePath() {
        Map<String, Object> unreadable = new HashMap<>(api()) {
            @Override
            public Object get(Object key) {
                if ("defaultVersion".equals(key)) {
                    throw new IllegalStateException("a bug");
                }
                return super.get(key);
            }
        };

        RouteTable.Compiled compiled = compile(unreadable, version("orders:v2"));

        assertThat(compiled.rejected()).extracting(RouteTable.Rejection::kind, RouteTable.Rejection::reason).contains(
                org.assertj.core.groups.Tuple.tuple("api", "cannot be read: java.lang.IllegalStateException: a bug"));
        assertThat(compiled.table().routes()).filteredOn(Route::unavailable).extracting(Route::id)
                .containsExactlyInAnyOrder("api orders", "api orders /{proxy+}");
    }

    @Test
    void aVersionItemThatCannotBeReadCostsThatVersionOnly() {
        BackendFactory broken = new BackendFactory() {
            @Override
            public String type() {
                return "broken";
            }

            @Override
            public Backend create(Map<String, Object> args, PathTemplate template, Backends backends, Problems problems) {
                throw new IllegalStateException("a bug");
            }
        };
        RouteFactories factories = RouteFactories.DEFAULT.withBackends(Backends.DEFAULT.with(broken));

        RouteTable.Compiled compiled = RouteTable.compileItems(List.of(api(), version("orders:v2"),
                version("orders:v3", "backend", Map.of("type", "broken"))), factories);

        assertThat(compiled.rejected()).singleElement().satisfies(rejection -> {
            assertThat(rejection.routeId()).isEqualTo("orders:v3");
            assertThat(rejection.reason()).isEqualTo("cannot be read: java.lang.IllegalStateException: a bug");
        });
    }

    @Test
    void aVersionItemWithoutAnApiVersionIdIsNamedByItsPosition() {
        RouteTable.Compiled compiled = compile(api(), version("orders:v2"), version("v3"));

        assertThat(compiled.rejected()).singleElement().satisfies(rejection -> {
            assertThat(rejection.routeId()).isEqualTo("version item 2");
            assertThat(rejection.reason()).startsWith("id: must be API:VERSION, e.g. orders:v2");
        });
    }

    @Test
    void anAliasThatIsNotAVersionNameIsRefused() {
        assertThat(rejection("version", api(), version("orders:v2"), version("orders:v3", "aliases", List.of("three point oh"))))
                .contains("aliases: 'three point oh' is not a version name");
    }

    @Test
    void aSunsetBeforeTheDeprecationIsRefused() {
        assertThat(rejection("version", api(), version("orders:v2"),
                version("orders:v1", "status", "deprecated", "deprecation", "2026-06-01", "sunset", "2026-05-31")))
                .contains("sunset: is before the deprecation date");
    }

    @Test
    void aSunsetAloneOrOnTheDeprecationDateIsAccepted() {
        RouteTable.Compiled compiled = compile(api(), version("orders:v2", "sunset", "2027-01-01"),
                version("orders:v1", "status", "deprecated", "deprecation", "2026-06-01", "sunset", "2026-06-01T00:00:00Z"));

        assertThat(compiled.rejected()).isEmpty();
    }

    @Test
    void aVersionThatIsNotRetiredNeedsABackend() {
        assertThat(rejection("version", api(), version("orders:v2"), version("orders:v3", "backend", null)))
                .contains("backend: is required (only a retired version has none)");
    }

    @Test
    void aPlainHttpLinkIsAccepted() {
        assertThat(compile(api(), version("orders:v2", "link", "http://docs.example.com/orders")).rejected()).isEmpty();
    }

    @Test
    void aLinkThatIsNotAnAbsoluteHttpUrlIsRefused() {
        for (String link : List.of("ftp://docs.example.com/orders", "https://docs example.com", "mailto:docs@example.com")) {
            assertThat(rejection("version", api(), version("orders:v2"), version("orders:v3", "link", link))).as(link)
                    .contains("link: must be an absolute http(s) URL, was '" + link + "'");
        }
    }

    @Test
    void aVersionBackendThatIsNeitherAUrlNorAMapIsRefused() {
        assertThat(rejection("version", api(), version("orders:v2"), version("orders:v3", "backend", 42)))
                .contains("backend: must be a URL (DynamoDB type S) or a map with a type (type M), was number 42");
    }

    @Test
    void aVersionBackendThatNeedsAParameterTheApisBasePathLacksIsRefused() {
        assertThat(rejection("version", api(), version("orders:v2"), version("orders:v3", "backend", "http://orders-v3/{proxy}")))
                .contains("backend.url").contains("{proxy}");
    }

    @Test
    void aWeightedTargetThatIsNotAMapIsRefusedForWhatItIs() {
        assertThat(rejection("version", api(), version("orders:v2"), version("orders:v3", "backend",
                Map.of("type", "weighted", "targets", List.of("http://orders-v3"))))).contains("was string 'http://orders-v3'");
    }

    @Test
    void theVersionWithTheEarlierIdKeepsANameTwoVersionsClaim() {
        RouteTable.Compiled compiled = compile(api(), version("orders:v3", "aliases", List.of("2")),
                version("orders:v2", "aliases", List.of("2")));

        assertThat(compiled.rejected()).extracting(RouteTable.Rejection::routeId).containsExactly("orders:v3");
    }

    @Test
    void anApisRoutesCarryItsHostAuthScopesAndTimeout() {
        RouteTable.Compiled compiled = compile(api("host", "api.example.com", "auth", "jwt", "scopes", List.of("orders:read"),
                "timeoutMs", 2500), version("orders:v2"));

        RouteDefinition definition = definition(compiled, "api orders /{proxy+}");
        assertThat(definition.host()).isEqualTo("api.example.com");
        assertThat(definition.auth()).isEqualTo(RouteAuth.JWT);
        assertThat(definition.scopes()).containsExactly("orders:read");
        assertThat(definition.timeout()).isEqualTo(Duration.ofMillis(2500));
    }

    @Test
    void anApisRoutesCarryItsCorsPolicy() {
        Map<String, Object> cors = Map.of("allowOrigins", List.of("https://app.example.com"));

        Route route = compile(api("cors", cors), version("orders:v2")).table().routes().stream()
                .filter(candidate -> candidate.id().equals("api orders")).findFirst().orElseThrow();

        assertThat(route.definition().cors()).isEqualTo(cors);
        assertThat(route.cors()).isNotNull().satisfies(policy -> assertThat(policy.allowOrigins()).containsExactly("https://app.example.com"));
    }

    @Test
    void anApisRoutesSendToTheChosenVersionsBackend() {
        assertThat(compile(api(), version("orders:v2")).table().routes()).extracting(route -> route.backend().type())
                .containsOnly("version");
    }

    @Test
    void anApisBackendCannotBeCalledBeforeAVersionIsChosen() {
        Route route = compile(api(), version("orders:v2")).table().routes().getFirst();
        GatewayRequest request = new GatewayRequest("GET", "/orders", "", Map.of(), Headers.EMPTY, null, "", "r", Map.of());

        assertThatThrownBy(() -> route.backend().select(request, new Exchange(request, Instant.MAX)))
                .isInstanceOf(IllegalStateException.class).hasMessage("no API version was selected before the backend");
    }
}
