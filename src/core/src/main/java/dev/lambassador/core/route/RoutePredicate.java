package dev.lambassador.core.route;

import dev.lambassador.core.GatewayRequest;

/**
 * A match condition besides path, method and host, compiled once: a header, a query parameter.
 * The trie finds the routes whose path fits; their predicates then choose among them.
 */
@FunctionalInterface
public interface RoutePredicate {

    boolean test(GatewayRequest request);
}
