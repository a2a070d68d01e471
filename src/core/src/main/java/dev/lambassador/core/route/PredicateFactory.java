package dev.lambassador.core.route;

import java.util.Map;

/**
 * Compiles one kind of match condition from an item. Each condition of the kind is one element of
 * the list under the item attribute {@link #attribute()}: {@code "headers": [{"name": "Api-Version",
 * "value": "2"}]}. One class and one line in {@link RouteFactories} per kind.
 */
public interface PredicateFactory {

    /** The item attribute whose list elements this factory compiles, e.g. {@code headers}. */
    String attribute();

    /**
     * @param condition one element of the list
     * @param problems  where its problems go, field names relative to the element
     * @return the predicate, or null when {@code problems} got some
     */
    RoutePredicate create(Map<String, Object> condition, Problems problems);
}
