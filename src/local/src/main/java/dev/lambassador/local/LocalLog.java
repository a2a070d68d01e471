package dev.lambassador.local;

import dev.lambassador.core.observe.AccessRecord;
import dev.lambassador.core.observe.AuthorizerDecision;
import dev.lambassador.core.observe.TelemetrySink;
import java.io.Console;
import java.io.PrintStream;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code lambassador dev}'s default log: one short line per request, what a person watching the
 * terminal wants to see, coloured by status when standard output is a terminal. It is told what the
 * router and the authorizer observed (the same records that become JSON lines and metrics in Lambda)
 * and prints them once the local gateway has sent the answer:
 *
 * <pre>
 * 14:02:11.482 GET /orders/42 200 12.4 ms  route orders-get · jwt alice · backend 10.9 ms · id 3b0c…
 * 14:02:12.007 GET /nowhere 404 1.1 ms  no_route · id 9f1e…
 * 14:02:13.950 GET /orders/42 401 2.0 ms  denied: token_refused (token has expired) · id 77aa…
 * </pre>
 */
final class LocalLog implements TelemetrySink, LocalApiGateway.RequestLog {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS", Locale.ROOT);
    private static final String RESET = "\u001b[0m";
    private static final String DIM = "\u001b[2m";
    private static final String BOLD = "\u001b[1m";

    private final PrintStream out;
    private final boolean colour;
    private final Map<String, AccessRecord> routed = new ConcurrentHashMap<>();
    private final Map<String, AuthorizerDecision> refused = new ConcurrentHashMap<>();

    LocalLog(PrintStream out, boolean colour) {
        this.out = out;
        this.colour = colour;
    }

    /** Colours when standard output is a terminal and {@code NO_COLOR} is not set (no-color.org). */
    static boolean colourFor(Map<String, String> environment) {
        if (environment.containsKey("NO_COLOR") || "dumb".equals(environment.get("TERM"))) {
            return false;
        }
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            // Java 22 and later return a console when output is redirected too, and say whether it is a terminal.
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }

    @Override
    public void request(AccessRecord record) {
        routed.put(record.requestId(), record);
    }

    @Override
    public void decision(AuthorizerDecision decision) {
        if (!decision.allowed()) {
            refused.put(decision.requestId(), decision);
        }
    }

    @Override
    public void served(String method, String path, int status, long micros, String requestId) {
        AccessRecord record = routed.remove(requestId);
        AuthorizerDecision decision = refused.remove(requestId);
        out.println(line(method, path, status, micros, requestId, record, decision));
    }

    @Override
    public void refused(String method, String path, int status, String reason) {
        out.println(paint(DIM, LocalTime.now().format(TIME)) + " " + method + " " + path + " "
                + paint(BOLD + statusColour(status), Integer.toString(status)) + "  " + paint(DIM, "refused by the local gateway: " + reason));
    }

    String line(String method, String path, int status, long micros, String requestId, AccessRecord record,
                AuthorizerDecision decision) {
        StringBuilder line = new StringBuilder(160);
        line.append(paint(DIM, LocalTime.now().format(TIME))).append(' ')
                .append(method).append(' ').append(path).append(' ')
                .append(paint(BOLD + statusColour(status), Integer.toString(status))).append(' ')
                .append(String.format(Locale.ROOT, "%.1f ms", micros / 1000.0)).append("  ");
        StringBuilder details = new StringBuilder();
        if (decision != null) {
            details.append("denied: ").append(decision.reason());
            if (!decision.detail().isEmpty()) {
                details.append(" (").append(decision.detail()).append(')');
            }
        } else if (record != null) {
            if (!record.route().isEmpty()) {
                details.append("route ").append(record.route());
            }
            if (!record.version().isEmpty()) {
                separate(details).append(record.api()).append(' ').append(record.version());
            }
            if (!record.principal().isEmpty()) {
                separate(details).append(record.caller()).append(' ').append(record.principal());
            }
            if (record.backendMs() >= 0) {
                separate(details).append(String.format(Locale.ROOT, "backend %.1f ms", record.backendMs()));
            }
            if (record.retries() > 0) {
                separate(details).append(record.retries()).append(record.retries() == 1 ? " retry" : " retries");
            }
            if (!record.error().isEmpty()) {
                separate(details).append(record.error());
                if (!record.errorMessage().isEmpty()) {
                    details.append(" (").append(record.errorMessage()).append(')');
                }
            }
            if (!record.correlationId().equals(requestId)) {
                separate(details).append("correlation ").append(record.correlationId());
            }
        }
        separate(details).append("id ").append(requestId);
        return line.append(paint(DIM, details.toString())).toString();
    }

    private static StringBuilder separate(StringBuilder details) {
        return details.isEmpty() ? details : details.append(" · ");
    }

    private String paint(String style, String text) {
        return colour ? style + text + RESET : text;
    }

    private static String statusColour(int status) {
        if (status >= 500) {
            return "\u001b[31m";
        }
        if (status >= 400) {
            return "\u001b[33m";
        }
        if (status >= 300) {
            return "\u001b[36m";
        }
        return "\u001b[32m";
    }
}
