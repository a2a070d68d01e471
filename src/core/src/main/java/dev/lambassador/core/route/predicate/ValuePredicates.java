package dev.lambassador.core.route.predicate;

import dev.lambassador.core.GatewayRequest;
import dev.lambassador.core.route.PredicateFactory;
import dev.lambassador.core.route.Problems;
import dev.lambassador.core.route.RoutePredicate;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Conditions on named values of a request, as headers and query parameters both have them:
 * {@code "headers": [{"name": "X-Canary", "value": "on"}]}, {@code "query": [{"name": "beta"}]}.
 * Header names are case-insensitive; query parameters are compared decoded; values are case-sensitive.
 */
public final class ValuePredicates implements PredicateFactory {

    /** {@code headers}: a request header's values. */
    public static final ValuePredicates HEADERS = new ValuePredicates("headers", (request, name) -> request.headers().all(name));
    /** {@code query}: a query parameter's decoded values. */
    public static final ValuePredicates QUERY = new ValuePredicates("query",
            (request, name) -> request.query().getOrDefault(name, List.of()));

    private final String attribute;
    private final BiFunction<GatewayRequest, String, List<String>> values;

    private ValuePredicates(String attribute, BiFunction<GatewayRequest, String, List<String>> values) {
        this.attribute = attribute;
        this.values = values;
    }

    @Override
    public String attribute() {
        return attribute;
    }

    @Override
    public RoutePredicate create(Map<String, Object> condition, Problems problems) {
        ValueCondition parsed = ValueCondition.parse(condition, problems);
        if (parsed == null) {
            return null;
        }
        String name = parsed.name();
        return request -> parsed.test(values.apply(request, name));
    }
}
