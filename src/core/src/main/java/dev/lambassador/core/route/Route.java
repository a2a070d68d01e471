package dev.lambassador.core.route;

import dev.lambassador.core.GatewayRequest;
import dev.lambassador.core.auth.Access;
import dev.lambassador.core.auth.RouteAuth;
import dev.lambassador.core.backend.Backend;
import dev.lambassador.core.cors.CorsPolicy;
import dev.lambassador.core.filter.Filter;
import dev.lambassador.core.filter.FilterFactory;
import dev.lambassador.core.guard.SourceIpRule;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A compiled, immutable route: its definition, parsed path template, match conditions, filters and
 * typed backend, all compiled once when the table loads. A route whose item is invalid but whose
 * path could still be read is kept as an {@linkplain #unavailable unavailable} route, so that its
 * requests get a 503 rather than fall through to a broader route with other backends and other auth.
 */
public final class Route {

    /** The attributes of a route item besides its conditions; anything else must go under {@code metadata}. */
    static final Set<String> ATTRIBUTES = Set.of("kind", "id", "description", "path", "methods", "host", "filters",
            "backend", "timeoutMs", "enabled", "auth", "scopes", "cors", "metadata", "matrixParameters", "allowFrom", "denyFrom",
            "maxBodyBytes");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?");
    private static final RoutePredicate[] NO_PREDICATES = new RoutePredicate[0];

    private final RouteDefinition definition;
    private final PathTemplate template;
    private final RoutePredicate[] predicates;
    private final boolean conditional;
    /** How many conditions of each kind, in the registry's order: more of an earlier kind ranks first. */
    private final int[] precedence;
    private final List<Filter> filters;
    private final Backend backend;
    private final CorsPolicy cors;
    private final SourceIpRule sourceIps;
    private final String unavailableReason;
    /** The chain {@link #chain} made last; replaced, never changed, so that a thread that reads it sees it whole. */
    private Chain chain;

    private Route(RouteDefinition definition, PathTemplate template, RoutePredicate[] predicates, int[] precedence,
                  List<Filter> filters, Backend backend, CorsPolicy cors, String unavailableReason) {
        this.definition = definition;
        this.template = template;
        this.predicates = predicates;
        this.conditional = predicates.length > 0;
        this.precedence = precedence;
        this.filters = List.copyOf(filters);
        this.backend = backend;
        this.cors = cors;
        this.sourceIps = SourceIpRule.compile(definition.allowFrom(), definition.denyFrom());
        this.unavailableReason = unavailableReason;
    }

    /**
     * Reads, validates and compiles one route item.
     *
     * @param position used in the error when the item has no usable id, e.g. "item-3"
     * @throws InvalidRouteException naming the item and every problem found in it
     */
    public static Route fromItem(Map<String, ?> item, String position, RouteFactories factories) {
        Object rawId = item.get("id");
        Problems problems = new Problems();
        String id = rawId instanceof String text && ID.matcher(text).matches() ? text : null;
        if (id == null) {
            problems.add("id", "must be a string of letters, digits, '.', '_', ':' or '-' (at most 128), was " + Items.describe(rawId));
        }
        Set<String> known = new HashSet<>(ATTRIBUTES);
        factories.predicates().forEach(factory -> known.add(factory.attribute()));
        Items.refuseUnknownAttributes(item, known, problems);

        String path = Items.requiredString(item, "path", problems);
        PathTemplate template = null;
        if (path != null) {
            try {
                template = PathTemplate.parse(path);
            } catch (IllegalArgumentException e) {
                problems.add("path", e.getMessage());
            }
        }
        Set<String> methods = methods(item, problems);
        String host = host(item, problems);

        Conditions conditions = conditions(item, factories, problems);

        List<RouteDefinition.FilterSpec> filterSpecs = new ArrayList<>();
        List<Filter> filters = compileFilters(item, factories, filterSpecs, problems);
        Object backendValue = item.get("backend");
        Backend backend = null;
        if (backendValue == null) {
            problems.add("backend", "is required");
        } else if (template != null) {
            backend = factories.backends().compile(backendValue, template, problems.at("backend"));
        }
        Duration timeout = Items.millis(item, "timeoutMs", RouteDefinition.MAX_TIMEOUT, problems);
        Boolean enabled = Items.bool(item, "enabled", problems);
        Boolean matrixParameters = Items.bool(item, "matrixParameters", problems);
        Access access = Access.read(item, "route", problems);
        String description = Items.string(item, "description", problems);
        Map<String, Object> metadata = Items.map(item, "metadata", problems);
        Map<String, Object> corsItem = Items.map(item, "cors", problems);
        CorsPolicy cors = corsItem == null ? null : CorsPolicy.parse(corsItem, problems.at("cors"));
        SourceIpRule.Lists sourceIps = SourceIpRule.read(item, problems);
        Long maxBodyBytes = Items.wholeNumber(item, "maxBodyBytes", 1, RouteDefinition.MAX_BODY_BYTES, problems);

        if (!problems.isEmpty()) {
            throw new InvalidRouteException(id != null ? id : rawId instanceof String text && !text.isBlank() ? text : position,
                    problems.all());
        }
        RouteDefinition definition = new RouteDefinition(id, path, methods, host, conditions.specs(), filterSpecs, backendValue, timeout,
                !Boolean.FALSE.equals(enabled), access.auth(), access.scopes(), description, metadata, corsItem,
                Boolean.TRUE.equals(matrixParameters), sourceIps.allowFrom(), sourceIps.denyFrom(),
                maxBodyBytes == null ? 0 : maxBodyBytes);
        return new Route(definition, template, conditions.predicates(), conditions.precedence(), filters, backend, cors, null);
    }

    /** Compiles a definition made in code, with the default registries. */
    public static Route compile(RouteDefinition definition) {
        return fromItem(definition.toItem(), definition.id(), RouteFactories.DEFAULT);
    }

    /**
     * A route built from parts already compiled, such as the routes an API's versions make.
     *
     * @param definition its id, path, methods, host, auth and scopes; conditions and filters in it are ignored
     * @param cors       its CORS policy, or null for the deployment's
     */
    public static Route assemble(RouteDefinition definition, List<Filter> filters, Backend backend, CorsPolicy cors) {
        return new Route(definition, PathTemplate.parse(definition.path()), NO_PREDICATES, new int[0], filters,
                Objects.requireNonNull(backend, "backend"), cors, null);
    }

    /**
     * What can still be read of an invalid item, to hold its place: its path, methods, host and (when
     * they are valid) its conditions. Empty when the item is disabled or even its path or host cannot
     * be read. Unreadable methods widen to {@code ANY}: holding too much is the safe side.
     */
    static Optional<Route> placeholder(Map<String, ?> item, String id, String reason, RouteFactories factories) {
        if (Boolean.FALSE.equals(item.get("enabled"))) {
            return Optional.empty();
        }
        Problems problems = new Problems();
        String path = Items.requiredString(item, "path", problems);
        String host = host(item, problems);
        if (!problems.isEmpty()) {
            return Optional.empty();
        }
        try {
            PathTemplate.parse(path);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        Set<String> methods = methods(item, problems);
        if (!problems.isEmpty()) {
            methods = Set.of(RouteDefinition.ANY);
        }
        Problems conditionProblems = new Problems();
        Conditions conditions = conditions(item, factories, conditionProblems);
        // Readable source lists still apply, so that a refused address is not told the item is broken.
        Problems listProblems = new Problems();
        SourceIpRule.Lists sourceIps = SourceIpRule.read(item, listProblems);
        String safeId = ID.matcher(id).matches() ? id : id.replaceAll("[^A-Za-z0-9._:-]", "-");
        return Optional.of(held(safeId.isEmpty() ? "-" : safeId, path, methods, host,
                conditionProblems.isEmpty() ? conditions : Conditions.NONE,
                listProblems.isEmpty() ? sourceIps : SourceIpRule.Lists.NONE, reason));
    }

    /**
     * Holds the place of an item that is not a route item (an API's path, say) whose other
     * attributes are invalid: matched like a route of every method, answered with 503.
     */
    public static Route unavailable(String id, String path, String host, String reason) {
        return held(id, path, Set.of(RouteDefinition.ANY), host, Conditions.NONE, SourceIpRule.Lists.NONE, reason);
    }

    /** A route that holds a place, answered with 503: its backend is never called. */
    private static Route held(String id, String path, Set<String> methods, String host, Conditions conditions,
                              SourceIpRule.Lists sourceIps, String reason) {
        RouteDefinition shape = new RouteDefinition(id, path, methods, host, List.of(), List.of(),
                "unavailable", RouteDefinition.DEFAULT_TIMEOUT, true, RouteAuth.DEFAULT, Set.of(), "", Map.of(), null, false,
                sourceIps.allowFrom(), sourceIps.denyFrom(), 0);
        return new Route(shape, PathTemplate.parse(path), conditions.predicates(), conditions.precedence(), List.of(),
                new Unavailable(), null, Objects.requireNonNull(reason, "reason"));
    }

    /** An item's header and query conditions, as read and as compiled, and how many of each kind (for precedence). */
    private record Conditions(List<RouteDefinition.Condition> specs, RoutePredicate[] predicates, int[] precedence) {
        static final Conditions NONE = new Conditions(List.of(), NO_PREDICATES, new int[0]);
    }

    private static Conditions conditions(Map<String, ?> item, RouteFactories factories, Problems problems) {
        List<RouteDefinition.Condition> specs = new ArrayList<>();
        List<RoutePredicate> predicates = new ArrayList<>();
        int[] precedence = new int[factories.predicates().size()];
        for (int kind = 0; kind < precedence.length; kind++) {
            PredicateFactory factory = factories.predicates().get(kind);
            List<Map<String, Object>> listed = Items.maps(item, factory.attribute(), problems);
            for (int i = 0; i < listed.size(); i++) {
                if (listed.get(i) != null) {
                    predicates.add(factory.create(listed.get(i), problems.at(factory.attribute() + "[" + i + "]")));
                    specs.add(new RouteDefinition.Condition(factory.attribute(), listed.get(i)));
                    precedence[kind]++;
                }
            }
        }
        return new Conditions(specs, predicates.toArray(NO_PREDICATES), precedence);
    }

    /** Whether this route stands for an invalid item and must not be served. */
    public boolean unavailable() {
        return unavailableReason != null;
    }

    public String id() {
        return definition.id();
    }

    public RouteDefinition definition() {
        return definition;
    }

    public PathTemplate template() {
        return template;
    }

    public Duration timeout() {
        return definition.timeout();
    }

    /** The route's own filters, compiled, in order. */
    public List<Filter> filters() {
        return filters;
    }

    /**
     * The filters a gateway runs once this route matched: its filters after routing, the route's own, then
     * its last one (the backend's dispatcher), made once instead of per request. A process has one gateway,
     * which always passes the same two, so one list is kept, made again when others are passed.
     */
    public List<Filter> chain(List<Filter> before, Filter last) {
        Chain made = chain;
        if (made == null || made.before() != before || made.last() != last) {
            List<Filter> all = new ArrayList<>(before.size() + filters.size() + 1);
            all.addAll(before);
            all.addAll(filters);
            all.add(last);
            made = new Chain(before, last, List.copyOf(all));
            chain = made;
        }
        return made.filters();
    }

    /** A chain as {@link #chain} made it, and from what. */
    private record Chain(List<Filter> before, Filter last, List<Filter> filters) {
    }

    public Backend backend() {
        return backend;
    }

    /** Which source addresses may call the route: its (or its API's) {@code allowFrom} and {@code denyFrom}. */
    public SourceIpRule sourceIps() {
        return sourceIps;
    }

    /** The route's own CORS policy, or null to follow the deployment's. */
    public CorsPolicy cors() {
        return cors;
    }

    /** Whether the request meets every header and query condition. */
    public boolean accepts(GatewayRequest request) {
        if (!conditional) {
            // Most routes: no second object to load, which a large table pays for in cache misses.
            return true;
        }
        for (RoutePredicate predicate : predicates) {
            if (!predicate.test(request)) {
                return false;
            }
        }
        return true;
    }

    /** Whether the route has header or query conditions: without, the trie can answer for it without reading it. */
    boolean conditional() {
        return conditional;
    }

    /** Compares precedence among routes of the same path and method: negative when this one ranks first. */
    int compareConditions(Route other) {
        for (int i = 0; i < Math.max(precedence.length, other.precedence.length); i++) {
            int mine = i < precedence.length ? precedence[i] : 0;
            int theirs = i < other.precedence.length ? other.precedence[i] : 0;
            if (mine != theirs) {
                return Integer.compare(theirs, mine);
            }
        }
        return 0;
    }

    /** Whether both routes ask for the same conditions, so that no request could tell them apart. */
    boolean sameConditions(Route other) {
        return new HashSet<>(definition.conditions()).equals(new HashSet<>(other.definition.conditions()))
                && predicates.length == other.predicates.length;
    }

    @Override
    public String toString() {
        return "Route[" + definition.id() + " " + definition.methods() + " " + definition.path() + "]";
    }

    private static Set<String> methods(Map<String, ?> item, Problems problems) {
        if (item.get("methods") instanceof java.util.Collection<?> list && list.isEmpty()) {
            problems.add("methods", "must not be empty; leave it out for ANY");
            return Set.of(RouteDefinition.ANY);
        }
        List<String> listed = Items.strings(item, "methods", problems);
        if (listed == null) {
            return Set.of(RouteDefinition.ANY);
        }
        Set<String> methods = new TreeSet<>();
        for (String name : listed) {
            String method = name.toUpperCase(Locale.ROOT);
            if (RouteDefinition.METHODS.contains(method)) {
                methods.add(method);
            } else {
                problems.add("methods", "unknown method '" + name + "'; use one of " + new TreeSet<>(RouteDefinition.METHODS));
            }
        }
        return methods.contains(RouteDefinition.ANY) || methods.isEmpty() ? Set.of(RouteDefinition.ANY) : methods;
    }

    private static String host(Map<String, ?> item, Problems problems) {
        String host = Items.string(item, "host", problems);
        if (host != null && !HOST.matcher(host).matches()) {
            problems.add("host", "must be a plain host name without scheme or port, was '" + host + "'");
            return null;
        }
        return host;
    }

    /**
     * Compiles an item's {@code filters} list, as routes and API versions both have it.
     *
     * @param specs receives each filter's name and arguments, as read
     */
    public static List<Filter> compileFilters(Map<String, ?> item, RouteFactories factories, List<RouteDefinition.FilterSpec> specs,
                                              Problems problems) {
        List<Map<String, Object>> listed = Items.maps(item, "filters", problems);
        List<Filter> filters = new ArrayList<>(listed.size());
        for (int i = 0; i < listed.size(); i++) {
            Problems at = problems.at("filters[" + i + "]");
            Map<String, Object> entry = listed.get(i);
            if (entry == null) {
                continue;
            }
            Items.refuseUnknown(entry, Set.of("name", "args"), "", at);
            String name = Items.requiredString(entry, "name", at);
            Map<String, Object> args = Items.map(entry, "args", at);
            args = args == null ? Map.of() : args;
            if (name == null) {
                continue;
            }
            Optional<FilterFactory> factory = factories.filter(name);
            if (factory.isEmpty()) {
                at.add("name", "unknown filter '" + name + "'; use one of " + new TreeSet<>(factories.filters().keySet()));
                continue;
            }
            specs.add(new RouteDefinition.FilterSpec(name, args));
            Filter filter = factory.get().create(args, at.at("args"));
            if (filter != null) {
                filters.add(filter);
            }
        }
        return filters;
    }

    /** The backend of a placeholder, never called: routing answers 503 for unavailable routes. */
    private record Unavailable() implements Backend {
        @Override
        public String type() {
            return "unavailable";
        }
    }
}
