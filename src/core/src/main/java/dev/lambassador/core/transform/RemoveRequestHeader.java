package dev.lambassador.core.transform;

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
        Args.only(args, Set.of("name"), problems);
        String name = Args.headerName(args, "name", problems);
        if (name == null) {
            return null;
        }
        return (request, chain) -> chain.proceed(request.headers().contains(name)
                ? request.withHeaders(request.headers().toBuilder().remove(name).build())
                : request);
    }
}
