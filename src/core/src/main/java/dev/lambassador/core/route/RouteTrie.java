package dev.lambassador.core.route;

import dev.lambassador.core.GatewayRequest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The routes of one host as a segment trie flattened into one {@code int} array, laid out for
 * lookups in a large table, where every separate object a lookup follows is a likely cache miss.
 * A node is a run of ints at an offset in {@link #nodes}, its literal children's hash slots right
 * after it and its subtrees after those, so that the nodes of one route lie next to each other: a
 * lookup in a 10,000-route table reads one slot among the first segment's children, then one or two
 * cache lines of that route's nodes, then the route from a plain array. The route object itself is
 * not read for the common case (one method, no conditions), which the node holds in one int.
 *
 * <p>Among several children, a request segment is found by its hash and compared with the child's
 * segment packed in a {@code long}, so that no string of the table is read. A lone child (most
 * nodes) is compared as a string: its segment is one shared string ({@code items}, {@code v2}),
 * which stays in the cache however large the table, and {@code String.equals} costs less than
 * packing the request's segment.
 *
 * <p>A node at offset {@code n}:
 * <pre>
 * n + HI, n + LO   the literal segment that leads here, {@linkplain #pack packed} (HI = -1: LO indexes {@link #literals})
 * n + PARAM        the {param} child's offset, or 0 for none (0 is the root, never a child)
 * n + EXACT        the routes whose template ends here (see {@link Layout#candidates})
 * n + GREEDY       the routes whose template ends with a greedy parameter below here
 * n + SLOTS        how many literal-child slots follow: 0, 1 (the child's own record follows it), or a power of two
 *                  at least twice the children, so that one is always empty
 * n + HEADER + 2i  slot i: the child's segment hash (a lone child: its segment's index in {@link #literals}),
 *                  then the child's offset (0 for an empty slot)
 * </pre>
 */
final class RouteTrie {

    private static final int HI = 0;
    private static final int LO = 1;
    private static final int PARAM = 2;
    private static final int EXACT = 3;
    private static final int GREEDY = 4;
    private static final int SLOTS = 5;
    private static final int HEADER = 6;

    /** Fibonacci hashing: the near-identical segments of large tables ({@code svc1}, {@code svc2}, ...) spread evenly. */
    private static final int GOLDEN = 0x9E3779B9;
    /** What {@link #pack} answers for a segment that does not fit in a {@code long}: compared with equals. */
    static final long LONG = -1L;

    /**
     * The methods a candidate value can name in its low bits, so that the common route needs no object of its
     * own in the trie; index 0 is unused, so that a value naming one route is never 0.
     */
    private static final String[] METHODS = {null, RouteDefinition.ANY, "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"};
    private static final int ANY = 1;
    private static final int METHOD_BITS = 4;
    private static final int METHOD_MASK = (1 << METHOD_BITS) - 1;
    private static final Comparator<Route> PRECEDENCE = ((Comparator<Route>) Route::compareConditions).thenComparing(Route::id);
    private static final Route[] NONE = new Route[0];

    private final int[] nodes;
    /** The routes that {@link #accept} values name by position. */
    private final Route[] routes;
    /** Candidates that do not fit in one int: several methods or routes, or routes with conditions. */
    private final Candidates[] general;
    /** The segments of lone children and those that do not pack into a {@code long}, each string once. */
    private final String[] literals;

    private RouteTrie(int[] nodes, Route[] routes, Candidates[] general, String[] literals) {
        this.nodes = nodes;
        this.routes = routes;
        this.general = general;
        this.literals = literals;
    }

    /**
     * Up to 8 characters from {@code 0x01} to {@code 0xFF}, one per byte, so that the packed value also
     * tells the length; {@link #LONG} for any other segment, and for one whose high half would read as
     * {@code -1} (its first four of eight characters all {@code 0xFF}), which then goes by equals too.
     */
    static long pack(String segment) {
        int length = segment.length();
        if (length > 8) {
            return LONG;
        }
        long packed = 0;
        for (int i = 0; i < length; i++) {
            char c = segment.charAt(i);
            if (c == 0 || c > 0xFF) {
                return LONG;
            }
            packed = packed << 8 | c;
        }
        return (int) (packed >>> 32) == -1 ? LONG : packed;
    }

    static int hash(String segment, long packed) {
        return packed == LONG ? segment.hashCode() : (int) (packed ^ packed >>> 32);
    }

    /** The first slot to probe for a hash among {@code slots} (a power of two): the hash's top bits after Fibonacci hashing. */
    static int slot(int hash, int slots) {
        return (int) (Integer.toUnsignedLong(hash * GOLDEN) >>> (32 - Integer.numberOfTrailingZeros(slots)));
    }

    /** The literal child of the node at {@code node} for a request segment, or 0. */
    private int literal(int node, String segment) {
        int[] trie = nodes;
        int slots = trie[node + SLOTS];
        if (slots == 0) {
            return 0;
        }
        int first = node + HEADER;
        if (slots == 1) {
            return literals[trie[first]].equals(segment) ? trie[first + 1] : 0;
        }
        long packed = pack(segment);
        int hi = (int) (packed >>> 32);
        int lo = (int) packed;
        int hash = hash(segment, packed);
        int mask = slots - 1;
        // Several children fill at most half the slots: an empty one ends every probe.
        for (int i = slot(hash, slots); ; i = (i + 1) & mask) {
            int child = trie[first + 2 * i + 1];
            if (child == 0) {
                return 0;
            }
            if (trie[first + 2 * i] == hash && trie[child + HI] == hi
                    && (hi != -1 ? trie[child + LO] == lo : literals[trie[child + LO]].equals(segment))) {
                return child;
            }
        }
    }

    /**
     * A trie node while routes are inserted; {@link #freeze} lays the trie out. Methods are made one shared
     * string each ({@code canonical}) across a table's hosts.
     */
    static final class Builder {
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
                    case LITERAL -> node = node.literals.computeIfAbsent(segment.value(), s -> new Builder(canonical));
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
                slot.put(canonical.computeIfAbsent(method, m -> m), grown);
            }
            return null;
        }

        /** Lays this node and everything below it out as a trie. */
        RouteTrie freeze() {
            Layout layout = new Layout();
            layout.add(this, null);
            return new RouteTrie(Arrays.copyOf(layout.nodes, layout.size), layout.routes.toArray(NONE),
                    layout.general.toArray(new Candidates[0]), layout.literals.toArray(new String[0]));
        }
    }

    /** The arrays of a trie while {@link Builder#freeze} fills them, nodes in depth-first order. */
    private static final class Layout {
        int[] nodes = new int[64];
        int size;
        final List<Route> routes = new ArrayList<>();
        final List<Candidates> general = new ArrayList<>();
        final List<String> literals = new ArrayList<>();
        final Map<String, Integer> literalIndex = new HashMap<>();

        /** Lays out a node, reached by a literal {@code segment} or (null) not, and everything below it; returns its offset. */
        int add(Builder builder, String segment) {
            int count = builder.literals.size();
            int slots = count <= 1 ? count : Integer.highestOneBit(count * 2 - 1) * 2;
            int node = allocate(HEADER + 2 * slots);
            long packed = segment == null ? 0L : pack(segment);
            nodes[node + HI] = packed == LONG ? -1 : (int) (packed >>> 32);
            nodes[node + LO] = packed == LONG ? literal(segment) : (int) packed;
            nodes[node + EXACT] = candidates(builder.exact);
            nodes[node + GREEDY] = candidates(builder.greedy);
            nodes[node + SLOTS] = slots;
            int first = node + HEADER;
            for (Map.Entry<String, Builder> entry : builder.literals.entrySet()) {
                String literal = entry.getKey();
                int child = add(entry.getValue(), literal);
                if (slots == 1) {
                    nodes[first] = literal(literal);
                    nodes[first + 1] = child;
                    continue;
                }
                int hash = hash(literal, pack(literal));
                int i = slot(hash, slots);
                while (nodes[first + 2 * i + 1] != 0) {
                    i = (i + 1) & (slots - 1);
                }
                nodes[first + 2 * i] = hash;
                nodes[first + 2 * i + 1] = child;
            }
            // Not one statement: add may grow the array, and an assignment's array is read before its right-hand side.
            int param = builder.param == null ? 0 : add(builder.param, null);
            nodes[node + PARAM] = param;
            return node;
        }

        /** A segment's index in {@link #literals}, each string once. */
        private int literal(String segment) {
            return literalIndex.computeIfAbsent(segment, s -> {
                literals.add(s);
                return literals.size() - 1;
            });
        }

        private int allocate(int length) {
            if (size + length > nodes.length) {
                nodes = Arrays.copyOf(nodes, Math.max(nodes.length * 2, size + length));
            }
            int node = size;
            size += length;
            return node;
        }

        /**
         * The int that stands for a node's routes: 0 for none; one route without conditions under one known method
         * as its position in {@link #routes} (plus one) above the method's index in {@link #METHODS}; anything else
         * as the complement of its position in {@link #general}.
         */
        private int candidates(Map<String, Route[]> slot) {
            if (slot.isEmpty()) {
                return 0;
            }
            if (slot.size() == 1) {
                Map.Entry<String, Route[]> only = slot.entrySet().iterator().next();
                int method = Arrays.asList(METHODS).indexOf(only.getKey());
                Route[] routes = only.getValue();
                if (method > 0 && routes.length == 1 && !routes[0].conditional()) {
                    this.routes.add(routes[0]);
                    return this.routes.size() << METHOD_BITS | method;
                }
            }
            general.add(new Candidates(slot));
            return ~(general.size() - 1);
        }
    }

    /**
     * Routes that end at a node, by method, each method's in precedence order, when they do not fit in one
     * int. One method is held in two fields; several methods in an immutable map.
     */
    private static final class Candidates {
        /** The only method, or null when there are several. */
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
    }

    /**
     * One request's depth-first walk through the tries of its host and of any host, in precedence order,
     * gathering the methods of routes that matched the path but not the method.
     */
    static final class Search {
        private final GatewayRequest request;
        private final String method;
        private final List<String> segments;
        private final int size;
        private RouteTrie trie;
        /** The methods for a 405's {@code Allow}; null while there are none. */
        TreeSet<String> allowed;

        Search(GatewayRequest request, List<String> segments) {
            this.request = request;
            this.method = request.method();
            this.segments = segments;
            this.size = segments.size();
        }

        /** The first route of a trie for the request, in precedence order, or null. */
        Route find(RouteTrie trie) {
            this.trie = trie;
            return find(0, 0);
        }

        private Route find(int node, int index) {
            int[] nodes = trie.nodes;
            if (index == size) {
                return accept(nodes[node + EXACT]);
            }
            int literal = trie.literal(node, segments.get(index));
            if (literal != 0) {
                Route route = find(literal, index + 1);
                if (route != null) {
                    return route;
                }
            }
            int param = nodes[node + PARAM];
            if (param != 0) {
                Route route = find(param, index + 1);
                if (route != null) {
                    return route;
                }
            }
            return accept(nodes[node + GREEDY]);
        }

        /** The route a node's candidates value (see {@link Layout#candidates}) gives the request, or null. */
        private Route accept(int candidates) {
            if (candidates > 0) {
                int code = candidates & METHOD_MASK;
                String only = METHODS[code];
                if (code == ANY || only.equals(method)) {
                    return trie.routes[(candidates >>> METHOD_BITS) - 1];
                }
                allow(only);
                return null;
            }
            return candidates == 0 ? null : accept(trie.general[~candidates]);
        }

        private Route accept(Candidates slot) {
            String only = slot.onlyMethod;
            if (only != null) {
                Route route = first(slot.onlyRoutes);
                if (only.equals(method) || only.equals(RouteDefinition.ANY)) {
                    return route;
                }
                if (route != null) {
                    allow(only);
                }
                return null;
            }
            Map<String, Object> candidates = slot.byMethod;
            Route route = first(candidates.get(method));
            if (route == null) {
                route = first(candidates.get(RouteDefinition.ANY));
            }
            if (route == null) {
                candidates.forEach((other, routes) -> {
                    if (first(routes) != null) {
                        allow(other);
                    }
                });
            }
            return route;
        }

        private void allow(String method) {
            if (allowed == null) {
                allowed = new TreeSet<>();
            }
            allowed.add(method);
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
