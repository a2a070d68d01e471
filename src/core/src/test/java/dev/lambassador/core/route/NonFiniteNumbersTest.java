package dev.lambassador.core.route;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * YAML reads {@code .nan} and {@code .inf} as doubles that no decimal holds. Found by
 * {@link ItemFuzzTest}: such a number failed the item with a NumberFormatException ("cannot be
 * read"); it is refused like any other bad value, naming the field.
 */
class NonFiniteNumbersTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "timeoutMs: .inf|timeoutMs: must be a whole number from 1 to",
            "timeoutMs: .nan|timeoutMs: must be a whole number from 1 to",
            "timeoutMs: -.inf|timeoutMs: must be a whole number from 1 to",
            "'filters: [{name: stripPrefix, args: {parts: .inf}}]'|filters[0].args.parts: must be a whole number from 1 to",
            "'cors: {allowOrigins: [\"*\"], maxAgeSeconds: .nan}'|cors.maxAgeSeconds: must be a whole number of seconds",
            "'filters: [{name: transformRequestJson, args: {operations: [{op: add, path: /a, value: .nan}]}}]'"
                    + "|filters[0].args.operations[0].value: must be JSON, and JSON has no NaN",
            "'backend: {type: weighted, targets: [{name: a, weight: .inf, backend: \"http://a\"}]}'"
                    + "|backend.targets[0].weight: must be a whole number from 0 to"})
    void aNonFiniteNumberIsRefusedNamingItsField(String attribute, String problem) throws Exception {
        String yaml = "routes:\n  - {id: r, path: /r, auth: none, backend: \"http://b\"}\n".replace("}", ", " + attribute.replace("'", "") + "}");
        if (attribute.startsWith("backend:")) {
            yaml = "routes:\n  - {id: r, path: /r, auth: none, " + attribute.replace("'", "") + "}\n";
        }
        byte[] bytes = yaml.getBytes(StandardCharsets.UTF_8);

        RouteTable.Compiled compiled = RouteTable.compileItems(new YamlRouteSource("routes.yaml", () -> new ByteArrayInputStream(bytes),
                Map.of()).load());

        assertThat(compiled.rejected()).singleElement().satisfies(rejection -> {
            assertThat(rejection.routeId()).isEqualTo("r");
            assertThat(rejection.reason()).contains(problem).doesNotContain("cannot be read");
        });
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "'circuitBreaker: {minimumCalls: .nan}'|circuitBreaker.minimumCalls: must be a whole number from 1 to",
            "'retry: {attempts: .inf}'|retry.attempts: must be a whole number from 1 to",
            "'retry: {attempts: 2, statuses: [.nan]}'|retry.statuses"})
    void aNonFiniteNumberInABackendItemIsRefusedNamingItsField(String attribute, String problem) throws Exception {
        byte[] bytes = ("backends:\n  - {id: b, url: \"http://b\", " + attribute.replace("'", "") + "}\n"
                + "routes:\n  - {id: r, path: /r, auth: none, backend: {ref: b}}\n").getBytes(StandardCharsets.UTF_8);

        RouteTable.Compiled compiled = RouteTable.compileItems(new YamlRouteSource("routes.yaml", () -> new ByteArrayInputStream(bytes),
                Map.of()).load());

        assertThat(compiled.rejected()).filteredOn(rejection -> rejection.kind().equals("backend")).singleElement()
                .satisfies(rejection -> assertThat(rejection.reason()).contains(problem).doesNotContain("cannot be read"));
    }
}
