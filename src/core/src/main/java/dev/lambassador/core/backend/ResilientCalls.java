package dev.lambassador.core.backend;

import dev.lambassador.core.Exchange;
import dev.lambassador.core.GatewayException;
import dev.lambassador.core.GatewayRequest;
import dev.lambassador.core.GatewayResponse;
import dev.lambassador.core.Headers;
import dev.lambassador.core.observe.AccessRecord;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.LongUnaryOperator;

/**
 * Calls a named backend ({@link BackendRef}) with its retry policy and its circuit breaker, around
 * whatever client calls it, so that every backend type gets both. One call of the client is one
 * attempt; the request (body included) is the same object each time, and only the last attempt's
 * answer reaches the client.
 *
 * <p>The budget of all attempts together is the route's timeout, cut short to the function's
 * deadline: each attempt gets what is left (or the backend's {@code readTimeout}, when shorter), and
 * a retry is made only when its delay and at least as long as the failed attempt took still fit,
 * so that a retry never turns a backend's 503 into the gateway's 504.
 *
 * <p>There is one circuit breaker per backend name, kept across route-table reloads (a reload that
 * changes the backend's {@code circuitBreaker} settings starts a new one). Its state lives in this
 * object, so in Lambda it is per container: docs/reliability.md says what that means.
 */
public final class ResilientCalls {

    /** Waits between attempts; tests pass one that only moves their clock. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    /** One attempt: one call of the backend's client. */
    @FunctionalInterface
    public interface Attempt {
        GatewayResponse call() throws Exception;
    }

    /** An attempt given less than this is not worth making. */
    static final Duration MIN_ATTEMPT = Duration.ofMillis(10);

    private final Clock clock;
    private final Sleeper sleeper;
    private final LongUnaryOperator jitter;
    private final ConcurrentMap<String, Breaker> breakers = new ConcurrentHashMap<>();

    /**
     * @param clock   measures budgets, call durations and how long a circuit stays open
     * @param sleeper waits before a retry
     * @param jitter  a uniform draw from 0 to its argument, both included (milliseconds)
     */
    public ResilientCalls(Clock clock, Sleeper sleeper, LongUnaryOperator jitter) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.jitter = Objects.requireNonNull(jitter, "jitter");
    }

    /** On the system clock, sleeping for real, with random jitter. */
    public static ResilientCalls system() {
        return new ResilientCalls(Clock.systemUTC(), ResilientCalls::sleep, ResilientCalls::fullJitter);
    }

    static void sleep(Duration duration) throws InterruptedException {
        Thread.sleep(duration);
    }

    /** A uniform draw from 0 to {@code bound}, both included. */
    static long fullJitter(long bound) {
        return ThreadLocalRandom.current().nextLong(bound + 1);
    }

    /**
     * Makes the attempts a request may have.
     *
     * @return the last attempt's answer
     * @throws GatewayException 503 with {@code Retry-After} when the backend's circuit is open
     * @throws Exception        what the last attempt threw
     */
    public GatewayResponse call(GatewayRequest request, Exchange exchange, BackendRef ref, Attempt attempt) throws Exception {
        Breaker breaker = breaker(ref);
        Duration routeTimeout = exchange.timeout();
        // Milliseconds as longs: this runs on every request to a named backend, and Instants would be allocated for nothing.
        long end = clock.millis() + routeTimeout.toMillis();
        Instant deadline = exchange.deadline();
        if (!deadline.equals(Instant.MAX) && deadline.toEpochMilli() < end) {
            end = deadline.toEpochMilli();
        }
        RetryPolicy retry = ref.retry();
        long readTimeout = ref.readTimeout() == null ? Long.MAX_VALUE : ref.readTimeout().toMillis();
        int attempts = retry.allows(request.method()) ? retry.attempts() : 1;
        Outcome last = null;
        try {
            for (int call = 1; ; call++) {
                if (breaker != null && !breaker.circuit.tryAcquirePermission()) {
                    exchange.put(AccessRecord.CIRCUIT_STATE, stateName(breaker.circuit.getState()));
                    if (last != null) {
                        return last.result();
                    }
                    throw open(ref.name(), breaker);
                }
                long started = clock.millis();
                long left = end - started;
                if (left <= 0) {
                    if (breaker != null) {
                        breaker.circuit.releasePermission();
                    }
                    throw new HttpTimeoutException("no time left before the function's deadline");
                }
                exchange.timeout(Duration.ofMillis(Math.min(left, readTimeout)));
                last = Outcome.of(attempt);
                long ended = clock.millis();
                long took = ended - started;
                if (breaker != null) {
                    breaker.record(last, took, exchange, ended);
                }
                if (call >= attempts || !last.retryable(retry)) {
                    return last.result();
                }
                long delay = jitter.applyAsLong(retry.delayCap(call).toMillis());
                if (ended + delay + Math.max(took, MIN_ATTEMPT.toMillis()) > end) {
                    return last.result();
                }
                sleeper.sleep(Duration.ofMillis(delay));
            }
        } finally {
            exchange.timeout(routeTimeout);
        }
    }

    private Breaker breaker(BackendRef ref) {
        if (ref.breaker() == null) {
            return null;
        }
        Breaker breaker = breakers.get(ref.name());
        // The same settings object until the table reloads: the comparison of values runs once per reload.
        if (breaker == null || breaker.settings != ref.breaker()) {
            breaker = breakers.compute(ref.name(), (name, existing) -> existing != null && existing.settings.equals(ref.breaker())
                    ? existing.with(ref.breaker()) : new Breaker(name, ref.breaker(), clock));
        }
        return breaker;
    }

    private GatewayException open(String name, Breaker breaker) {
        long millis = breaker.openedAt + breaker.settings.open().toMillis() - clock.millis();
        long seconds = Math.max(1, (millis + 999) / 1000);
        return new GatewayException(503, "circuit open for backend '" + name + "': it failed too often; calls resume in " + seconds + " s",
                Headers.of("Retry-After", Long.toString(seconds)), Map.of("backend", name), null);
    }

    static String stateName(CircuitBreaker.State state) {
        return switch (state) {
            case CLOSED -> "closed";
            case OPEN -> "open";
            case HALF_OPEN -> "half_open";
            default -> state.name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    /** One backend's circuit, and when it last opened (for {@code Retry-After}). */
    private static final class Breaker {
        final BreakerSettings settings;
        final CircuitBreaker circuit;
        /** When the circuit last opened, in the clock's milliseconds. */
        volatile long openedAt;

        Breaker(String name, BreakerSettings settings, Clock clock) {
            this(settings, CircuitBreaker.of(name, settings.config(clock)), 0);
            this.openedAt = clock.millis() - settings.open().toMillis();
        }

        private Breaker(BreakerSettings settings, CircuitBreaker circuit, long openedAt) {
            this.settings = settings;
            this.circuit = circuit;
            this.openedAt = openedAt;
        }

        /** The same circuit, known by the equal settings of a reloaded table. */
        Breaker with(BreakerSettings equal) {
            return new Breaker(equal, circuit, openedAt);
        }

        void record(Outcome outcome, long tookMillis, Exchange exchange, long now) {
            CircuitBreaker.State before = circuit.getState();
            long nanos = TimeUnit.MILLISECONDS.toNanos(tookMillis);
            if (outcome.failure != null) {
                if (outcome.failure instanceof GatewayException e && e.status() < 500 || outcome.failure instanceof InterruptedException) {
                    // The caller's mistake or a shutdown says nothing about the backend.
                    circuit.releasePermission();
                } else {
                    circuit.onError(nanos, TimeUnit.NANOSECONDS, outcome.failure);
                }
            } else if (settings.failureStatus(outcome.response.status())) {
                circuit.onError(nanos, TimeUnit.NANOSECONDS, new FailureStatus(outcome.response.status()));
            } else {
                circuit.onSuccess(nanos, TimeUnit.NANOSECONDS);
            }
            CircuitBreaker.State after = circuit.getState();
            if (after == CircuitBreaker.State.OPEN && before != CircuitBreaker.State.OPEN) {
                openedAt = now;
                exchange.put(AccessRecord.CIRCUIT_OPENED, true);
            }
            exchange.put(AccessRecord.CIRCUIT_STATE, stateName(after));
        }
    }

    /** A backend answer the breaker counts as a failure; no stack, it is never thrown. */
    private static final class FailureStatus extends Exception {
        FailureStatus(int status) {
            super("backend answered " + status, null, false, false);
        }
    }

    /** What one attempt gave: an answer or a failure. */
    private record Outcome(GatewayResponse response, Exception failure) {

        static Outcome of(Attempt attempt) {
            try {
                return new Outcome(attempt.call(), null);
            } catch (Exception e) {
                return new Outcome(null, e);
            }
        }

        /** Connect failures never reached the backend; the listed statuses are the backend asking for another try. */
        boolean retryable(RetryPolicy retry) {
            return failure == null ? retry.retriesStatus(response.status())
                    : failure instanceof ConnectException || failure instanceof HttpConnectTimeoutException;
        }

        GatewayResponse result() throws Exception {
            if (failure != null) {
                throw failure;
            }
            return response;
        }
    }
}
