package dev.lambassador.core.route;

import dev.lambassador.core.GatewayException;
import dev.lambassador.core.Headers;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Compiled routes indexed in a segment trie per host, so that matching costs grow with the
 * request path's length and not with the number of routes.
 *
 * <p>Precedence, from the first segment on: a literal segment beats a {@code {param}}, which
 * beats a greedy {@code {proxy+}}; so the longer, more specific template wins. Among routes that
 * match the path, the most specific one that accepts the method is chosen; when none accepts it,
 * the answer is 405 with every matching route's methods in {@code Allow}. Routes limited to
 * the request's host are tried before routes for any host.
 */
public final class RouteTable {

    private final Node anyHost;
    private final Map<String, Node> byHost;
    private final List<Route> routes;

    private RouteTable(Node anyHost, Map<String, Node> byHost, List<Route> routes) {
        this.anyHost = anyHost;
        this.byHost = byHost;
        this.routes = routes;
    }

    /** Compiles definitions in id order; a route with the same host, path shape and a shared method as an earlier one is rejected. */
    public static Compiled compile(Collection<RouteDefinition> definitions) {
        return index(definitions.stream().filter(RouteDefinition::enabled).map(Route::compile).toList());
    }

    private static Compiled index(List<Route> compiled) {
        Node anyHost = new Node();
        Map<String, Node> byHost = new HashMap<>();
        List<Route> routes = new ArrayList<>();
        List<Rejection> rejected = new ArrayList<>();
        List<Route> sorted = new ArrayList<>(compiled);
        sorted.sort(Comparator.comparing(Route::id));
        Set<String> seenIds = new HashSet<>();
        for (Route route : sorted) {
            RouteDefinition definition = route.definition();
            if (!seenIds.add(definition.id())) {
                rejected.add(new Rejection(definition.id(), "the id is used by another route"));
                continue;
            }
            Node root = definition.host().isEmpty() ? anyHost : byHost.computeIfAbsent(definition.host(), h -> new Node());
            String conflict = root.insert(route);
            if (conflict != null) {
                rejected.add(new Rejection(definition.id(), "same host, path shape and method as route '" + conflict + "'"));
                continue;
            }
            routes.add(route);
        }
        anyHost.freeze();
        byHost.values().forEach(Node::freeze);
        return new Compiled(new RouteTable(anyHost, Map.copyOf(byHost), List.copyOf(routes)), List.copyOf(rejected));
    }

    /**
     * Validates and compiles raw items, as a {@link RouteSource} returns them. An invalid item is
     * rejected with its reason and the rest still load; when its path and host can still be read,
     * it holds its place as an unavailable route (503), so that a broken route never lets its
     * requests through to a broader one.
     */
    public static Compiled compileItems(List<? extends Map<String, ?>> items) {
        List<Route> routes = new ArrayList<>(items.size());
        List<Rejection> rejected = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            try {
                RouteDefinition definition = RouteDefinition.fromItem(items.get(i), "item " + (i + 1));
                if (definition.enabled()) {
                    routes.add(Route.compile(definition));
                }
            } catch (InvalidRouteException e) {
                rejected.add(new Rejection(e.routeId(), e.reason()));
                RouteDefinition.shapeOf(items.get(i), e.routeId()).ifPresent(shape -> routes.add(Route.unavailable(shape, e.reason())));
            }
        }
        Compiled compiled = index(routes);
        rejected.addAll(compiled.rejected());
        return new Compiled(compiled.table(), List.copyOf(rejected));
    }

    /**
     * Finds the route for a request.
     *
     * @throws GatewayException 404 when no route's path matches, 405 (with Allow) when no matching route takes the method
     */
    public RouteMatch match(String host, String method, RequestPath path) {
        Search search = new Search(method, path.segments());
        Node hostRoot = byHost.isEmpty() || host.isEmpty() ? null : byHost.get(host.toLowerCase(Locale.ROOT));
        Route route = hostRoot == null ? null : search.find(hostRoot, 0);
        if (route == null) {
            route = search.find(anyHost, 0);
        }
        if (route != null) {
            return new RouteMatch(route, path);
        }
        if (search.allowed != null) {
            throw new GatewayException(405, "method " + method + " is not allowed on this path",
                    Headers.of("Allow", String.join(", ", search.allowed)), null);
        }
        throw new GatewayException(404, "no route matches " + method + " " + path);
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

    /** A route that was not loaded, and why. */
    public record Rejection(String routeId, String reason) {
    }

    /** A trie node, {@link #freeze frozen} once every route is inserted. */
    private static final class Node {
        private Map<String, Node> literals = new HashMap<>();
        /** Once frozen, a node with one literal child (most nodes) holds it here instead of in a map. */
        private String onlyLiteral;
        private Node onlyLiteralChild;
        private Node param;
        /** Routes whose template ends at this node, by method. */
        private Map<String, Route> exact = new TreeMap<>();
        /** Routes whose template ends with a greedy parameter below this node, by method. */
        private Map<String, Route> greedy = new TreeMap<>();

        /**
         * Makes lookups follow fewer objects, which is what a large table pays for in cache misses:
         * a single literal child moves into two fields; the by-method maps, sorted while routes are
         * inserted (so that conflicts name the same route every time), become immutable copies with
         * keys and values in one flat array. Several literal children stay in a HashMap, whose hash
         * spreading copes with the near-identical names of large tables ({@code svc1}, {@code svc2},
         * ...) far better than the linear probing of {@link Map#copyOf}.
         */
        void freeze() {
            literals.values().forEach(Node::freeze);
            if (param != null) {
                param.freeze();
            }
            if (literals.size() == 1) {
                Map.Entry<String, Node> only = literals.entrySet().iterator().next();
                onlyLiteral = only.getKey();
                onlyLiteralChild = only.getValue();
                literals = Map.of();
            }
            exact = Map.copyOf(exact);
            greedy = Map.copyOf(greedy);
        }

        Node literal(String segment) {
            return onlyLiteral != null ? (onlyLiteral.equals(segment) ? onlyLiteralChild : null) : literals.get(segment);
        }

        /** Returns the id of a conflicting route, or null once inserted. */
        String insert(Route route) {
            Node node = this;
            Map<String, Route> slot = null;
            for (PathTemplate.Segment segment : route.template().segments()) {
                switch (segment.kind()) {
                    case LITERAL -> node = node.literals.computeIfAbsent(segment.value(), s -> new Node());
                    case PARAM -> node = node.param == null ? (node.param = new Node()) : node.param;
                    case GREEDY -> slot = node.greedy;
                }
            }
            if (slot == null) {
                slot = node.exact;
            }
            for (String method : route.definition().methods()) {
                Route existing = slot.get(method);
                if (existing == null && !slot.isEmpty()
                        && (method.equals(RouteDefinition.ANY) || slot.containsKey(RouteDefinition.ANY))) {
                    existing = slot.values().iterator().next();
                }
                if (existing != null) {
                    return existing.id();
                }
            }
            for (String method : route.definition().methods()) {
                slot.put(method, route);
            }
            return null;
        }
    }

    /** One request's depth-first walk through the trie, in precedence order. */
    private static final class Search {
        private final String method;
        private final List<String> segments;
        private TreeSet<String> allowed;

        Search(String method, List<String> segments) {
            this.method = method;
            this.segments = segments;
        }

        Route find(Node node, int index) {
            if (index == segments.size()) {
                return accept(node.exact);
            }
            Node literal = node.literal(segments.get(index));
            if (literal != null) {
                Route route = find(literal, index + 1);
                if (route != null) {
                    return route;
                }
            }
            if (node.param != null) {
                Route route = find(node.param, index + 1);
                if (route != null) {
                    return route;
                }
            }
            return accept(node.greedy);
        }

        private Route accept(Map<String, Route> candidates) {
            if (candidates.isEmpty()) {
                return null;
            }
            Route route = candidates.get(method);
            if (route == null) {
                route = candidates.get(RouteDefinition.ANY);
            }
            if (route == null) {
                if (allowed == null) {
                    allowed = new TreeSet<>();
                }
                allowed.addAll(candidates.keySet());
            }
            return route;
        }
    }
}
