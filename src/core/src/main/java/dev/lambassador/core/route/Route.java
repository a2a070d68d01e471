package dev.lambassador.core.route;

import java.net.URI;
import java.util.Objects;

/**
 * A compiled, immutable route: its definition, parsed path template and backend URL. A route
 * whose item is invalid but whose path could still be read is kept as an {@linkplain #unavailable
 * unavailable} route, so that its requests get a 503 rather than fall through to a broader route
 * with other backends and other auth.
 */
public final class Route {

    private final RouteDefinition definition;
    private final PathTemplate template;
    private final BackendTarget backend;
    private final String unavailableReason;

    private Route(RouteDefinition definition, PathTemplate template, BackendTarget backend, String unavailableReason) {
        this.definition = definition;
        this.template = template;
        this.backend = backend;
        this.unavailableReason = unavailableReason;
    }

    /** @throws IllegalArgumentException when the path or backend cannot be compiled */
    public static Route compile(RouteDefinition definition) {
        Objects.requireNonNull(definition, "definition");
        PathTemplate template = PathTemplate.parse(definition.path());
        return new Route(definition, template, BackendTarget.compile(definition.backend(), template), null);
    }

    /**
     * Holds the place of an invalid item: matched like a route, answered with 503.
     *
     * @param shape the item's id, path, methods and host; its backend is never called
     */
    static Route unavailable(RouteDefinition shape, String reason) {
        PathTemplate template = PathTemplate.parse(shape.path());
        return new Route(shape, template, BackendTarget.compile(shape.backend(), template), Objects.requireNonNull(reason));
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

    /** The backend URL for a request that matched this route. */
    public URI backendUri(RequestPath path, String rawQuery) {
        return backend.resolve(path, rawQuery);
    }

    @Override
    public String toString() {
        return "Route[" + definition.id() + " " + definition.methods() + " " + definition.path() + "]";
    }
}
