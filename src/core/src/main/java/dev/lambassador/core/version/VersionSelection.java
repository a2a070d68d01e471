package dev.lambassador.core.version;

import dev.lambassador.core.ErrorResponses;
import dev.lambassador.core.Exchange;
import dev.lambassador.core.GatewayException;
import dev.lambassador.core.GatewayRequest;
import dev.lambassador.core.GatewayResponse;
import dev.lambassador.core.Headers;
import dev.lambassador.core.filter.Filter;
import dev.lambassador.core.filter.FilterChain;
import dev.lambassador.core.filter.internal.RealFilterChain;
import dev.lambassador.core.transform.StripPrefix;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The first filter of an API's routes: chooses the version, answers 410 for a retired one, takes a
 * version prefix off the path ({@code /v2/orders/42} is forwarded as {@code /orders/42}), runs the
 * version's own filters, and names the version (with its deprecation and sunset) on every answer,
 * the backend's errors included.
 *
 * @param pinned the version the route's path starts with, or null for the API's unprefixed routes
 */
record VersionSelection(Api api, String pinned) implements Filter {

    @Override
    public GatewayResponse filter(GatewayRequest request, FilterChain chain) throws Exception {
        Exchange exchange = chain.exchange();
        Api.Selection selection = api.select(request, pinned);
        Version version = selection.version();
        exchange.put(ApiVersion.SELECTED, new ApiVersion(api.id(), version.id(), version.status(), selection.by()));
        Headers headers = api.responseHeaders(version);
        if (version.status() == VersionStatus.RETIRED) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("api", api.id());
            details.put("version", version.id());
            if (!version.link().isEmpty()) {
                details.put("link", version.link());
            }
            throw new GatewayException(410, "version " + version.id() + " of API " + api.id() + " is retired"
                    + (version.link().isEmpty() ? "" : "; see " + version.link()), headers, details, null);
        }
        if (version.timeout() != null) {
            exchange.timeout(version.timeout());
        }
        GatewayRequest forwarded = pinned == null ? request : request.withPath(StripPrefix.strip(request.path(), 1));
        GatewayResponse response;
        try {
            response = version.filters().isEmpty() ? chain.proceed(forwarded) : throughVersionFilters(version, forwarded, chain);
        } catch (Exception e) {
            exchange.failed(e);
            response = ErrorResponses.from(e, request.requestId());
        }
        Headers.Builder merged = response.headers().toBuilder();
        headers.forEach((name, values) -> {
            merged.remove(name);
            merged.addAll(name, values);
        });
        return new GatewayResponse(response.status(), merged.build(), response.body());
    }

    /** The version's filters, then the rest of the route's chain. */
    private static GatewayResponse throughVersionFilters(Version version, GatewayRequest request, FilterChain chain) throws Exception {
        List<Filter> filters = new ArrayList<>(version.filters().size() + 1);
        filters.addAll(version.filters());
        filters.add((next, ignored) -> chain.proceed(next));
        return new RealFilterChain(filters, 0, chain.exchange()).proceed(request);
    }
}
