package dev.lambassador.core.transform;

import dev.lambassador.core.filter.Filter;
import dev.lambassador.core.filter.FilterFactory;
import dev.lambassador.core.route.Problems;
import java.util.Map;
import java.util.Set;

/** {@code {"name": "renameQueryParameter", "args": {"from": "q", "to": "search"}}}: the values move to the new name. */
public final class RenameQueryParameter implements FilterFactory {

    @Override
    public String name() {
        return "renameQueryParameter";
    }

    @Override
    public Filter create(Map<String, Object> args, Problems problems) {
        Args.only(args, Set.of("from", "to"), problems);
        String from = Args.parameterName(args, "from", problems);
        String to = Args.parameterName(args, "to", problems);
        if (from == null || to == null) {
            return null;
        }
        return (request, chain) -> {
            QueryEdit query = new QueryEdit(request.rawQuery());
            return chain.proceed(query.has(from) ? request.withRawQuery(query.rename(from, to).raw()) : request);
        };
    }
}
