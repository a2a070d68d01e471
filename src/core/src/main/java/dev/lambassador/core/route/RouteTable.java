package dev.lambassador.core.route;

import dev.lambassador.core.GatewayException;
import dev.lambassador.core.GatewayRequest;
import dev.lambassador.core.Headers;
import dev.lambassador.core.backend.NamedBackends;
import dev.lambassador.core.store.ItemKind;
import dev.lambassador.core.version.Apis;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

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

    private static final Route[] NONE = new Route[0];
    private static final Comparator<Route> PRECEDENCE = ((Comparator<Route>) Route::compareConditions).thenComparing(Route::id);

    private final Node anyHost;
    private final Map<String, Node> byHost;
    private final List<Route> routes;

    private RouteTable(Node anyHost, Map<String, Node> byHost, List<Route> routes) {
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
        Builder anyHost = new Builder(canonical);
        Map<String, Builder> byHost = new HashMap<>();
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
            Builder root = definition.host().isEmpty() ? anyHost : byHost.computeIfAbsent(definition.host(), h -> new Builder(canonical));
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
        Map<String, Node> hosts = new HashMap<>();
        byHost.forEach((host, root) -> hosts.put(host, root.freeze("")));
        return new Compiled(new RouteTable(anyHost.freeze(""), Map.copyOf(hosts), List.copyOf(routes)), List.copyOf(rejected));
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
        Search search = new Search(request, path.segments());
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
        Route route = search(new Search(request, path.segments()), request);
        return route == null ? Optional.empty() : Optional.of(new RouteMatch(route, path));
    }

    private Route search(Search search, GatewayRequest request) {
        String host = request.host();
        Node hostRoot = byHost.isEmpty() || host.isEmpty() ? null : byHost.get(host.toLowerCase(Locale.ROOT));
        Route route = hostRoot == null ? null : search.find(hostRoot, 0);
        return route != null ? route : search.find(anyHost, 0);
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

    /**
     * A trie node while routes are inserted; {@link #freeze} turns it into the {@link Node} that lookups walk.
     * Literal segments and methods are made one shared string each ({@code canonical}), so that a large
     * table compares request segments against a few strings that stay in the cache, not one copy per route.
     */
    private static final class Builder {
        private final Map<String, String> canonical;
        private final Map<String, Builder> literals = new HashMap<>();
        private Builder param;
        /** Routes whose template ends at this node, by method; sorted, so that conflicts name the same route every time. */
        private final Map<String, Route[]> exact = new TreeMap<>();
        /** Routes whose template ends with a greedy parameter below this node, by method. */
        private final Map<String, Route[]> greedy = new TreeMap<>();

        Builder(Map<String, String> canonical) {
            this.canonical = canonical;
        }

        /** Returns the id of a conflicting route, or null once inserted. */
        String insert(Route route) {
            Builder node = this;
            Map<String, Route[]> slot = null;
            for (PathTemplate.Segment segment : route.template().segments()) {
                switch (segment.kind()) {
                    case LITERAL -> node = node.literals.computeIfAbsent(canonical(segment.value()), s -> new Builder(canonical));
                    case PARAM -> node = node.param == null ? (node.param = new Builder(canonical)) : node.param;
                    case GREEDY -> slot = node.greedy;
                }
            }
            if (slot == null) {
                slot = node.exact;
            }
            for (String method : route.definition().methods()) {
                for (Route existing : slot.getOrDefault(method, NONE)) {
                    if (existing.sameConditions(route)) {
                        return existing.id();
                    }
                }
            }
            for (String method : route.definition().methods()) {
                Route[] existing = slot.getOrDefault(method, NONE);
                Route[] grown = Arrays.copyOf(existing, existing.length + 1);
                grown[existing.length] = route;
                slot.put(canonical(method), grown);
            }
            return null;
        }

        private String canonical(String text) {
            return canonical.computeIfAbsent(text, t -> t);
        }

        Node freeze(String segment) {
            Node only = null;
            String onlyLiteral = null;
            Node[] children = null;
            if (literals.size() == 1) {
                Map.Entry<String, Builder> entry = literals.entrySet().iterator().next();
                onlyLiteral = entry.getKey();
                only = entry.getValue().freeze(onlyLiteral);
            } else if (!literals.isEmpty()) {
                children = new Node[Integer.highestOneBit(literals.size() * 2 - 1) * 2];
                for (Map.Entry<String, Builder> entry : literals.entrySet()) {
                    Node child = entry.getValue().freeze(entry.getKey());
                    int i = Node.slot(child.hash, children.length);
                    while (children[i] != null) {
                        i = (i + 1) & (children.length - 1);
                    }
                    children[i] = child;
                }
            }
            return new Node(segment, onlyLiteral, only, children, param == null ? null : param.freeze(""), Candidates.of(exact),
                    Candidates.of(greedy));
        }
    }

    /**
     * Routes that end at a node, by method, each method's in precedence order. The common case, one method,
     * is held in two fields; several methods in an immutable map.
     */
    private static final class Candidates {
        /** Most slots are empty: one shared instance, so that a route's nodes lie closer together in memory. */
        static final Candidates NONE = new Candidates(Map.of());

        /** The only method, or null when there are none or several. */
        final String onlyMethod;
        /** The only method's routes: a lone route as itself, several in an array. */
        final Object onlyRoutes;
        /** Every method's routes, as {@link #onlyRoutes}; empty with a single method, which the two fields hold. */
        final Map<String, Object> byMethod;

        Candidates(Map<String, Route[]> slot) {
            Map<String, Object> copy = new HashMap<>();
            slot.forEach((method, routes) -> {
                Route[] ordered = routes.clone();
                Arrays.sort(ordered, PRECEDENCE);
                copy.put(method, ordered.length == 1 ? ordered[0] : ordered);
            });
            if (copy.size() == 1) {
                Map.Entry<String, Object> entry = copy.entrySet().iterator().next();
                onlyMethod = entry.getKey();
                onlyRoutes = entry.getValue();
                byMethod = Map.of();
            } else {
                onlyMethod = null;
                onlyRoutes = null;
                byMethod = Map.copyOf(copy);
            }
        }

        static Candidates of(Map<String, Route[]> slot) {
            return slot.isEmpty() ? NONE : new Candidates(slot);
        }
    }

    /**
     * A node of the frozen trie, laid out for lookups in a large table, where every object followed is
     * a likely cache miss: a single literal child (most nodes) sits in two fields; several sit in an
     * open-addressed array, each child holding its own segment's hash and, for a segment of up to 8
     * Latin-1 characters (most are: {@code svc42}, {@code items}, {@code v2}), the characters
     * themselves packed in a {@code long}, so that finding it touches the array and the child, not the
     * segment's string and bytes, where a {@code HashMap} adds its entry, the key and the key's bytes.
     */
    private static final class Node {
        /** Fibonacci hashing: the near-identical segments of large tables ({@code svc1}, {@code svc2}, ...) spread evenly. */
        private static final int GOLDEN = 0x9E3779B9;
        /** {@link #packed} of a segment that does not fit in a {@code long}: compared with equals. */
        private static final long LONG = -1L;

        /** The literal segment that leads here from the parent; empty for roots and parameters. */
        final String segment;
        final long packed;
        final int length;
        final int hash;
        final String onlyLiteral;
        final Node onlyLiteralChild;
        /** Several literal children, open-addressed by {@link #slot}; null with none or one. */
        final Node[] children;
        final Node param;
        final Candidates exact;
        final Candidates greedy;

        Node(String segment, String onlyLiteral, Node onlyLiteralChild, Node[] children, Node param, Candidates exact,
             Candidates greedy) {
            this.segment = segment;
            this.packed = pack(segment);
            this.length = segment.length();
            this.hash = hash(segment, packed);
            this.onlyLiteral = onlyLiteral;
            this.onlyLiteralChild = onlyLiteralChild;
            this.children = children;
            this.param = param;
            this.exact = exact;
            this.greedy = greedy;
        }

        /**
         * Up to 8 characters of at most {@code 0xFF}, one per byte; {@link #LONG} for any other segment
         * (and for the one whose 8 characters are all {@code 0xFF}, which then goes by equals too).
         */
        static long pack(String segment) {
            int length = segment.length();
            if (length > 8) {
                return LONG;
            }
            long packed = 0;
            for (int i = 0; i < length; i++) {
                char c = segment.charAt(i);
                if (c > 0xFF) {
                    return LONG;
                }
                packed = packed << 8 | c;
            }
            return packed;
        }

        static int hash(String segment, long packed) {
            return packed == LONG ? segment.hashCode() : (int) (packed ^ packed >>> 32);
        }

        static int slot(int hash, int length) {
            return (hash * GOLDEN) >>> (32 - Integer.numberOfTrailingZeros(length));
        }

        Node literal(String segment) {
            if (onlyLiteral != null) {
                return onlyLiteral.equals(segment) ? onlyLiteralChild : null;
            }
            Node[] table = children;
            if (table == null) {
                return null;
            }
            long packed = pack(segment);
            int hash = hash(segment, packed);
            int length = segment.length();
            int mask = table.length - 1;
            for (int i = slot(hash, table.length); ; i = (i + 1) & mask) {
                Node child = table[i];
                if (child == null) {
                    return null;
                }
                if (child.hash == hash && (packed != LONG ? child.packed == packed && child.length == length
                        : child.segment.equals(segment))) {
                    return child;
                }
            }
        }
    }

    /** One request's depth-first walk through the trie, in precedence order. */
    private static final class Search {
        private final GatewayRequest request;
        private final String method;
        private final List<String> segments;
        private TreeSet<String> allowed;

        Search(GatewayRequest request, List<String> segments) {
            this.request = request;
            this.method = request.method();
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

        private Route accept(Candidates slot) {
            String only = slot.onlyMethod;
            if (only != null) {
                // One method: what the map below would answer, without the map.
                Route route = first(slot.onlyRoutes);
                if (only.equals(method) || only.equals(RouteDefinition.ANY)) {
                    return route;
                }
                if (route != null) {
                    if (allowed == null) {
                        allowed = new TreeSet<>();
                    }
                    allowed.add(only);
                }
                return null;
            }
            Map<String, Object> candidates = slot.byMethod;
            if (candidates.isEmpty()) {
                return null;
            }
            Route route = first(candidates.get(method));
            if (route == null) {
                route = first(candidates.get(RouteDefinition.ANY));
            }
            if (route == null) {
                candidates.forEach((other, routes) -> {
                    if (first(routes) != null) {
                        if (allowed == null) {
                            allowed = new TreeSet<>();
                        }
                        allowed.add(other);
                    }
                });
            }
            return route;
        }

        /** The first candidate whose conditions the request meets: a lone route, or an array in precedence order. */
        private Route first(Object candidates) {
            if (candidates instanceof Route route) {
                return route.accepts(request) ? route : null;
            }
            if (candidates != null) {
                for (Route route : (Route[]) candidates) {
                    if (route.accepts(request)) {
                        return route;
                    }
                }
            }
            return null;
        }
    }
}
