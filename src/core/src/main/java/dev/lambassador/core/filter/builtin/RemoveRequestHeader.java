package dev.lambassador.core.filter.builtin;

import dev.lambassador.core.filter.Filter;
import dev.lambassador.core.filter.FilterFactory;
import dev.lambassador.core.route.Problems;
import java.util.Map;
import java.util.Set;

/** {@code {"name": "removeRequestHeader", "args": {"name": "Cookie"}}}: the backend never sees the header. */
public final class RemoveRequestHeader implements FilterFactory {

    @Override
    public String name() {
        return "removeRequestHeader";
    }

    @Override
    public Filter create(Map<String, Object> args, Problems problems) {
        HeaderArgs.refuseOthers(args, Set.of("name"), problems);
        String name = HeaderArgs.name(args, problems);
        if (name == null) {
            return null;
        }
        return (request, chain) -> chain.proceed(request.withHeaders(request.headers().toBuilder().remove(name).build()));
    }
}
