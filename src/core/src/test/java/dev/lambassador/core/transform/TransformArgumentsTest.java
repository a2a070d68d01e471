package dev.lambassador.core.transform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lambassador.core.route.InvalidRouteException;
import dev.lambassador.core.route.Problems;
import dev.lambassador.core.route.RouteDefinition;
import dev.lambassador.core.route.RouteFactories;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** What the transform filters refuse in their arguments when a route loads, each problem named by its field. */
class TransformArgumentsTest {

    /** The problems of a route with one filter, as "field: message"; empty when the route loads. */
    private static List<String> problems(String filter, Object... args) {
        Map<String, Object> map = new HashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            map.put((String) args[i], args[i + 1]);
        }
        try {
            RouteDefinition.fromItem(Map.of("id", "r", "path", "/r/{id}", "backend", "http://b", "auth", "none",
                    "filters", List.of(Map.of("name", filter, "args", map))), "item 1");
            return List.of();
        } catch (InvalidRouteException e) {
            return e.problems().stream().map(Problems.Problem::toString).toList();
        }
    }

    @Test
    void everyBuiltInFilterAnswersToTheNameItIsRegisteredUnder() {
        assertThat(RouteFactories.DEFAULT.filters()).hasSize(16)
                .allSatisfy((name, factory) -> assertThat(factory.name()).isEqualTo(name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"setRequestHeader", "addRequestHeader", "removeRequestHeader", "renameRequestHeader", "setResponseHeader",
            "removeResponseHeader", "stripPrefix", "prefixPath", "rewritePath", "setQueryParameter", "addQueryParameter",
            "removeQueryParameter", "renameQueryParameter", "transformRequestJson", "transformResponseJson", "mapStatus"})
    void everyFilterRefusesAnArgumentItDoesNotKnow(String filter) {
        assertThat(problems(filter, "colour", "red")).contains("filters[0].args.colour: is not a known attribute");
    }

    @ParameterizedTest
    @ValueSource(strings = {"X Tenant", "X-Tenant\u007f", "X\"Tenant", "X-Tenant:", "X(Tenant)", "X-T\u00e9nant", "\tX"})
    void aHeaderNameThatIsNotATokenIsRefused(String name) {
        assertThat(problems("setResponseHeader", "name", name, "value", "x"))
                .containsExactly("filters[0].args.name: '" + name + "' is not a valid header name");
    }

    /**
     * Found by {@code ItemFuzzTest}: a template given as null (YAML's {@code value:}, DynamoDB's NULL) made
     * no filter and no problem, so the route loaded without the filter. So did mapStatus's statuses.
     */
    @ParameterizedTest
    @CsvSource({"setRequestHeader,value", "addRequestHeader,value", "setResponseHeader,value", "setQueryParameter,value",
            "addQueryParameter,value", "rewritePath,path"})
    void aTemplateGivenAsNullIsRefusedNotDropped(String filter, String field) {
        Map<String, Object> args = new HashMap<>();
        args.put(field, null);
        if (!filter.equals("rewritePath")) {
            args.put("name", "X-Tenant");
        }

        assertThat(problems(filter, args.entrySet().stream().flatMap(entry -> java.util.stream.Stream.of(entry.getKey(), entry.getValue()))
                .toArray())).containsExactly("filters[0].args." + field + ": is required");
    }

    @Test
    void statusesGivenAsNullAreRefusedNotDropped() {
        assertThat(problems("mapStatus", "statuses", null)).containsExactly("filters[0].args.statuses: needs at least one pair, like {'404': 410}");
    }

    @Test
    void aHeaderValueIsRequired() {
        assertThat(problems("setRequestHeader", "name", "X-Tenant")).containsExactly("filters[0].args.value: is required");
    }

    @Test
    void aHeaderValueThatIsNotAStringIsRefusedOnlyForItsType() {
        assertThat(problems("setRequestHeader", "name", "X-Tenant", "value", 42))
                .containsExactly("filters[0].args.value: must be a string (DynamoDB type S), was number 42");
    }

    @Test
    void aValueThatStartsWithAControlCharacterIsRefused() {
        assertThat(problems("addRequestHeader", "name", "X-Tenant", "value", "\nacme"))
                .containsExactly("filters[0].args.value: has a control character (CR, LF, NUL, ...)");
    }

    @Test
    void aQueryParameterNameWithAControlCharacterIsRefused() {
        assertThat(problems("removeQueryParameter", "name", "\u0001debug")).containsExactly("filters[0].args.name: has a control character");
        assertThat(problems("renameQueryParameter", "from", "q", "to", "sea\nrch")).containsExactly("filters[0].args.to: has a control character");
    }

    @Test
    void aTemplateVariableOfTheApiOrVersionTakesNoField() {
        assertThat(problems("setRequestHeader", "name", "X-Api", "value", "${api.id}")).singleElement().asString()
                .startsWith("filters[0].args.value: unknown variable ${api.id}");
        assertThat(problems("setRequestHeader", "name", "X-Api", "value", "${version.id}")).singleElement().asString()
                .startsWith("filters[0].args.value: unknown variable ${version.id}");
    }

    @Test
    void mapStatusNeedsItsStatuses() {
        assertThat(problems("mapStatus")).containsExactly("filters[0].args.statuses: needs at least one pair, like {'404': 410}");
        assertThat(problems("mapStatus", "statuses", Map.of())).containsExactly("filters[0].args.statuses: needs at least one pair, like {'404': 410}");
    }

    @Test
    void mapStatusStatusesThatAreNotAMapAreRefusedOnlyForTheirType() {
        assertThat(problems("mapStatus", "statuses", "404=410"))
                .containsExactly("filters[0].args.statuses: must be a map (DynamoDB type M), was string '404=410'");
    }

    @Test
    void mapStatusMapsStatusesFrom100To599() {
        assertThat(problems("mapStatus", "statuses", Map.of("100", 599, "599", 100))).isEmpty();
    }

    @Test
    void mapStatusRefusesWhatIsNotAStatus() {
        assertThat(problems("mapStatus", "statuses", Map.of("99", 200, "404", 600, "5xx", 502, "500", 502.5))).containsExactlyInAnyOrder(
                "filters[0].args.statuses.99: maps a status from 100 to 599 to another, was 99 -> number 200",
                "filters[0].args.statuses.404: maps a status from 100 to 599 to another, was 404 -> number 600",
                "filters[0].args.statuses.5xx: maps a status from 100 to 599 to another, was 5xx -> number 502",
                "filters[0].args.statuses.500: maps a status from 100 to 599 to another, was 500 -> number 502.5");
    }

    @Test
    void stripPrefixTakesFromOneTo32Parts() {
        assertThat(problems("stripPrefix", "parts", 1)).isEmpty();
        assertThat(problems("stripPrefix", "parts", 32)).isEmpty();
    }

    @Test
    void stripPrefixRefusesAnyOtherNumberOfParts() {
        for (Object parts : List.of(0, 33, 1.5, "1")) {
            assertThat(problems("stripPrefix", "parts", parts)).as("%s", parts).singleElement().asString()
                    .startsWith("filters[0].args.parts: must be a whole number from 1 to 32, was ");
        }
    }

    @Test
    void aPrefixMustBeLiteralSegments() {
        assertThat(problems("prefixPath", "prefix", "/api/{version}")).containsExactly("filters[0].args.prefix: must be literal segments, like /api/v2");
    }

    @Test
    void aPrefixMustBeAPath() {
        assertThat(problems("prefixPath", "prefix", "api")).singleElement().asString().startsWith("filters[0].args.prefix: path must start with '/'");
    }

    @Test
    void aRewrittenPathMustStartWithASlash() {
        assertThat(problems("rewritePath", "path", "api/${path.id}")).containsExactly("filters[0].args.path: must start with '/'");
    }
}
