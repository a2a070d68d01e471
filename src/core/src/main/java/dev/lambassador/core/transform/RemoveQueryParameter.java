package dev.lambassador.core.transform;

import dev.lambassador.core.filter.Filter;
import dev.lambassador.core.filter.FilterFactory;
import dev.lambassador.core.route.Problems;
import java.util.Map;
import java.util.Set;

/** {@code {"name": "removeQueryParameter", "args": {"name": "debug"}}}: the backend never sees the parameter. */
public final class RemoveQueryParameter implements FilterFactory {

    @Override
    public String name() {
        return "removeQueryParameter";
    }

    @Override
    public Filter create(Map<String, Object> args, Problems problems) {
        Args.only(args, Set.of("name"), problems);
        String name = Args.parameterName(args, "name", problems);
        if (name == null) {
            return null;
        }
        return (request, chain) -> {
            QueryEdit query = new QueryEdit(request.rawQuery());
            return chain.proceed(query.has(name) ? request.withRawQuery(query.remove(name).raw()) : request);
        };
    }
}
