package dev.lambassador.core.filter;

import dev.lambassador.core.GatewayRequest;
import dev.lambassador.core.GatewayResponse;

/**
 * One step of a route's request path: look at or change the request, call
 * {@link FilterChain#proceed} (or answer without it), look at or change the response.
 * Auth checks, transforms, correlation ids and CORS are filters; forwarding is the last one.
 */
@FunctionalInterface
public interface Filter {

    GatewayResponse filter(GatewayRequest request, FilterChain chain) throws Exception;
}
