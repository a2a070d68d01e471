package dev.lambassador.core.route;

import dev.lambassador.core.GatewayException;
import dev.lambassador.core.GatewayRequest;
import dev.lambassador.core.Headers;
import dev.lambassador.core.backend.NamedBackends;
import dev.lambassador.core.store.ItemKind;
import dev.lambassador.core.version.Apis;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Compiled routes indexed in a segment trie per host, so that matching costs grow with the
 * request path's length and not with the number of routes.
 *
 * <p>Precedence, as the Kubernetes Gateway API orders it: path specificity first (from the first
 * segment on, a literal segment beats a {@code {param}}, which beats a greedy {@code {proxy+}}), then
 * the method (a route naming the request's method beats an {@code ANY} route), then the number of
 * header conditions, then the number of query conditions, then the route id. A route whose
 * conditions the request does not meet is passed over, and the search goes on to less specific
 * paths. When routes match the path but none takes the method, the answer is 405 with those routes'
 * methods in {@code Allow}. Routes limited to the request's host are tried before routes for any host.
 */
public final class RouteTable {

    private final RouteTrie anyHost;
    private final Map<String, RouteTrie> byHost;
    private final List<Route> routes;

    private RouteTable(RouteTrie anyHost, Map<String, RouteTrie> byHost, List<Route> routes) {
        this.anyHost = anyHost;
        this.byHost = byHost;
        this.routes = routes;
    }

    /**
     * Compiles definitions with the default registries. Two routes with the same host, path shape,
     * method and conditions cannot both be served: the one whose id sorts first is.
     *
     * @throws InvalidRouteException when a definition is invalid
     */
    public static Compiled compile(Collection<RouteDefinition> definitions) {
        return index(definitions.stream().filter(RouteDefinition::enabled).map(Route::compile).toList());
    }

    /** Indexes compiled routes; valid routes are inserted before placeholders, so a conflict rejects the placeholder. */
    public static Compiled index(List<Route> compiled) {
        Map<String, String> canonical = new HashMap<>();
        RouteTrie.Builder anyHost = new RouteTrie.Builder(canonical);
        Map<String, RouteTrie.Builder> byHost = new HashMap<>();
        List<Route> routes = new ArrayList<>();
        List<Rejection> rejected = new ArrayList<>();
        List<Route> sorted = new ArrayList<>(compiled);
        sorted.sort(Comparator.comparing((Route route) -> route.unavailable()).thenComparing(Route::id));
        Set<String> seenIds = new HashSet<>();
        for (Route route : sorted) {
            RouteDefinition definition = route.definition();
            // A placeholder's item is rejected already; if it cannot hold its place, a valid route holds it.
            if (!seenIds.add(definition.id())) {
                if (!route.unavailable()) {
                    rejected.add(new Rejection(definition.id(), "the id is used by another route"));
                }
                continue;
            }
            RouteTrie.Builder root = definition.host().isEmpty() ? anyHost
                    : byHost.computeIfAbsent(definition.host(), h -> new RouteTrie.Builder(canonical));
            String conflict = root.insert(route);
            if (conflict != null && route.unavailable()) {
                continue;
            }
            if (conflict != null) {
                rejected.add(new Rejection(definition.id(), "same host, path shape, method and conditions as route '" + conflict + "'"));
                continue;
            }
            routes.add(route);
        }
        Map<String, RouteTrie> hosts = new HashMap<>();
        byHost.forEach((host, root) -> hosts.put(host, root.freeze()));
        return new Compiled(new RouteTable(anyHost.freeze(), Map.copyOf(hosts), List.copyOf(routes)), List.copyOf(rejected));
    }

    /**
     * Validates and compiles raw route items, as a {@link RouteSource} returns them, with the default
     * registries. An invalid item is rejected with every problem found in it and the rest still
     * load; when its path and host can still be read, it holds its place as an unavailable route
     * (503), so that a broken route never lets its requests through to a broader one.
     */
    public static Compiled compileItems(List<? extends Map<String, ?>> items) {
        return compileItems(items, RouteFactories.DEFAULT);
    }

    public static Compiled compileItems(List<? extends Map<String, ?>> items, RouteFactories registries) {
        List<Route> routes = new ArrayList<>(items.size());
        List<Rejection> rejected = new ArrayList<>();
        // Backend items first: routes and versions name them, and a reference to a broken one is a problem of its own.
        NamedBackends.Compiled named = NamedBackends.compile(
                items.stream().filter(item -> ItemKind.BACKEND.value().equals(item.get("kind"))).toList());
        rejected.addAll(named.rejected());
        RouteFactories factories = named.backends().isEmpty() ? registries
                : registries.withBackends(registries.backends().withNamed(named.backends()));
        List<Map<String, ?>> apis = new ArrayList<>();
        List<Map<String, ?>> versions = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            Map<String, ?> item = items.get(i);
            Object kind = item.get("kind");
            if (ItemKind.API.value().equals(kind)) {
                apis.add(item);
                continue;
            }
            if (ItemKind.VERSION.value().equals(kind)) {
                versions.add(item);
                continue;
            }
            if (ItemKind.BACKEND.value().equals(kind)) {
                continue;
            }
            if (kind != null && !ItemKind.ROUTE.value().equals(kind)) {
                rejected.add(new Rejection(String.valueOf(kind), String.valueOf(item.get("id")),
                        "kind must be " + ItemKind.ROUTE.value() + ", " + ItemKind.API.value() + ", " + ItemKind.VERSION.value()
                                + " or " + ItemKind.BACKEND.value()));
                continue;
            }
            try {
                Route route = Route.fromItem(item, "item-" + (i + 1), factories);
                if (route.definition().enabled()) {
                    routes.add(route);
                }
            } catch (InvalidRouteException e) {
                rejected.add(new Rejection(e.routeId(), e.reason()));
                Route.placeholder(item, e.routeId(), e.reason(), factories).ifPresent(routes::add);
            } catch (RuntimeException e) {
                // A bug in reading one item must cost that item, never the whole table.
                String id = item.get("id") instanceof String text ? text : "item-" + (i + 1);
                rejected.add(new Rejection(id, "cannot be read: " + e));
                Route.placeholder(item, id, e.toString(), factories).ifPresent(routes::add);
            }
        }
        Apis.Compiled fromApis = Apis.compile(apis, versions, factories);
        routes.addAll(fromApis.routes());
        rejected.addAll(fromApis.rejected());
        Compiled compiled = index(routes);
        rejected.addAll(compiled.rejected());
        return new Compiled(compiled.table(), List.copyOf(rejected));
    }

    /**
     * Finds the route for a request.
     *
     * @param path the request's path, parsed
     * @throws GatewayException 404 when no route's path and conditions match, 405 (with Allow) when no matching route takes the method
     */
    public RouteMatch match(GatewayRequest request, RequestPath path) {
        RouteTrie.Search search = new RouteTrie.Search(request, path.segments());
        Route route = search(search, request);
        if (route != null) {
            return new RouteMatch(route, path);
        }
        if (search.allowed != null) {
            throw new GatewayException(405, "method " + request.method() + " is not allowed on this path",
                    Headers.of("Allow", String.join(", ", search.allowed)), null);
        }
        throw new GatewayException(404, "no route matches " + request.method() + " " + path);
    }

    /** The route for a request, or empty: {@link #match} without the 404 and 405. */
    public Optional<RouteMatch> find(GatewayRequest request, RequestPath path) {
        Route route = search(new RouteTrie.Search(request, path.segments()), request);
        return route == null ? Optional.empty() : Optional.of(new RouteMatch(route, path));
    }

    private Route search(RouteTrie.Search search, GatewayRequest request) {
        String host = request.host();
        RouteTrie hostRoutes = byHost.isEmpty() || host.isEmpty() ? null : byHost.get(host.toLowerCase(Locale.ROOT));
        Route route = hostRoutes == null ? null : search.find(hostRoutes);
        return route != null ? route : search.find(anyHost);
    }

    public List<Route> routes() {
        return routes;
    }

    public int size() {
        return routes.size();
    }

    /** A compiled table and the definitions that could not be part of it. */
    public record Compiled(RouteTable table, List<Rejection> rejected) {
    }

    /**
     * An item that was not loaded, and why.
     *
     * @param kind    the item's kind: route, api or version
     * @param routeId the item's id, or its position when it has none
     */
    public record Rejection(String kind, String routeId, String reason) {
        public Rejection(String routeId, String reason) {
            this("route", routeId, reason);
        }
    }
}
