package dev.lambassador.core.transform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lambassador.core.Gateway;
import dev.lambassador.core.GatewayRequest;
import dev.lambassador.core.GatewayResponse;
import dev.lambassador.core.Headers;
import dev.lambassador.core.backend.RecordingClient;
import dev.lambassador.core.route.QueryString;
import dev.lambassador.core.route.RouteTable;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Injection through templates, fuzzed with seeded generators: whatever a client puts in a header
 * that a template copies into a header, a query parameter and a path, the backend never gets a
 * header split by CR, LF or NUL, a path with more segments, or a 500 instead of a 400. The seed is
 * fixed, so a failure repeats; {@code -Dfuzz.tries=N} runs more.
 */
class TemplateProperties {

    private static final int TRIES = Integer.getInteger("fuzz.tries", 30_000);
    private static final String HOSTILE = "\r\n\u0000\t /.%?#&=;:\\\"'{}$\u0085\u2028";
    private static final List<String> KNOWN = List.of("..", ".", "%2e%2e", "a/../b", "\r\nX-Injected: 1", "${header.x-in}", "",
            "\ud800", "a\udfffb");

    private final AtomicReference<GatewayRequest> received = new AtomicReference<>();
    private final Gateway gateway = Gateway.builder()
            .routes(RouteTable.compileItems(List.of(Map.of("id", "r", "path", "/files/{name}", "backend", "http://files", "auth", "none",
                    "filters", List.of(
                            Map.of("name", "setRequestHeader", "args", Map.of("name", "X-Copy", "value", "v=${header.x-in}")),
                            Map.of("name", "setQueryParameter", "args", Map.of("name", "copy", "value", "${header.x-in}")),
                            Map.of("name", "rewritePath", "args", Map.of("path", "/store/${header.x-in}/${path.name}")))))).table())
            .backendClient(new RecordingClient(received))
            .build();

    /** One hostile value: control and separator characters, any code point (lone surrogates too), or very long. */
    static String hostile(Random random) {
        int kind = random.nextInt(12) == 0 ? 4 : random.nextInt(4);
        if (kind == 0) {
            return KNOWN.get(random.nextInt(KNOWN.size()));
        }
        int length = kind == 4 ? 8_000 + random.nextInt(12_000) : random.nextInt(48);
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(switch (kind) {
                case 1 -> HOSTILE.charAt(random.nextInt(HOSTILE.length()));
                case 2 -> (char) random.nextInt(0x10000);
                case 3 -> random.nextBoolean() ? HOSTILE.charAt(random.nextInt(HOSTILE.length())) : (char) ('a' + random.nextInt(26));
                default -> (char) (' ' + random.nextInt(95));
            });
        }
        return out.toString();
    }

    @Test
    void noInputSplitsAHeaderOrClimbsThePath() {
        Random random = new Random(20261201);
        int forwarded = 0;
        for (int i = 0; i < TRIES; i++) {
            String value = hostile(random);
            received.set(null);
            GatewayResponse response = gateway.handle(new GatewayRequest("GET", "/files/report.pdf", "", QueryString.parse(""),
                    Headers.of("X-In", value), null, "", "fuzz", Map.of()));

            assertThat(response.status()).as("answer to %s", printable(value)).isIn(200, 400);
            GatewayRequest backend = received.get();
            if (response.status() == 400) {
                assertThat(backend).as("refused, so not forwarded: %s", printable(value)).isNull();
                continue;
            }
            forwarded++;
            backend.headers().forEach((name, values) -> values.forEach(header ->
                    assertThat(Args.controlCharacter(header)).as("%s: %s", name, printable(header)).isNegative()));
            assertThat(backend.headers().first("X-Copy")).hasValue("v=" + value);
            assertThat(backend.path()).startsWith("/store/").endsWith("/report.pdf");
            assertThat(backend.path().chars().filter(c -> c == '/').count()).as(backend.path()).isEqualTo(3);
            if (wellFormed(value)) {
                assertThat(backend.query().get("copy")).containsExactly(value);
            }
        }
        assertThat(forwarded).as("most values are harmless and go through").isGreaterThan(TRIES / 3);
    }

    private static boolean wellFormed(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && (i + 1 == value.length() || !Character.isLowSurrogate(value.charAt(++i)))
                    || Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    private static String printable(String value) {
        String shown = value.length() > 80 ? value.substring(0, 80) + "..." : value;
        StringBuilder out = new StringBuilder();
        shown.chars().forEach(c -> out.append(c < ' ' || c > '~' ? String.format("\\u%04x", c) : String.valueOf((char) c)));
        return out.toString();
    }
}
