package dev.lambassador.core.filter.builtin;

import dev.lambassador.core.filter.Filter;
import dev.lambassador.core.filter.FilterFactory;
import dev.lambassador.core.route.Problems;
import java.util.Map;
import java.util.Set;

/** {@code {"name": "setRequestHeader", "args": {"name": "X-Tenant", "value": "acme"}}}: replaces the header's values. */
public final class SetRequestHeader implements FilterFactory {

    @Override
    public String name() {
        return "setRequestHeader";
    }

    @Override
    public Filter create(Map<String, Object> args, Problems problems) {
        HeaderArgs.refuseOthers(args, Set.of("name", "value"), problems);
        String name = HeaderArgs.name(args, problems);
        String value = HeaderArgs.value(args, problems);
        if (name == null || value == null) {
            return null;
        }
        return (request, chain) -> chain.proceed(request.withHeaders(request.headers().toBuilder().set(name, value).build()));
    }
}
