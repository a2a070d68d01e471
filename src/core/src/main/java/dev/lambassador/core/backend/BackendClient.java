package dev.lambassador.core.backend;

import dev.lambassador.core.Exchange;
import dev.lambassador.core.GatewayRequest;
import dev.lambassador.core.GatewayResponse;

/** Calls backends of one type, with the request as it left the route's filters. */
public interface BackendClient {

    /** The backend type this client calls, e.g. {@code http}. */
    String type();

    /**
     * @param backend a backend of {@link #type()}
     * @throws Exception a failure, which {@link dev.lambassador.core.ErrorResponses} turns into 502/504
     */
    GatewayResponse call(GatewayRequest request, Exchange exchange, Backend backend) throws Exception;
}
