package dev.lambassador.core.cors;

import dev.lambassador.core.GatewayRequest;
import dev.lambassador.core.GatewayResponse;
import dev.lambassador.core.filter.Filter;
import dev.lambassador.core.filter.FilterChain;
import java.util.Optional;
import java.util.function.Function;

/**
 * CORS at the gateway, as the first global filter: a browser's preflight ({@code OPTIONS} with
 * {@code Origin} and {@code Access-Control-Request-Method}) is answered here for any path, 404s
 * included, without calling a backend or asking for credentials (browsers send none on a preflight);
 * every other answer to a request with an {@code Origin} gets the headers its origin may see. The
 * policy is the one of the route the request is for (for a preflight, the route of the method it
 * announces), else the deployment's; with neither, requests pass untouched.
 */
public final class CorsFilter implements Filter {

    private final Function<GatewayRequest, Optional<CorsPolicy>> policies;

    /** @param policies the policy for a request, as the route it matches (or the deployment) says */
    public CorsFilter(Function<GatewayRequest, Optional<CorsPolicy>> policies) {
        this.policies = policies;
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
            Optional<CorsPolicy> policy = policies.apply(asAnnounced);
            if (policy.isPresent()) {
                return policy.get().preflight(origin, announced,
                        String.join(",", request.headers().all("Access-Control-Request-Headers")));
            }
            return chain.proceed(request);
        }
        Optional<CorsPolicy> policy = policies.apply(request);
        GatewayResponse response = chain.proceed(request);
        return policy.isPresent() ? policy.get().decorate(origin, response) : response;
    }
}
