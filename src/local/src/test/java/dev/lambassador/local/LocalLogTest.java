package dev.lambassador.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lambassador.core.observe.AccessRecord;
import dev.lambassador.core.observe.AuthorizerDecision;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The compact line lambassador dev prints per request, from what the router and the authorizer observed. */
class LocalLogTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private static AccessRecord record(String requestId, int status, String route, String error, String message) {
        return new AccessRecord(Instant.now(), requestId, "", "checkout-7f3a", "GET", "/orders/42", route, "", "", "jwt", "alice",
                "web-app", status, 12.4, 10.94, 2, "", false, 0, 31, false, error, message, null, "127.0.0.1", 1000, 0);
    }

    private String printed() {
        return out.toString(StandardCharsets.UTF_8).strip();
    }

    @Test
    void aServedRequestShowsRouteCallerBackendTimeRetriesAndCorrelationId() {
        LocalLog log = new LocalLog(new PrintStream(out, true, StandardCharsets.UTF_8), false);

        log.request(record("req-1", 200, "orders-get", "", ""));
        log.served("GET", "/orders/42", 200, 12_400, "req-1");

        assertThat(printed()).matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} GET /orders/42 200 12\\.4 ms  route orders-get · jwt alice"
                + " · backend 10\\.9 ms · 1 retry · correlation checkout-7f3a · id req-1");
    }

    @Test
    void aFailureShowsItsClassAndMessage() {
        LocalLog log = new LocalLog(new PrintStream(out, true, StandardCharsets.UTF_8), false);

        log.request(record("req-2", 504, "slow", "backend_timeout", "backend did not answer in time"));
        log.served("GET", "/slow", 504, 1_000_000, "req-2");

        assertThat(printed()).contains(" 504 1000.0 ms ").contains("backend_timeout (backend did not answer in time)");
    }

    @Test
    void aRefusalShowsTheAuthorizersReason() {
        LocalLog log = new LocalLog(new PrintStream(out, true, StandardCharsets.UTF_8), false);

        log.decision(new AuthorizerDecision(Instant.now(), "req-3", "", false, AuthorizerDecision.TOKEN_REFUSED, "token has expired",
                "", "", 0.5, false));
        log.served("GET", "/orders/42", 401, 2_000, "req-3");

        assertThat(printed()).endsWith("GET /orders/42 401 2.0 ms  denied: token_refused (token has expired) · id req-3");
    }

    @Test
    void onATerminalTheStatusIsColouredByClass() {
        LocalLog log = new LocalLog(new PrintStream(out, true, StandardCharsets.UTF_8), true);

        log.served("GET", "/nowhere", 404, 1_000, "req-4");
        log.served("GET", "/boom", 502, 1_000, "req-5");

        assertThat(printed()).contains("\u001b[1m\u001b[33m404\u001b[0m").contains("\u001b[1m\u001b[31m502\u001b[0m");
    }
}
