package dev.lambassador.core.route.predicate;

import dev.lambassador.core.route.PredicateFactory;
import dev.lambassador.core.route.Problems;
import dev.lambassador.core.route.RoutePredicate;
import java.util.List;
import java.util.Map;

/** {@code "query": [{"name": "beta", "value": "1"}]}: parameter names and values are compared decoded and case-sensitive. */
public final class QueryPredicates implements PredicateFactory {

    @Override
    public String attribute() {
        return "query";
    }

    @Override
    public RoutePredicate create(Map<String, Object> condition, Problems problems) {
        ValueCondition parsed = ValueCondition.parse(condition, problems);
        if (parsed == null) {
            return null;
        }
        String name = parsed.name();
        return request -> parsed.test(request.query().getOrDefault(name, List.of()));
    }
}
