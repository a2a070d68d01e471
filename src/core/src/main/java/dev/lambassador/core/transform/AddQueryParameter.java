package dev.lambassador.core.transform;

import dev.lambassador.core.filter.Filter;
import dev.lambassador.core.filter.FilterFactory;
import dev.lambassador.core.route.Problems;
import java.util.Map;
import java.util.Set;

/** {@code {"name": "addQueryParameter", "args": {"name": "source", "value": "gateway"}}}: adds a value; nothing when it names something absent. */
public final class AddQueryParameter implements FilterFactory {

    @Override
    public String name() {
        return "addQueryParameter";
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
            return chain.proceed(rendered == null ? request
                    : request.withRawQuery(new QueryEdit(request.rawQuery()).add(name, rendered).raw()));
        };
    }
}
