package dev.lambassador.core;

import dev.lambassador.core.auth.Caller;
import dev.lambassador.core.route.Route;
import dev.lambassador.core.route.RouteDefinition;
import dev.lambassador.core.route.RouteMatch;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the gateway knows about one request besides the request itself, typed: who is calling, the
 * route it matched, when the answer is due, and attributes that filters hand to later filters and
 * to the {@link GatewayListener} (the API version, say). Created once per request; filters change
 * the {@link GatewayRequest} they pass on, and record facts here.
 */
public final class Exchange {

    /** A typed key for a per-request attribute; compared by identity, so each key is a constant. */
    public static final class Attribute<T> {
        private final String name;
        private final Class<T> type;

        private Attribute(String name, Class<T> type) {
            this.name = name;
            this.type = type;
        }

        public static <T> Attribute<T> of(String name, Class<T> type) {
            return new Attribute<>(Objects.requireNonNull(name, "name"), Objects.requireNonNull(type, "type"));
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private final GatewayRequest original;
    private final Instant deadline;
    private final long startNanos = System.nanoTime();
    private Caller caller;
    private RouteMatch match;
    private Duration timeout;
    private Map<Attribute<?>, Object> attributes;
    private Exception failure;

    public Exchange(GatewayRequest original, Instant deadline) {
        this.original = Objects.requireNonNull(original, "original");
        this.deadline = Objects.requireNonNull(deadline, "deadline");
    }

    /** The request as it arrived, before any filter changed it. */
    public GatewayRequest original() {
        return original;
    }

    public String requestId() {
        return original.requestId();
    }

    /** When the answer must be ready: the function's own deadline, less time to write the response. */
    public Instant deadline() {
        return deadline;
    }

    /** {@link System#nanoTime()} when the gateway took the request. */
    public long startNanos() {
        return startNanos;
    }

    /** Who is calling, read once from the authorizer's context; anonymous when there is none. */
    public Caller caller() {
        if (caller == null) {
            caller = Caller.fromContext(original.authorizer());
        }
        return caller;
    }

    /** The route and parsed path; empty until routing has matched one. */
    public Optional<RouteMatch> match() {
        return Optional.ofNullable(match);
    }

    /**
     * The matched route, for filters that run after routing.
     *
     * @throws IllegalStateException when called before routing, naming the mistake
     */
    public Route route() {
        if (match == null) {
            throw new IllegalStateException("no route yet: this filter must run after routing (Gateway.Builder#afterRouting or a route's filters)");
        }
        return match.route();
    }

    public void matched(RouteMatch routeMatch) {
        this.match = Objects.requireNonNull(routeMatch, "routeMatch");
        this.timeout = routeMatch.route().timeout();
    }

    /** How long the backend may take: the route's timeout unless a filter (a version, say) set another. */
    public Duration timeout() {
        return timeout == null ? RouteDefinition.DEFAULT_TIMEOUT : timeout;
    }

    public void timeout(Duration value) {
        this.timeout = Objects.requireNonNull(value, "value");
    }

    /** What the request failed with, once the gateway turned it into an error response. */
    public Optional<Exception> failure() {
        return Optional.ofNullable(failure);
    }

    public void failed(Exception value) {
        this.failure = Objects.requireNonNull(value, "value");
    }

    public <T> Optional<T> get(Attribute<T> key) {
        return attributes == null ? Optional.empty() : Optional.ofNullable(key.type.cast(attributes.get(key)));
    }

    public <T> void put(Attribute<T> key, T value) {
        if (attributes == null) {
            attributes = new HashMap<>(4);
        }
        attributes.put(key, key.type.cast(Objects.requireNonNull(value, "value")));
    }
}
