package dev.lambassador.core.route.predicate;

import dev.lambassador.core.route.PredicateFactory;
import dev.lambassador.core.route.Problems;
import dev.lambassador.core.route.RoutePredicate;
import java.util.Map;

/** {@code "headers": [{"name": "X-Canary", "value": "on"}]}: header names are case-insensitive, values are not. */
public final class HeaderPredicates implements PredicateFactory {

    @Override
    public String attribute() {
        return "headers";
    }

    @Override
    public RoutePredicate create(Map<String, Object> condition, Problems problems) {
        ValueCondition parsed = ValueCondition.parse(condition, problems);
        if (parsed == null) {
            return null;
        }
        String name = parsed.name();
        return request -> parsed.test(request.headers().all(name));
    }
}
