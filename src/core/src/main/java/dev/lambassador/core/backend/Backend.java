package dev.lambassador.core.backend;

import dev.lambassador.core.Exchange;
import dev.lambassador.core.GatewayRequest;

/**
 * Where a route sends its requests, compiled once from the item's {@code backend} attribute. The
 * {@link BackendDispatcher} hands each request to the {@link BackendClient} registered for the
 * backend's {@link #type()}: {@code http} here; other protocols plug in as a factory and a client,
 * without touching routing.
 */
public interface Backend {

    /** The {@code type} of the item's backend, which names the client that calls it. */
    String type();

    /**
     * The backend that serves this request. A composite backend (a weighted split, an API's
     * versions) picks one of its own; a plain backend answers itself.
     */
    default Backend select(GatewayRequest request, Exchange exchange) {
        return this;
    }
}
