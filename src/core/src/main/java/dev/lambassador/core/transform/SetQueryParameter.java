package dev.lambassador.core.transform;

import dev.lambassador.core.filter.Filter;
import dev.lambassador.core.filter.FilterFactory;
import dev.lambassador.core.route.Problems;
import java.util.Map;
import java.util.Set;

/**
 * {@code {"name": "setQueryParameter", "args": {"name": "tenant", "value": "${caller.consumer}"}}}: replaces the
 * parameter's values; when the value names something absent, the client's values are removed.
 */
public final class SetQueryParameter implements FilterFactory {

    @Override
    public String name() {
        return "setQueryParameter";
    }

    @Override
    public Filter create(Map<String, Object> args, Problems problems) {
        Args.only(args, Set.of("name", "value"), problems);
        String name = Args.parameterName(args, "name", problems);
        Template value = Args.template(args, "value", problems);
        if (name == null || value == null) {
            return null;
        }
        return (request, chain) -> {
            String rendered = value.render(request, chain.exchange());
            QueryEdit query = new QueryEdit(request.rawQuery()).remove(name);
            return chain.proceed(request.withRawQuery((rendered == null ? query : query.add(name, rendered)).raw()));
        };
    }
}
