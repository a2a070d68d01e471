package dev.lambassador.core.filter;

import dev.lambassador.core.GatewayRequest;
import dev.lambassador.core.GatewayResponse;
import dev.lambassador.core.route.RouteMatch;

/** The rest of the chain, as one filter sees it. */
public interface FilterChain {

    /** The route this request matched. */
    RouteMatch match();

    /** Passes the request to the next filter and returns its response. */
    GatewayResponse proceed(GatewayRequest request) throws Exception;
}
