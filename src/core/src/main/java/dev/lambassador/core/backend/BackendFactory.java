package dev.lambassador.core.backend;

import dev.lambassador.core.route.PathTemplate;
import dev.lambassador.core.route.Problems;
import java.util.Map;

/** Compiles the {@code backend} attribute of one type; one class and one line in {@link Backends} per type. */
public interface BackendFactory {

    String type();

    /**
     * @param args     the backend map, {@code type} included
     * @param template the route's path, for backends whose URL takes its parameters
     * @param backends the registry, for backends made of other backends
     * @param problems where every problem of {@code args} goes, by field
     * @return the backend, or null when {@code problems} has some
     */
    Backend create(Map<String, Object> args, PathTemplate template, Backends backends, Problems problems);
}
