package dev.lambassador.bench;

import dev.lambassador.core.route.RouteSource;
import java.net.URI;
import java.util.List;
import java.util.Map;

/** Route items held in memory, so that in-process benchmarks measure the router and not a route store. */
public record StaticRoutes(List<Map<String, Object>> items) implements RouteSource {

    public StaticRoutes {
        items = List.copyOf(items);
    }

    /** The demo route of examples/routes.yaml: everything under /echo to the echo backend. */
    public static StaticRoutes echo(URI echoBackend) {
        return new StaticRoutes(List.of(echoItem(echoBackend)));
    }

    public static Map<String, Object> echoItem(URI echoBackend) {
        return Map.of("id", "echo", "path", "/echo/{proxy+}", "methods", List.of("ANY"), "backend", echoBackend + "/{proxy}",
                "auth", "none");
    }

    @Override
    public List<Map<String, Object>> load() {
        return items;
    }

    @Override
    public String describe() {
        return items.size() + " routes in memory";
    }
}
