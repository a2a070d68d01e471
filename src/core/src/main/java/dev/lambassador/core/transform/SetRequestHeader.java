package dev.lambassador.core.transform;

import dev.lambassador.core.filter.Filter;
import dev.lambassador.core.filter.FilterFactory;
import dev.lambassador.core.route.Problems;
import java.util.Map;
import java.util.Set;

/**
 * {@code {"name": "setRequestHeader", "args": {"name": "X-Tenant", "value": "${caller.consumer}"}}}:
 * replaces the header's values; when the value names something absent, the header is removed, so a
 * client's own copy never stands in for the one the route meant to set.
 */
public final class SetRequestHeader implements FilterFactory {

    @Override
    public String name() {
        return "setRequestHeader";
    }

    @Override
    public Filter create(Map<String, Object> args, Problems problems) {
        Args.only(args, Set.of("name", "value"), problems);
        String name = Args.settableHeaderName(args, "name", problems);
        Template value = Args.template(args, "value", problems);
        if (name == null || value == null) {
            return null;
        }
        return (request, chain) -> {
            String rendered = value.render(request, chain.exchange());
            return chain.proceed(request.withHeaders(rendered == null
                    ? request.headers().toBuilder().remove(name).build()
                    : request.headers().toBuilder().set(name, Args.headerValue(name, rendered)).build()));
        };
    }
}
