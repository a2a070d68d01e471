package dev.lambassador.core.backend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lambassador.core.GatewayException;
import dev.lambassador.core.GatewayRequest;
import dev.lambassador.core.Headers;
import dev.lambassador.core.route.QueryString;
import dev.lambassador.core.route.RequestPath;
import dev.lambassador.core.route.Route;
import dev.lambassador.core.route.RouteMatch;
import dev.lambassador.core.route.RouteTable;
import dev.lambassador.testing.fuzz.Fuzz;
import dev.lambassador.testing.fuzz.Gen;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Backend URLs fuzzed with hostile paths and queries: whatever a client sends, the URL the gateway
 * calls has the backend's scheme, host and port, a path under the backend URL's own (no dot segment
 * to climb out, nothing that normalises elsewhere), and none of the parameters the backend URL fixes
 * added by the client; or the request is a 400. Runs: see {@link dev.lambassador.testing.fuzz.Fuzz}.
 */
class BackendUrlFuzzTest {

    private static final RouteTable TABLE = RouteTable.compileItems(List.of(
            Map.of("id", "greedy", "path", "/files/{proxy+}", "backend", "http://files.internal:8080/store/{proxy}?api=2", "auth", "none"),
            Map.of("id", "param", "path", "/users/{id}", "backend", "https://users.internal/v2/users/{id}/profile", "auth", "none"),
            Map.of("id", "matrix", "path", "/cars/{proxy+}", "backend", "http://cars.internal/api/{proxy}", "auth", "none",
                    "matrixParameters", true),
            Map.of("id", "forward", "path", "/echo/{proxy+}", "backend", "http://echo.internal?role=user", "auth", "none"))).table();

    private record Input(String path, String query) {
    }

    private static Input input(Random random) {
        String prefix = Gen.oneOf(random, "/files/", "/users/", "/cars/", "/echo/");
        StringBuilder path = new StringBuilder(prefix);
        for (int i = random.nextInt(3); i >= 0; i--) {
            path.append(random.nextBoolean() ? Gen.piece(random) : Gen.wellFormed(Gen.string(random)))
                    .append(random.nextInt(3) == 0 ? "/" : "");
        }
        String query = switch (random.nextInt(3)) {
            case 0 -> "";
            case 1 -> Gen.oneOf(random, "api=3", "API=3", "api%00=6", "a%70i=1", "role=admin", "ro%6Ce=admin", "api") + "&" + Gen.plain(random, 3);
            default -> Gen.wellFormed(Gen.string(random));
        };
        return new Input(path.toString(), query);
    }

    @Test
    void theCalledUrlStaysOnTheBackendAndUnderItsPath() {
        Fuzz.check("backend URLs", 15_000, BackendUrlFuzzTest::input, input -> {
            RequestPath path;
            RouteMatch match;
            GatewayRequest request = new GatewayRequest("GET", input.path(), input.query(), QueryString.parse(input.query()),
                    Headers.EMPTY, null, "", "r", Map.of());
            try {
                path = RequestPath.parseAllowingMatrixParameters(input.path());
                QueryString.refuseControlCharactersInNames(request.query());
                match = TABLE.match(request, path);
                if (!match.route().definition().matrixParameters()) {
                    path.refuseMatrixParameters();
                }
            } catch (GatewayException refused) {
                assertThat(refused.status()).isIn(400, 404);
                return;
            }
            Route route = match.route();
            URI uri;
            try {
                uri = ((HttpBackend) route.backend()).target().resolve(match, path, input.query());
            } catch (GatewayException refused) {
                assertThat(refused.status()).isEqualTo(400);
                return;
            }
            URI backend = URI.create(((HttpBackend) route.backend()).url().replaceAll("\\{[a-z]+}", "x"));
            assertThat(uri.getScheme()).isEqualTo(backend.getScheme());
            assertThat(uri.getRawAuthority()).isEqualTo(backend.getRawAuthority());
            String prefix = switch (route.id()) {
                case "greedy" -> "/store/";
                case "param" -> "/v2/users/";
                case "matrix" -> "/api/";
                default -> "/echo/";
            };
            assertThat(uri.getRawPath()).startsWith(prefix).doesNotContain("//");
            assertThat(uri.normalize().getRawPath()).as("normalised").isEqualTo(uri.getRawPath());
            for (String segment : uri.getRawPath().split("/")) {
                String name = segment.indexOf(';') < 0 ? segment : segment.substring(0, segment.indexOf(';'));
                assertThat(name.toLowerCase()).isNotIn(".", "..", "%2e", "%2e%2e", ".%2e", "%2e.").doesNotContain("%2f", "%5c", "%3b");
            }
            if (route.id().equals("param") && route.template().segments().size() == path.segments().size()) {
                assertThat(uri.getRawPath()).endsWith("/profile");
            }
            Map<String, List<String>> sent = QueryString.parse(uri.getRawQuery());
            Map<String, List<String>> fixed = switch (route.id()) {
                case "greedy" -> Map.of("api", List.of("2"));
                case "forward" -> Map.of("role", List.of("user"));
                default -> Map.of();
            };
            fixed.forEach((name, values) -> assertThat(sent.get(name)).as("the backend's own %s", name).isEqualTo(values));
        });
    }
}
