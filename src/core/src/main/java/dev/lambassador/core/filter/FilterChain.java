package dev.lambassador.core.filter;

import dev.lambassador.core.GatewayRequest;
import dev.lambassador.core.GatewayResponse;
import dev.lambassador.core.route.RouteMatch;
import java.time.Instant;

/** The rest of the chain, as one filter sees it. */
public interface FilterChain {

    /** The route this request matched. */
    RouteMatch match();

    /** When the answer must be ready: the function's own deadline, less time to write the response. */
    Instant deadline();

    /** Passes the request to the next filter and returns its response. */
    GatewayResponse proceed(GatewayRequest request) throws Exception;
}
