package dev.lambassador.core.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lambassador.core.auth.RouteAuth;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class RouteDefinitionTest {

    private static Map<String, Object> item(Object... pairs) {
        Map<String, Object> item = new HashMap<>(Map.of("id", "orders", "path", "/orders/{id}", "backend", "http://orders:8080"));
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i + 1] == null) {
                item.remove((String) pairs[i]);
            } else {
                item.put((String) pairs[i], pairs[i + 1]);
            }
        }
        return item;
    }

    @Test
    void minimalItemGetsDefaults() {
        RouteDefinition definition = RouteDefinition.fromItem(item(), "item 1");

        assertThat(definition.methods()).containsExactly("ANY");
        assertThat(definition.timeout()).isEqualTo(RouteDefinition.DEFAULT_TIMEOUT);
        assertThat(definition.enabled()).isTrue();
        assertThat(definition.host()).isEmpty();
        assertThat(definition.auth()).isEqualTo(RouteAuth.DEFAULT);
        assertThat(definition.scopes()).isEmpty();
    }

    @Test
    void authAndScopesAreRead() {
        RouteDefinition definition = RouteDefinition.fromItem(item("auth", "jwt", "scopes", List.of("orders:write", "orders:read")), "item 1");

        assertThat(definition.auth()).isEqualTo(RouteAuth.JWT);
        assertThat(definition.scopes()).containsExactly("orders:read", "orders:write");
        assertThat(RouteDefinition.fromItem(definition.toItem(), "again")).isEqualTo(definition);
    }

    @Test
    void methodsAndScopesAreSortedAndCannotBeChangedHoweverManyThereAre() {
        for (List<String> listed : List.of(List.<String>of(), List.of("PUT"), List.of("PUT", "DELETE", "GET"))) {
            RouteDefinition definition = new RouteDefinition("r", "/r", java.util.Set.copyOf(listed), "", List.of(), List.of(),
                    "http://b", null, true, RouteAuth.JWT, java.util.Set.copyOf(listed), "", Map.of(), null, false);

            List<String> sorted = listed.stream().sorted().toList();
            assertThat(definition.methods()).containsExactlyElementsOf(listed.isEmpty() ? List.of("ANY") : sorted);
            assertThat(definition.scopes()).containsExactlyElementsOf(sorted);
            assertThatThrownBy(() -> definition.methods().add("PATCH")).isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(() -> definition.scopes().add("x")).isInstanceOf(UnsupportedOperationException.class);
            assertThat(RouteDefinition.fromItem(definition.toItem(), "again")).isEqualTo(definition);
        }
    }

    @Test
    void fullItemIsRead() {
        RouteDefinition definition = RouteDefinition.fromItem(item(
                "methods", List.of("post", "GET", "post"), "host", "API.example.com",
                "timeoutMs", new BigDecimal("2500"), "enabled", false), "item 1");

        assertThat(definition.methods()).containsExactly("GET", "POST");
        assertThat(definition.host()).isEqualTo("api.example.com");
        assertThat(definition.timeout()).isEqualTo(Duration.ofMillis(2500));
        assertThat(definition.enabled()).isFalse();
    }

    @Test
    void itemRoundTripsThroughToItem() {
        RouteDefinition definition = RouteDefinition.fromItem(item("methods", List.of("GET"), "timeoutMs", 1500), "item 1");

        assertThat(RouteDefinition.fromItem(definition.toItem(), "again")).isEqualTo(definition);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "path||path: is required",
            "path|orders|path must start with '/'",
            "path|/a/{x}/{x}|appears twice",
            "path|/a/{p+}/b|must be the last segment",
            "path|/a/x{y}|mixes text",
            "backend||backend: is required",
            "backend|ftp://orders|http:// or https://",
            "backend|http://user:pw@orders|user info",
            "backend|http://orders/{nope}|has no such parameter",
            "backend|http://{id}.internal|only stand in the URL's path",
            "backend|http://orders/#frag|fragment",
            "methods|FETCH|unknown method",
            "host|https://api.example.com|plain host name",
            "timeoutMs|soon|must be a number",
            "auth|jwks|auth: must be one of none, jwt, apiKey, any, was 'jwks'"})
    void invalidItemNamesTheRouteAndTheReason(String attribute, String value, String reason) {
        Map<String, Object> bad = item(attribute, value);

        assertThatThrownBy(() -> RouteDefinition.fromItem(bad, "item 1"))
                .isInstanceOfSatisfying(InvalidRouteException.class, e -> {
                    assertThat(e.routeId()).isEqualTo("orders");
                    assertThat(e.reason()).contains(reason);
                });
    }

    @Test
    void scopeWithASpaceIsRefused() {
        assertThatThrownBy(() -> RouteDefinition.fromItem(item("scopes", List.of("orders read")), "item 1"))
                .hasMessageContaining("route 'orders': scopes: a scope must be a non-empty string without spaces");
    }

    @Test
    void publicRouteCannotRequireScopes() {
        assertThatThrownBy(() -> RouteDefinition.fromItem(item("auth", "none", "scopes", List.of("orders:read")), "item 1"))
                .hasMessageContaining("a public route (auth none) cannot require scopes");
    }

    @Test
    void timeoutMustBeAWholePositiveNumber() {
        assertThatThrownBy(() -> RouteDefinition.fromItem(item("timeoutMs", new BigDecimal("1.5")), "item 1"))
                .hasMessageContaining("whole number");
        assertThatThrownBy(() -> RouteDefinition.fromItem(item("timeoutMs", 0), "item 1"))
                .hasMessageContaining("whole number");
    }

    @Test
    void itemWithoutIdIsNamedByPosition() {
        assertThatThrownBy(() -> RouteDefinition.fromItem(item("id", null), "item 7"))
                .isInstanceOfSatisfying(InvalidRouteException.class, e -> {
                    assertThat(e.routeId()).isEqualTo("item 7");
                    assertThat(e.reason()).contains("id: must be");
                });
    }

    @Test
    void emptyMethodListIsRejected() {
        assertThatThrownBy(() -> RouteDefinition.fromItem(item("methods", List.of()), "item 1"))
                .hasMessageContaining("methods: must not be empty");
    }

    @Test
    void everyProblemOfAnItemIsReportedByField() {
        Map<String, Object> bad = item("path", "orders", "methods", List.of("GET", "FETCH"), "timeoutMs", -1, "auth", "public",
                "backend", Map.of("type", "http", "url", "ftp://orders", "retries", 3));

        assertThatThrownBy(() -> RouteDefinition.fromItem(bad, "item 1"))
                .isInstanceOfSatisfying(InvalidRouteException.class, e -> assertThat(e.problems())
                        .extracting(Problems.Problem::field)
                        .containsExactlyInAnyOrder("path", "methods", "timeoutMs", "auth"));
    }

    @Test
    void backendProblemsAreNamedInsideTheBackend() {
        Map<String, Object> bad = item("backend", Map.of("type", "http", "url", "ftp://orders", "retries", 3));

        assertThatThrownBy(() -> RouteDefinition.fromItem(bad, "item 1"))
                .isInstanceOfSatisfying(InvalidRouteException.class, e -> assertThat(e.problems())
                        .extracting(Problems.Problem::toString)
                        .containsExactlyInAnyOrder("backend.retries: is not a known attribute",
                                "backend.url: backend must be an http:// or https:// URL, was 'ftp://orders'"));
    }

    @Test
    void unknownBackendTypeListsTheKnownOnes() {
        assertThatThrownBy(() -> RouteDefinition.fromItem(item("backend", Map.of("type", "smtp")), "item 1"))
                .hasMessageContaining("backend.type: must be one of [http, lambda, weighted], was string 'smtp'");
    }

    @Test
    void misspeltAttributeIsRefusedWithTheNameItResembles() {
        assertThatThrownBy(() -> RouteDefinition.fromItem(item("auth", "jwt", "scope", List.of("admin")), "item 1"))
                .hasMessageContaining("scope: is not a known attribute; did you mean 'scopes'?");
    }

    @Test
    void notesLiveInDescriptionAndMetadata() {
        RouteDefinition definition = RouteDefinition.fromItem(item("description", "the orders API",
                "metadata", Map.of("owner", "team-orders", "ticket", "OPS-1")), "item 1");

        assertThat(definition.description()).isEqualTo("the orders API");
        assertThat(definition.metadata()).containsEntry("owner", "team-orders");
        assertThat(RouteDefinition.fromItem(definition.toItem(), "again")).isEqualTo(definition);
    }

    @Test
    void conditionsFiltersAndTypedBackendRoundTrip() {
        Map<String, Object> full = item(
                "headers", List.of(Map.of("name", "X-Beta"), Map.of("name", "Api-Version", "value", "2")),
                "query", List.of(Map.of("name", "debug", "regex", "true|1")),
                "filters", List.of(Map.of("name", "stripPrefix", "args", Map.of("parts", 1)), Map.of("name", "setRequestHeader",
                        "args", Map.of("name", "X-Tenant", "value", "acme"))),
                "backend", Map.of("type", "weighted", "targets", List.of(
                        Map.of("name", "stable", "weight", 95, "backend", "http://v1"),
                        Map.of("name", "canary", "weight", 5, "backend", Map.of("type", "http", "url", "http://v2")))));

        RouteDefinition definition = RouteDefinition.fromItem(full, "item 1");

        assertThat(definition.conditions()).extracting(RouteDefinition.Condition::attribute).containsExactly("headers", "headers", "query");
        assertThat(definition.filters()).extracting(RouteDefinition.FilterSpec::name).containsExactly("stripPrefix", "setRequestHeader");
        assertThat(RouteDefinition.fromItem(definition.toItem(), "again")).isEqualTo(definition);
    }

    @Test
    void unknownFilterAndBadFilterArgumentsAreNamedByPosition() {
        Map<String, Object> bad = item("filters", List.of(
                Map.of("name", "setRequestHeader", "args", Map.of("name", "X-A", "value", "x\r\nInjected: 1".translateEscapes())),
                Map.of("name", "rewriteEverything"),
                Map.of("name", "setRequestHeader", "args", Map.of("name", "X-Authenticated-Subject", "value", "root"))));

        assertThatThrownBy(() -> RouteDefinition.fromItem(bad, "item 1"))
                .isInstanceOfSatisfying(InvalidRouteException.class, e -> assertThat(e.problems())
                        .extracting(Problems.Problem::field)
                        .containsExactly("filters[0].args.value", "filters[1].name", "filters[2].args.name"));
    }

    @Test
    void badConditionsAreNamedByPosition() {
        Map<String, Object> bad = item(
                "headers", List.of(Map.of("name", "X-A", "value", "1", "regex", "1"), "X-B"),
                "query", List.of(Map.of("name", "q", "regex", "(unclosed")));

        assertThatThrownBy(() -> RouteDefinition.fromItem(bad, "item 1"))
                .isInstanceOfSatisfying(InvalidRouteException.class, e -> assertThat(e.problems())
                        .extracting(Problems.Problem::toString)
                        .containsExactlyInAnyOrder("headers[0]: give value or regex, not both", "headers[1]: must be a map (DynamoDB type M), was string 'X-B'",
                                "query[0].regex: is not a valid regular expression: Unclosed group"));
    }

    /** Every problem of an item, as "field: message"; empty when it loads. */
    private static List<String> problems(Map<String, Object> item) {
        try {
            RouteDefinition.fromItem(item, "item 1");
            return List.of();
        } catch (InvalidRouteException e) {
            return e.problems().stream().map(Problems.Problem::toString).toList();
        }
    }

    @Test
    void aBlankPathIsMissing() {
        assertThat(problems(item("path", "  "))).containsExactly("path: is required");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 999, 900_000})
    void aTimeoutFromOneMillisecondToFifteenMinutesIsRead(int millis) {
        assertThat(RouteDefinition.fromItem(item("timeoutMs", millis), "item 1").timeout()).isEqualTo(Duration.ofMillis(millis));
    }

    @Test
    void aTimeoutBeyondFifteenMinutesIsRefused() {
        assertThat(problems(item("timeoutMs", 900_001))).containsExactly("timeoutMs: must be a whole number from 1 to 900000, was 900001");
    }

    @Test
    void methodsThatAreNotAListAreRefused() {
        assertThat(problems(item("methods", 42))).containsExactly("methods: must be a list of strings (DynamoDB type L or SS), was number 42");
    }

    @Test
    void aMethodThatIsNotAStringIsNamedByItsPosition() {
        assertThat(problems(item("methods", List.of("GET", 42, "PUT", true)))).containsExactly(
                "methods[1]: must be a string, was number 42", "methods[3]: must be a string, was boolean true");
    }

    @Test
    void aDescriptionThatIsNotAStringIsRefused() {
        assertThat(problems(item("description", 42))).containsExactly("description: must be a string (DynamoDB type S), was number 42");
    }

    @Test
    void anEnabledFlagThatIsNotABooleanIsRefused() {
        assertThat(problems(item("enabled", "yes"))).containsExactly("enabled: must be a boolean (DynamoDB type BOOL), was string 'yes'");
    }

    @Test
    void metadataThatIsNotAMapIsRefused() {
        assertThat(problems(item("metadata", "x"))).containsExactly("metadata: must be a map (DynamoDB type M), was string 'x'");
    }

    @Test
    void aCorsAttributeThatIsNotAMapIsRefusedOnlyForItsType() {
        assertThat(problems(item("cors", "*"))).containsExactly("cors: must be a map (DynamoDB type M), was string '*'");
    }

    @Test
    void aCorsFlagThatIsNotABooleanIsRefusedOnlyForItsType() {
        assertThat(problems(item("cors", Map.of("allowOrigins", List.of("*"), "allowCredentials", "yes"))))
                .containsExactly("cors.allowCredentials: must be a boolean (DynamoDB type BOOL), was string 'yes'");
    }

    @Test
    void filtersThatAreNotAListOfMapsAreRefused() {
        assertThat(problems(item("filters", "stripPrefix")))
                .containsExactly("filters: must be a list of maps (DynamoDB type L of M), was string 'stripPrefix'");
    }

    @Test
    void aMisspeltAttributeOfAFilterIsRefused() {
        assertThat(problems(item("filters", List.of(Map.of("name", "stripPrefix", "arg", Map.of("parts", 1))))))
                .containsExactly("filters[0].arg: is not a known attribute; did you mean 'args'?");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "tag|tag: is not a known attribute (keep your own notes under 'metadata')",
            "pth|pth: is not a known attribute; did you mean 'path'? (keep your own notes under 'metadata')",
            "x|x: is not a known attribute; did you mean 'id'? (keep your own notes under 'metadata')",
            "ath|ath: is not a known attribute; did you mean 'auth'? (keep your own notes under 'metadata')"})
    void anUnknownAttributeIsAnsweredWithTheFirstKnownNameWithinTwoEdits(String attribute, String problem) {
        assertThat(problems(item(attribute, "x"))).containsExactly(problem);
    }

    @Test
    void anIdThatIsNotAStringIsDescribedByItsType() {
        String must = "id: must be a string of letters, digits, '.', '_', ':' or '-' (at most 128), was ";
        assertThat(problems(item("id", null))).containsExactly(must + "missing");
        assertThat(problems(item("id", true))).containsExactly(must + "boolean true");
        assertThat(problems(item("id", List.of("a")))).containsExactly(must + "list [a]");
        assertThat(problems(item("id", Map.of("a", 1)))).containsExactly(must + "map {a=1}");
        assertThat(problems(item("id", 'x'))).containsExactly(must + "Character x");
    }

    @Test
    void anItemWithAnInvalidIdIsNamedByThatId() {
        assertThatThrownBy(() -> RouteDefinition.fromItem(item("id", "orders v2"), "item 7"))
                .isInstanceOfSatisfying(InvalidRouteException.class, e -> assertThat(e.routeId()).isEqualTo("orders v2"));
    }

    @Test
    void anItemWithABlankIdIsNamedByPosition() {
        assertThatThrownBy(() -> RouteDefinition.fromItem(item("id", " "), "item 7"))
                .isInstanceOfSatisfying(InvalidRouteException.class, e -> assertThat(e.routeId()).isEqualTo("item 7"));
    }
}
