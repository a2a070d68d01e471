package dev.lambassador.core.cors;

import dev.lambassador.core.GatewayRequest;
import dev.lambassador.core.GatewayResponse;
import dev.lambassador.core.filter.Filter;
import dev.lambassador.core.filter.FilterChain;
import dev.lambassador.core.route.Route;
import dev.lambassador.core.route.RouteMatch;
import java.util.Optional;
import java.util.function.Function;

/**
 * CORS at the gateway, as the first global filter: a browser's preflight ({@code OPTIONS} with
 * {@code Origin} and {@code Access-Control-Request-Method}) is answered here for any path, 404s
 * included, without calling a backend or asking for credentials (browsers send none on a preflight);
 * every other answer to a request with an {@code Origin} gets the headers its origin may see. The
 * policy is the one of the route the request matched (for a preflight, which is not routed, the route
 * the method it announces would match), else the deployment's; with neither, requests pass untouched.
 */
public final class CorsFilter implements Filter {

    private final CorsPolicy deployment;
    private final Function<GatewayRequest, Optional<Route>> routes;

    /**
     * @param deployment the policy of requests whose route has none, 404s included; null for none
     * @param routes     the route a request would match, for preflights
     */
    public CorsFilter(CorsPolicy deployment, Function<GatewayRequest, Optional<Route>> routes) {
        this.deployment = deployment;
        this.routes = routes;
    }

    @Override
    public GatewayResponse filter(GatewayRequest request, FilterChain chain) throws Exception {
        String origin = request.headers().first("Origin").orElse(null);
        if (origin == null) {
            return chain.proceed(request);
        }
        String announced = request.method().equals("OPTIONS")
                ? request.headers().first("Access-Control-Request-Method").map(String::trim).orElse(null)
                : null;
        if (announced != null) {
            GatewayRequest asAnnounced = new GatewayRequest(announced, request.path(), request.rawQuery(), request.query(),
                    request.headers(), request.body(), request.sourceIp(), request.requestId(), request.authorizer());
            Optional<CorsPolicy> policy = policy(routes.apply(asAnnounced));
            if (policy.isPresent()) {
                return policy.get().preflight(origin, announced,
                        String.join(",", request.headers().all("Access-Control-Request-Headers")));
            }
            return chain.proceed(request);
        }
        GatewayResponse response = chain.proceed(request);
        // Routing has run by now: the route it matched, if any, says whose policy the answer follows.
        Optional<CorsPolicy> policy = policy(chain.exchange().match().map(RouteMatch::route));
        return policy.isPresent() ? policy.get().decorate(origin, response) : response;
    }

    private Optional<CorsPolicy> policy(Optional<Route> route) {
        return route.map(Route::cors).or(() -> Optional.ofNullable(deployment));
    }
}
