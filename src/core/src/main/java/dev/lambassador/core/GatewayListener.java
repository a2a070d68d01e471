package dev.lambassador.core;

import dev.lambassador.core.backend.Backend;

/**
 * Told of every request the gateway handles, failed or not, in this order: {@link #requestStart},
 * {@link #routeMatched} (when a route matched), {@link #backendStart} and {@link #backendEnd} (for
 * each backend call, retries included), and exactly once {@link #requestEnd} with the answer the
 * client gets. Access logs and metrics hang here rather than in filters, so that a request refused
 * before routing (a 404, a 400) is seen too. A listener that throws is logged and ignored: it never
 * changes an answer. Called on the request's thread; keep it quick.
 */
public interface GatewayListener {

    GatewayListener NONE = new GatewayListener() { };

    default void requestStart(Exchange exchange) {
    }

    default void routeMatched(Exchange exchange) {
    }

    default void backendStart(Exchange exchange, Backend backend) {
    }

    /** @param failure what the call threw, or null when it answered */
    default void backendEnd(Exchange exchange, Backend backend, GatewayResponse response, Throwable failure) {
    }

    /** @param failure what the request failed with, or null; {@code response} is the answer either way */
    default void requestEnd(Exchange exchange, GatewayResponse response, Throwable failure) {
    }
}
