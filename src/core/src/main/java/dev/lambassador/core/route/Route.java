package dev.lambassador.core.route;

import java.net.URI;
import java.util.Objects;

/** A compiled, immutable route: its definition, parsed path template and backend URL. */
public final class Route {

    private final RouteDefinition definition;
    private final PathTemplate template;
    private final BackendTarget backend;

    private Route(RouteDefinition definition, PathTemplate template, BackendTarget backend) {
        this.definition = definition;
        this.template = template;
        this.backend = backend;
    }

    /** @throws IllegalArgumentException when the path or backend cannot be compiled */
    public static Route compile(RouteDefinition definition) {
        Objects.requireNonNull(definition, "definition");
        PathTemplate template = PathTemplate.parse(definition.path());
        return new Route(definition, template, BackendTarget.compile(definition.backend(), template));
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
