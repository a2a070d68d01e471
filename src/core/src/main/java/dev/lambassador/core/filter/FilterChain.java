package dev.lambassador.core.filter;

import dev.lambassador.core.Exchange;
import dev.lambassador.core.GatewayRequest;
import dev.lambassador.core.GatewayResponse;

/** The rest of the chain, as one filter sees it. */
public interface FilterChain {

    /** The request's typed attributes: caller, matched route (after routing), deadline. */
    Exchange exchange();

    /** Passes the request to the next filter and returns its response. */
    GatewayResponse proceed(GatewayRequest request) throws Exception;
}
