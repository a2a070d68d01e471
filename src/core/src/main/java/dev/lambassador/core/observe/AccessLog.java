package dev.lambassador.core.observe;

import dev.lambassador.core.Exchange;
import dev.lambassador.core.GatewayListener;
import dev.lambassador.core.GatewayRequest;
import dev.lambassador.core.GatewayResponse;
import dev.lambassador.core.auth.Caller;
import dev.lambassador.core.backend.Backend;
import dev.lambassador.core.route.RouteMatch;
import dev.lambassador.core.version.ApiVersion;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The gateway listener that turns every request, 404s and failures included, into one
 * {@link AccessRecord} for a {@link TelemetrySink}: who called what, which route, API version and
 * backend served it, how it ended and how long each part took. It keeps per-request timings in the
 * request's {@link Exchange}, so one listener serves concurrent requests.
 */
public final class AccessLog implements GatewayListener {

    /** A failure's message is for operators, but a backend's can be long. */
    static final int MAX_ERROR_MESSAGE = 300;

    private static final Exchange.Attribute<BackendTiming> TIMING = Exchange.Attribute.of("access.backend", BackendTiming.class);

    private final TelemetrySink sink;
    private final RouteTableStatus routes;
    private final AtomicBoolean cold = new AtomicBoolean(true);
    private final AtomicLong reportedFailures = new AtomicLong();

    public AccessLog(TelemetrySink sink, RouteTableStatus routes) {
        this.sink = Objects.requireNonNull(sink, "sink");
        this.routes = Objects.requireNonNull(routes, "routes");
        this.reportedFailures.set(routes.refreshFailures());
    }

    /** The next request is a cold start again: after a SnapStart restore, say. */
    public void restored() {
        cold.set(true);
    }

    @Override
    public void backendStart(Exchange exchange, Backend backend) {
        BackendTiming timing = exchange.get(TIMING).orElse(null);
        if (timing == null) {
            timing = new BackendTiming();
            exchange.put(TIMING, timing);
        }
        timing.calls++;
        timing.startedNanos = System.nanoTime();
    }

    @Override
    public void backendEnd(Exchange exchange, Backend backend, GatewayResponse response, Throwable failure) {
        exchange.get(TIMING).ifPresent(timing -> timing.nanos += System.nanoTime() - timing.startedNanos);
    }

    @Override
    public void requestEnd(Exchange exchange, GatewayResponse response, Throwable failure) {
        long ended = System.nanoTime();
        GatewayRequest request = exchange.original();
        RouteMatch match = exchange.match().orElse(null);
        ApiVersion version = exchange.get(ApiVersion.SELECTED).orElse(null);
        BackendTiming timing = exchange.get(TIMING).orElse(null);
        Caller caller = exchange.caller();
        String error = ErrorClass.of(failure, response.status());
        long failures = routes.refreshFailures();
        long newFailures = failures - reportedFailures.getAndSet(failures);
        sink.request(new AccessRecord(
                Instant.now(),
                request.requestId(),
                Invocation.current().functionRequestId(),
                exchange.get(CorrelationId.ID).orElseGet(() -> CorrelationId.of(request)),
                request.method(),
                request.path(),
                match == null ? "" : match.route().id(),
                version == null ? "" : version.api(),
                version == null ? "" : version.version(),
                caller.kind().contextValue(),
                caller.authenticated() ? caller.subject() : "",
                caller.consumer(),
                response.status(),
                millis(ended - exchange.startNanos()),
                timing == null ? -1 : millis(timing.nanos),
                timing == null ? 0 : timing.calls,
                exchange.get(AccessRecord.CIRCUIT_STATE).orElse(""),
                exchange.get(AccessRecord.CIRCUIT_OPENED).orElse(false),
                request.body().length,
                response.body().length,
                cold.getAndSet(false),
                error,
                error.isEmpty() || failure == null ? "" : shorten(failure.getMessage()),
                exchange.get(TraceContext.TRACE).orElse(null),
                request.sourceIp(),
                routes.ageMillis(),
                Math.max(0, newFailures)));
    }

    private static double millis(long nanos) {
        return Math.round(nanos / 10_000.0) / 100.0;
    }

    private static String shorten(String message) {
        if (message == null) {
            return "";
        }
        return message.length() <= MAX_ERROR_MESSAGE ? message : message.substring(0, MAX_ERROR_MESSAGE) + "...";
    }

    /** Backend calls of one request: how many, and their time together. */
    private static final class BackendTiming {
        int calls;
        long startedNanos;
        long nanos;
    }
}
