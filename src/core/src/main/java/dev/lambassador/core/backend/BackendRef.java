package dev.lambassador.core.backend;

import dev.lambassador.core.Exchange;
import dev.lambassador.core.GatewayRequest;
import java.time.Duration;

/**
 * A route's (or a version's) reference to a named backend, compiled against the route's path: the
 * backend it calls, and how the call is made again or refused. The {@link BackendDispatcher} finds it on the
 * way to the backend and calls through {@link ResilientCalls}; every backend type gets retries
 * and a circuit breaker this way, without its client knowing.
 *
 * @param name        the backend item's id, which also names its circuit breaker
 * @param target      what is called: the item's URL with the reference's path
 * @param retry       the item's retry policy with the reference's overrides
 * @param breaker     the item's circuit breaker settings, or null for none
 * @param readTimeout how long one call may take, or null for the route's whole timeout
 */
public record BackendRef(String name, Backend target, RetryPolicy retry, BreakerSettings breaker, Duration readTimeout)
        implements Backend {

    public static final String TYPE = "ref";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Backend select(GatewayRequest request, Exchange exchange) {
        return target;
    }

    /** Whether calls through it are plain ones: no retries, no breaker, no timeout of its own. */
    boolean plain() {
        return retry.attempts() <= 1 && breaker == null && readTimeout == null;
    }
}
