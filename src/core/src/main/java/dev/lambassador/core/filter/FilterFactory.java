package dev.lambassador.core.filter;

import dev.lambassador.core.route.Problems;
import java.util.Map;

/**
 * Compiles one named filter of a route's {@code filters} list, {@code {"name": N, "args": {...}}},
 * once per route load rather than per request. One class and one line in
 * {@link dev.lambassador.core.route.RouteFactories} per filter.
 */
public interface FilterFactory {

    String name();

    /**
     * @param args     the filter's {@code args} map (empty when the item gives none)
     * @param problems where every problem of {@code args} goes, field names relative to {@code args}
     * @return the filter, or null when {@code problems} got some
     */
    Filter create(Map<String, Object> args, Problems problems);
}
