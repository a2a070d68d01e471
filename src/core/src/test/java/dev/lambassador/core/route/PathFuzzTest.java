package dev.lambassador.core.route;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lambassador.core.GatewayException;
import dev.lambassador.core.GatewayRequest;
import dev.lambassador.core.Headers;
import dev.lambassador.testing.fuzz.Fuzz;
import dev.lambassador.testing.fuzz.Gen;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Path parsing and route matching fuzzed with paths made of route segments and hostile pieces
 * (dot segments, encoded slashes and dots, {@code ;}, bad and overlong percent-encoding, control
 * characters). A path is refused with a 400, or parsed into segments that hold no dot segment, slash,
 * backslash or control character and that read back the same from the path they print; a parsed
 * path matches a route whose template it fits, or is a 404 or a 405. Runs: see {@link Fuzz}.
 */
class PathFuzzTest {

    private static final List<String> SEGMENTS = List.of("orders", "42", "items", "a", "b", "echo", "v1", "shop", "files", "x.json");
    private static final RouteTable TABLE = RouteTable.compileItems(List.of(
            Map.of("id", "orders", "path", "/orders/{id}", "methods", List.of("GET"), "backend", "http://b", "auth", "none"),
            Map.of("id", "items", "path", "/orders/{id}/items/{item}", "backend", "http://b", "auth", "none"),
            Map.of("id", "literal", "path", "/orders/42", "backend", "http://b", "auth", "none"),
            Map.of("id", "echo", "path", "/echo/{proxy+}", "backend", "http://b", "auth", "none"),
            Map.of("id", "files", "path", "/files/{proxy+}", "backend", "http://b", "auth", "none", "matrixParameters", true),
            Map.of("id", "hosted", "path", "/{proxy+}", "host", "api.example.com", "backend", "http://b", "auth", "none"),
            Map.of("id", "encoded", "path", "/a%20b/{x}", "backend", "http://b", "auth", "none"))).table();

    /** A path of route segments and hostile pieces, now and then not starting with '/'. */
    static String path(Random random) {
        StringBuilder out = new StringBuilder(random.nextInt(20) == 0 ? "" : "/");
        for (int i = random.nextInt(6); i >= 0; i--) {
            switch (random.nextInt(4)) {
                case 0 -> out.append(Gen.piece(random));
                case 1 -> out.append(Gen.string(random));
                default -> out.append(Gen.oneOf(random, SEGMENTS));
            }
            out.append(random.nextInt(4) == 0 ? "" : "/");
        }
        if (random.nextBoolean() && out.length() > 1) {
            out.setLength(out.length() - 1);
        }
        return out.toString();
    }

    /**
     * Paths are valid Unicode here: the adapters refuse an event string with a lone surrogate before
     * a path is parsed ({@code LoneSurrogateTest}), and a percent-encoded one does not decode.
     */
    @Test
    void aPathIsRefusedWith400OrParsedIntoSafeSegmentsThatReadBackTheSame() {
        Fuzz.check("paths", 40_000, random -> Gen.wellFormed(path(random)), raw -> {
            RequestPath lenient;
            try {
                lenient = RequestPath.parseAllowingMatrixParameters(raw);
            } catch (GatewayException refused) {
                assertThat(refused.status()).isEqualTo(400);
                assertThatStrictParsingRefuses(raw);
                return;
            }
            for (String segment : lenient.segments()) {
                assertThat(segment).isNotEmpty().isNotIn(".", "..").doesNotContain("/", "\\");
                assertThat(segment.chars()).noneMatch(c -> c < 0x20 || c == 0x7f);
                String name = segment.indexOf(';') < 0 ? segment : segment.substring(0, segment.indexOf(';'));
                assertThat(name).as("the name before ';'").isNotIn("", ".", "..");
            }
            assertThat(RequestPath.parseAllowingMatrixParameters(lenient.toString())).as("read back from " + lenient).isEqualTo(lenient);
            try {
                assertThat(RequestPath.parse(raw)).isEqualTo(lenient);
                assertThat(lenient.hasMatrixParameters()).isFalse();
            } catch (GatewayException refused) {
                assertThat(refused.status()).isEqualTo(400);
                assertThat(lenient.hasMatrixParameters()).as("refused strictly only for a ';'").isTrue();
            }
            match(lenient, raw, Gen.oneOf(random(raw), "GET", "POST"));
        });
    }

    private static void assertThatStrictParsingRefuses(String raw) {
        try {
            RequestPath.parse(raw);
            throw new AssertionError("parsed strictly, but refused leniently: " + raw);
        } catch (GatewayException refused) {
            assertThat(refused.status()).isEqualTo(400);
        }
    }

    private static Random random(String raw) {
        return new Random(raw.hashCode());
    }

    /** A 404 or 405, or a route whose template the path fits, with its parameters read from the path. */
    private static void match(RequestPath path, String raw, String method) {
        GatewayRequest request = new GatewayRequest(method, raw, "", Map.of(), Headers.of("Host", "API.example.com"), null, "", "r", Map.of());
        RouteMatch match;
        try {
            match = TABLE.match(request, path);
        } catch (GatewayException missed) {
            assertThat(missed.status()).isIn(404, 405);
            return;
        }
        List<PathTemplate.Segment> template = match.route().template().segments();
        List<String> segments = path.segments();
        boolean greedy = !template.isEmpty() && template.getLast().kind() == PathTemplate.Kind.GREEDY;
        assertThat(segments.size()).as("segments of %s for %s", raw, match.route()).isGreaterThanOrEqualTo(template.size());
        if (!greedy) {
            assertThat(segments).hasSameSizeAs(template);
        }
        for (int i = 0; i < template.size(); i++) {
            if (template.get(i).kind() == PathTemplate.Kind.LITERAL) {
                assertThat(segments.get(i)).isEqualTo(template.get(i).value());
            }
        }
        assertThat(match.pathParameters().values()).allSatisfy(value -> assertThat(value).isNotEmpty());
    }

    @Test
    void aPathTemplateIsReadOrRefusedWithAReason() {
        Fuzz.check("path templates", 10_000, random -> random.nextBoolean() ? path(random)
                : Gen.mangle(random, Gen.oneOf(random, "/orders/{id}", "/{proxy+}", "/a/{b}/c/{d+}", "/")), text -> {
            try {
                PathTemplate template = PathTemplate.parse(text);
                assertThat(PathTemplate.parse(text)).isEqualTo(template);
                template.shape();
            } catch (IllegalArgumentException refused) {
                assertThat(refused.getMessage()).isNotBlank();
            }
        });
    }
}
