package dev.lambassador.core.filter;

import dev.lambassador.core.GatewayRequest;
import dev.lambassador.core.GatewayResponse;

/**
 * One step of the request path: look at or change the request, call {@link FilterChain#proceed}
 * (or answer without it), look at or change the response. Global filters run before routing, so
 * they see every request, 404s included; a route's filters run after it matched. Auth checks,
 * version selection, transforms and CORS are filters; calling the backend ends the chain.
 */
@FunctionalInterface
public interface Filter {

    GatewayResponse filter(GatewayRequest request, FilterChain chain) throws Exception;
}
