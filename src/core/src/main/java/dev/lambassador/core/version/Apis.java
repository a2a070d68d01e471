package dev.lambassador.core.version;

import dev.lambassador.core.backend.Backend;
import dev.lambassador.core.filter.Filter;
import dev.lambassador.core.route.Items;
import dev.lambassador.core.route.PathTemplate;
import dev.lambassador.core.route.Problems;
import dev.lambassador.core.route.Route;
import dev.lambassador.core.route.RouteDefinition;
import dev.lambassador.core.route.RouteFactories;
import dev.lambassador.core.route.RouteTable.Rejection;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Turns API and version items into routes. An API with base path {@code /orders} makes the routes
 * {@code /orders} and {@code /orders/{proxy+}}, and, when versions may be chosen by path, the same
 * two under each version's name and aliases ({@code /v2/orders/{proxy+}}); each starts with
 * {@link VersionSelection} and ends at the chosen version's backend.
 *
 * <p>A version's backend URL is read as for a route, with one convenience: a path in it replaces the
 * API's base path, as Kong's {@code strip_path} does, so {@code http://orders-v2.internal/api} serves
 * {@code /orders/42} as {@code /api/42}. A URL without a path gets the request's path, as for routes.
 *
 * <p>Invalid items never let requests fall through: an invalid API holds its base path (503), and an
 * invalid version's name answers 503 rather than "no such version".
 */
public final class Apis {

    /** The greedy parameter of an API's routes; a version backend's path is joined to it. */
    static final String PROXY = "proxy";

    private Apis() {
    }

    /** Routes made from API items, and the API and version items that could not be loaded. */
    public record Compiled(List<Route> routes, List<Rejection> rejected) {
    }

    public static Compiled compile(List<Map<String, ?>> apiItems, List<Map<String, ?>> versionItems, RouteFactories factories) {
        List<Route> routes = new ArrayList<>();
        List<Rejection> rejected = new ArrayList<>();
        Map<String, List<Version>> versionsByApi = new TreeMap<>();
        Map<String, Set<String>> brokenByApi = new TreeMap<>();
        Map<String, String> versionItemIds = new LinkedHashMap<>();
        for (int i = 0; i < versionItems.size(); i++) {
            Map<String, ?> item = versionItems.get(i);
            Problems problems = new Problems();
            Version version;
            try {
                version = Version.parse(item, compilers(factories), problems);
            } catch (RuntimeException e) {
                // A bug must cost one item, never the whole table.
                problems.add("", "cannot be read: " + e);
                version = null;
            }
            String[] names = Version.splitId(item.get("id"));
            String itemId = names != null ? (String) item.get("id") : "version item " + (i + 1);
            if (version == null) {
                rejected.add(new Rejection("version", itemId, describe(problems)));
                if (names != null) {
                    brokenByApi.computeIfAbsent(names[0], api -> new LinkedHashSet<>()).add(names[1]);
                }
                continue;
            }
            versionItemIds.put(itemId, version.api());
            versionsByApi.computeIfAbsent(version.api(), api -> new ArrayList<>()).add(version);
        }

        Set<String> loadedApis = new HashSet<>();
        for (int i = 0; i < apiItems.size(); i++) {
            Map<String, ?> item = apiItems.get(i);
            Api.Shape shape = Api.shapeOf(item);
            String apiId = item.get("id") instanceof String text && !text.isBlank() ? text : "api item " + (i + 1);
            Set<String> broken = new LinkedHashSet<>(brokenByApi.getOrDefault(apiId, Set.of()));
            List<Version> usable = usableVersions(shape, versionsByApi.getOrDefault(apiId, List.of()), broken, factories, rejected);
            Problems problems = new Problems();
            Api api;
            try {
                api = Api.parse(item, usable, broken, problems);
            } catch (RuntimeException e) {
                problems.add("", "cannot be read: " + e);
                api = null;
            }
            if (api == null) {
                rejected.add(new Rejection("api", apiId, describe(problems)));
                if (shape != null) {
                    String reason = "API " + apiId + " is invalid";
                    routes.add(Route.unavailable("api " + apiId, joined(shape.basePath(), ""), shape.host(), reason));
                    routes.add(Route.unavailable("api " + apiId + " /{proxy+}", joined(shape.basePath(), "/{proxy+}"), shape.host(), reason));
                }
                continue;
            }
            if (!loadedApis.add(api.id())) {
                rejected.add(new Rejection("api", apiId, "the id is used by another API item"));
                continue;
            }
            routes.addAll(routesOf(api, factories));
        }
        versionItemIds.forEach((itemId, api) -> {
            if (!loadedApis.contains(api)) {
                rejected.add(new Rejection("version", itemId, "its API '" + api + "' is not loaded (no valid item of kind api with that id)"));
            }
        });
        return new Compiled(routes, rejected);
    }

    private static Version.Compilers compilers(RouteFactories factories) {
        return new Version.Compilers() {
            @Override
            public List<Filter> filters(Map<String, ?> item, Problems problems) {
                return Route.compileFilters(item, factories, new ArrayList<>(), problems);
            }

            @Override
            public void checkBackend(Object backend, Problems problems) {
                factories.backends().compile(adapt(backend, true), PathTemplate.parse("/{" + PROXY + "+}"), problems);
            }
        };
    }

    /**
     * The versions an API can serve: those whose backend compiles against the API's routes and
     * whose names no earlier version (in id order) has taken. The others are rejected, and their
     * names answer 503.
     */
    private static List<Version> usableVersions(Api.Shape shape, List<Version> versions, Set<String> broken,
                                                RouteFactories factories, List<Rejection> rejected) {
        List<Version> usable = new ArrayList<>();
        Set<String> taken = new HashSet<>();
        List<Version> ordered = new ArrayList<>(versions);
        ordered.sort(Comparator.comparing(Version::id));
        for (Version version : ordered) {
            String itemId = version.api() + ":" + version.id();
            Problems problems = new Problems();
            if (shape != null && version.backend() != null) {
                PathTemplate base = PathTemplate.parse(joined(shape.basePath(), ""));
                PathTemplate proxy = PathTemplate.parse(joined(shape.basePath(), "/{" + PROXY + "+}"));
                factories.backends().compile(adapt(version.backend(), false), base, problems.at("backend"));
                if (problems.isEmpty()) {
                    factories.backends().compile(adapt(version.backend(), true), proxy, problems.at("backend"));
                }
            }
            List<String> clashes = version.names().stream().filter(taken::contains).toList();
            if (!clashes.isEmpty()) {
                problems.add("aliases", "another version of the API answers to " + clashes);
            }
            if (!problems.isEmpty()) {
                rejected.add(new Rejection("version", itemId, describe(problems)));
                version.names().stream().filter(name -> !taken.contains(name)).forEach(broken::add);
                continue;
            }
            taken.addAll(version.names());
            usable.add(version);
        }
        return usable;
    }

    private static List<Route> routesOf(Api api, RouteFactories factories) {
        List<Route> routes = new ArrayList<>();
        String base = api.basePath().text();
        routes.add(route(api, "api " + api.id(), joined(base, ""), null, false, factories));
        routes.add(route(api, "api " + api.id() + " /{proxy+}", joined(base, "/{" + PROXY + "+}"), null, true, factories));
        if (api.selectsByPath()) {
            for (String name : api.pathNames()) {
                String prefixed = "/" + name + (base.equals("/") ? "" : trimmed(base));
                routes.add(route(api, "api " + api.id() + " " + name, prefixed, name, false, factories));
                routes.add(route(api, "api " + api.id() + " " + name + " /{proxy+}", prefixed + "/{" + PROXY + "+}", name, true, factories));
            }
        }
        return routes;
    }

    private static Route route(Api api, String id, String path, String pinned, boolean proxy, RouteFactories factories) {
        PathTemplate template = PathTemplate.parse(path);
        Map<String, Backend> backends = new LinkedHashMap<>();
        for (Version version : api.versions()) {
            if (version.backend() == null) {
                continue;
            }
            Problems problems = new Problems();
            Backend backend = factories.backends().compile(adapt(version.backend(), proxy), template, problems);
            if (backend == null) {
                throw new IllegalStateException("version " + version.id() + " of API " + api.id() + " was checked but does not compile: "
                        + describe(problems));
            }
            backends.put(version.id(), backend);
        }
        RouteDefinition definition = new RouteDefinition(id, path, Set.of(RouteDefinition.ANY), api.host(), List.of(), List.of(),
                "the versions of API " + api.id(), api.timeout(), true, api.auth(), api.scopes(), "", Map.of(), api.corsItem(), false,
                api.sourceIps().allowFrom(), api.sourceIps().denyFrom(), api.maxBodyBytes());
        return Route.assemble(definition, List.of(new VersionSelection(api, pinned)), new VersionedBackend(backends), api.cors());
    }

    /**
     * A version's backend value as a route of the API would have it: a URL with a path gets
     * {@code /{proxy}} on the API's greedy routes, so that its path replaces the base path.
     */
    static Object adapt(Object value, boolean proxy) {
        if (value instanceof String url) {
            return adaptUrl(url, proxy);
        }
        Map<String, Object> map = Items.asMap(value);
        if (map == null) {
            return value;
        }
        if (map.containsKey("ref") && !map.containsKey("type")) {
            // A named backend's reference: its path is the URL's path, so it replaces the base path alike.
            if (map.get("path") instanceof String path && !path.isEmpty()) {
                map.put("path", adaptPath(path, proxy));
            }
            return map;
        }
        Object type = map.getOrDefault("type", "http");
        if ("http".equals(type) && map.get("url") instanceof String url) {
            map.put("url", adaptUrl(url, proxy));
        } else if ("weighted".equals(type) && map.get("targets") instanceof List<?> targets) {
            map.put("targets", targets.stream().map(target -> {
                Map<String, Object> copy = Items.asMap(target);
                if (copy != null && copy.containsKey("backend")) {
                    copy.put("backend", adapt(copy.get("backend"), proxy));
                }
                return copy == null ? target : copy;
            }).toList());
        }
        return map;
    }

    private static String adaptUrl(String url, boolean proxy) {
        int schemeEnd = url.indexOf("://");
        int pathStart = schemeEnd < 0 ? -1 : url.indexOf('/', schemeEnd + 3);
        int queryStart = url.indexOf('?');
        if (!proxy || pathStart < 0 || queryStart >= 0 && queryStart < pathStart || url.indexOf('{') >= 0) {
            return url;
        }
        int pathEnd = queryStart < 0 ? url.length() : queryStart;
        String path = trimmed(url.substring(pathStart, pathEnd));
        return url.substring(0, pathStart) + path + "/{" + PROXY + "}" + url.substring(pathEnd);
    }

    /** A reference's path (and query) as a route of the API would have it; see {@link #adaptUrl}. */
    private static String adaptPath(String pathAndQuery, boolean proxy) {
        int queryStart = pathAndQuery.indexOf('?');
        if (!proxy || queryStart == 0 || pathAndQuery.indexOf('{') >= 0) {
            return pathAndQuery;
        }
        int pathEnd = queryStart < 0 ? pathAndQuery.length() : queryStart;
        return trimmed(pathAndQuery.substring(0, pathEnd)) + "/{" + PROXY + "}" + pathAndQuery.substring(pathEnd);
    }

    private static String joined(String basePath, String suffix) {
        String base = trimmed(basePath);
        String joined = base + suffix;
        return joined.isEmpty() ? "/" : joined;
    }

    /** A path without its trailing slash; the root becomes empty. */
    private static String trimmed(String path) {
        return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    private static String describe(Problems problems) {
        return problems.all().stream().map(Problems.Problem::toString).collect(Collectors.joining("; "));
    }
}
