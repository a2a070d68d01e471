package dev.lambassador.core;

import dev.lambassador.core.backend.BackendClient;
import dev.lambassador.core.backend.Backend;
import dev.lambassador.core.backend.BackendDispatcher;
import dev.lambassador.core.backend.HttpBackend;
import dev.lambassador.core.backend.HttpForwarder;
import dev.lambassador.core.backend.ResilientCalls;
import dev.lambassador.core.cors.CorsFilter;
import dev.lambassador.core.cors.CorsPolicy;
import dev.lambassador.core.filter.Filter;
import dev.lambassador.core.filter.FilterChain;
import dev.lambassador.core.filter.internal.RealFilterChain;
import dev.lambassador.core.route.QueryString;
import dev.lambassador.core.route.RequestPath;
import dev.lambassador.core.route.Route;
import dev.lambassador.core.route.RouteDefinition;
import dev.lambassador.core.route.RouteMatch;
import dev.lambassador.core.route.RouteTable;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The request path, independent of how the request arrived, in two levels as okhttp's application
 * and network interceptors:
 *
 * <pre>
 * global filters (every request, 404s included) -> routing -> filters after routing (auth)
 *     -> the route's own filters -> the backend dispatcher (a client per backend type)
 * </pre>
 *
 * Any failure becomes an error response here, in one place; the listener hears of every request.
 * It never throws.
 */
public final class Gateway {

    private static final Logger LOG = System.getLogger(Gateway.class.getName());

    private final Supplier<RouteTable> routes;
    private final List<Filter> global;
    private final List<Filter> afterRouting;
    private final BackendDispatcher dispatcher;
    private final GatewayListener listener;

    private Gateway(Builder builder) {
        this.routes = Objects.requireNonNull(builder.routes, "routes");
        this.listener = new SafeListener(builder.listener);
        List<Filter> global = new ArrayList<>();
        global.add(new CorsFilter(builder.cors, this::routeFor));
        global.addAll(builder.global);
        global.add(this::route);
        this.global = List.copyOf(global);
        this.afterRouting = List.copyOf(builder.afterRouting);
        List<BackendClient> clients = new ArrayList<>(builder.clients);
        if (clients.stream().noneMatch(client -> client.type().equals(HttpBackend.TYPE))) {
            clients.add(HttpForwarder.create(HttpForwarder.DEFAULT_CONNECT_TIMEOUT));
        }
        this.dispatcher = new BackendDispatcher(clients, listener, builder.resilience);
    }

    public static Builder builder() {
        return new Builder();
    }

    public GatewayResponse handle(GatewayRequest request) {
        return handle(request, Instant.MAX);
    }

    /** @param deadline when the answer must be ready; backend calls are cut short to meet it */
    public GatewayResponse handle(GatewayRequest request, Instant deadline) {
        return handle(request, deadline, response -> response);
    }

    /**
     * Handles a request and writes its answer before the listener hears how it ended, so that an
     * answer the writer refuses (too large for a Lambda response, say) is recorded as the error
     * the client gets instead.
     *
     * @param deadline when the answer must be ready; backend calls are cut short to meet it
     * @param writer   turns the answer into what the caller sends; it may refuse one answer with a
     *                 {@link GatewayException}, and must write the error response that replaces it
     */
    public <T> T handle(GatewayRequest request, Instant deadline, Writer<T> writer) {
        Exchange exchange = new Exchange(request, deadline);
        listener.requestStart(exchange);
        GatewayResponse response;
        try {
            response = new RealFilterChain(global, 0, exchange).proceed(request);
        } catch (Exception e) {
            exchange.failed(e);
            response = ErrorResponses.from(e, request.requestId());
        }
        return finish(exchange, response, writer);
    }

    /**
     * Answers a request that never became one the gateway can route, such as a malformed event, with
     * the error it earned; the listener hears of it as of any other request.
     *
     * @param request what could be read of it: at least its request id
     */
    public <T> T refuse(GatewayRequest request, GatewayException reason, Writer<T> writer) {
        Exchange exchange = new Exchange(request, Instant.MAX);
        listener.requestStart(exchange);
        exchange.failed(reason);
        return finish(exchange, ErrorResponses.from(reason, request.requestId()), writer);
    }

    private <T> T finish(Exchange exchange, GatewayResponse response, Writer<T> writer) {
        T written;
        try {
            written = writer.write(response);
        } catch (GatewayException e) {
            exchange.failed(e);
            response = ErrorResponses.from(e, exchange.original().requestId());
            written = writer.write(response);
        }
        listener.requestEnd(exchange, response, exchange.failure().orElse(null));
        return written;
    }

    /** Writes an answer in the shape the caller sends it, e.g. a Lambda proxy response's JSON. */
    @FunctionalInterface
    public interface Writer<T> {
        /** @throws GatewayException when this answer cannot be sent; the error's response is written instead */
        T write(GatewayResponse response);
    }

    /** The route a request would match, or empty: none matches, no table has loaded yet, or the path is refused. */
    private Optional<Route> routeFor(GatewayRequest request) {
        try {
            return routes.get().find(request, RequestPath.parseAllowingMatrixParameters(request.path())).map(RouteMatch::route);
        } catch (GatewayException e) {
            return Optional.empty();
        }
    }

    /**
     * The last global filter: matches a route and runs the route's part of the chain. Its failures
     * (a 404, a backend's 502) come back to the global filters as responses, so that they can
     * decorate every answer alike, CORS headers on a 404 say.
     */
    private GatewayResponse route(GatewayRequest request, FilterChain chain) {
        try {
            return routed(request, chain.exchange());
        } catch (Exception e) {
            chain.exchange().failed(e);
            return ErrorResponses.from(e, request.requestId());
        }
    }

    private GatewayResponse routed(GatewayRequest request, Exchange exchange) throws Exception {
        if (request.method().equals(RouteDefinition.ANY) || !RouteDefinition.METHODS.contains(request.method())) {
            // TRACE, CONNECT and made-up methods never reach a backend.
            throw new GatewayException(501, "method " + request.method() + " is not supported");
        }
        // Whether a ';' may stand in a segment is the route's to say, so it is judged once a route matched.
        RequestPath path = RequestPath.parseAllowingMatrixParameters(request.path());
        QueryString.refuseControlCharactersInNames(request.query());
        RouteMatch match = routes.get().match(request, path);
        exchange.matched(match);
        listener.routeMatched(exchange);
        Route route = match.route();
        // Before anything else about the route: a refused address learns nothing of its state.
        route.sourceIps().check(request);
        if (route.unavailable()) {
            // The detail is in the log of the load that rejected the item.
            throw new GatewayException(503, "route " + route.id() + " is unavailable: its configuration is invalid");
        }
        if (!route.definition().matrixParameters()) {
            path.refuseMatrixParameters();
        }
        long maxBodyBytes = route.definition().maxBodyBytes();
        if (maxBodyBytes > 0 && request.body().length > maxBodyBytes) {
            throw new GatewayException(413, "the request body is larger than this route takes (" + maxBodyBytes + " bytes)",
                    Headers.EMPTY, Map.of("maxBodyBytes", maxBodyBytes), null);
        }
        return new RealFilterChain(route.chain(afterRouting, dispatcher), 0, exchange).proceed(request);
    }

    public static final class Builder {
        private Supplier<RouteTable> routes;
        private final List<Filter> global = new ArrayList<>();
        private final List<Filter> afterRouting = new ArrayList<>();
        private final List<BackendClient> clients = new ArrayList<>();
        private GatewayListener listener = GatewayListener.NONE;
        private CorsPolicy cors;
        private ResilientCalls resilience;

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

        /**
         * Adds a global filter, run for every request before routing, in the order added: it can
         * answer for any path (a CORS preflight, an IP rule, a limit), 404s included.
         */
        public Builder globalFilter(Filter filter) {
            global.add(Objects.requireNonNull(filter, "filter"));
            return this;
        }

        /** Adds a filter run once a route matched, before the route's own filters, such as the auth check. */
        public Builder afterRouting(Filter filter) {
            afterRouting.add(Objects.requireNonNull(filter, "filter"));
            return this;
        }

        /**
         * Adds (or, for {@code http}, replaces the default of) the client for one backend type, e.g.
         * an {@link HttpForwarder} with other settings.
         */
        public Builder backendClient(BackendClient client) {
            Objects.requireNonNull(client, "client");
            clients.removeIf(existing -> existing.type().equals(client.type()));
            clients.add(client);
            return this;
        }

        /** The deployment's CORS policy, for requests whose route (or API) has none of its own, 404s included. */
        public Builder cors(CorsPolicy policy) {
            this.cors = policy;
            return this;
        }

        public Builder listener(GatewayListener value) {
            this.listener = Objects.requireNonNull(value, "listener");
            return this;
        }

        /**
         * How named backends' retries wait and their circuit breakers tell time; the system clock
         * by default. The breakers' state lives in it, so a gateway keeps its own.
         */
        public Builder resilience(ResilientCalls value) {
            this.resilience = Objects.requireNonNull(value, "resilience");
            return this;
        }

        public Gateway build() {
            if (resilience == null) {
                resilience = ResilientCalls.system();
            }
            return new Gateway(this);
        }
    }

    /** A listener that can never break a request: what it throws is logged and dropped. */
    private record SafeListener(GatewayListener delegate) implements GatewayListener {

        @Override
        public void requestStart(Exchange exchange) {
            run(() -> delegate.requestStart(exchange));
        }

        @Override
        public void routeMatched(Exchange exchange) {
            run(() -> delegate.routeMatched(exchange));
        }

        @Override
        public void backendStart(Exchange exchange, Backend backend) {
            run(() -> delegate.backendStart(exchange, backend));
        }

        @Override
        public void backendEnd(Exchange exchange, Backend backend, GatewayResponse response,
                               Throwable failure) {
            run(() -> delegate.backendEnd(exchange, backend, response, failure));
        }

        @Override
        public void requestEnd(Exchange exchange, GatewayResponse response, Throwable failure) {
            run(() -> delegate.requestEnd(exchange, response, failure));
        }

        private static void run(Runnable call) {
            try {
                call.run();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "a gateway listener failed; the request goes on", e);
            }
        }
    }
}
