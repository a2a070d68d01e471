package dev.lambassador.core;

import dev.lambassador.core.filter.Filter;
import dev.lambassador.core.filter.internal.RealFilterChain;
import dev.lambassador.core.forward.HttpForwarder;
import dev.lambassador.core.route.RequestPath;
import dev.lambassador.core.route.RouteDefinition;
import dev.lambassador.core.route.RouteMatch;
import dev.lambassador.core.route.RouteTable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The request path, independent of how the request arrived: parse the path, match a route,
 * run the filters, forward, and turn any failure into an error response. It never throws.
 */
public final class Gateway {

    private final Supplier<RouteTable> routes;
    private final List<Filter> filters;

    private Gateway(Builder builder) {
        this.routes = Objects.requireNonNull(builder.routes, "routes");
        List<Filter> chain = new ArrayList<>(builder.filters);
        chain.add(builder.forwarder == null ? HttpForwarder.create(HttpForwarder.DEFAULT_CONNECT_TIMEOUT) : builder.forwarder);
        this.filters = List.copyOf(chain);
    }

    public static Builder builder() {
        return new Builder();
    }

    public GatewayResponse handle(GatewayRequest request) {
        return handle(request, Instant.MAX);
    }

    /** @param deadline when the answer must be ready; backend calls are cut short to meet it */
    public GatewayResponse handle(GatewayRequest request, Instant deadline) {
        try {
            if (request.method().equals(RouteDefinition.ANY) || !RouteDefinition.METHODS.contains(request.method())) {
                // TRACE, CONNECT and made-up methods never reach a backend.
                throw new GatewayException(501, "method " + request.method() + " is not supported");
            }
            RequestPath path = RequestPath.parse(request.path());
            RouteMatch match = routes.get().match(request.host(), request.method(), path);
            if (match.route().unavailable()) {
                // The detail is in the log of the load that rejected the item.
                throw new GatewayException(503, "route " + match.route().id() + " is unavailable: its configuration is invalid");
            }
            return new RealFilterChain(filters, 0, match, deadline).proceed(request);
        } catch (Exception e) {
            return ErrorResponses.from(e, request.requestId());
        }
    }

    public static final class Builder {
        private Supplier<RouteTable> routes;
        private final List<Filter> filters = new ArrayList<>();
        private Filter forwarder;

        private Builder() {
        }

        /** Where the current route table comes from, usually a {@link dev.lambassador.core.route.RefreshingRouteTable}. */
        public Builder routes(Supplier<RouteTable> routes) {
            this.routes = routes;
            return this;
        }

        public Builder routes(RouteTable table) {
            Objects.requireNonNull(table, "table");
            return routes(() -> table);
        }

        /** Adds a filter; filters run in the order added, before forwarding. */
        public Builder filter(Filter filter) {
            filters.add(Objects.requireNonNull(filter, "filter"));
            return this;
        }

        /** Replaces the default {@link HttpForwarder}, e.g. one with a client that has other settings. */
        public Builder forwarder(Filter forwarder) {
            this.forwarder = Objects.requireNonNull(forwarder, "forwarder");
            return this;
        }

        public Gateway build() {
            return new Gateway(this);
        }
    }
}
