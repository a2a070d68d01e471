package dev.lambassador.core.transform;

import dev.lambassador.core.GatewayResponse;
import dev.lambassador.core.filter.Filter;
import dev.lambassador.core.filter.FilterFactory;
import dev.lambassador.core.route.Problems;
import java.util.Map;
import java.util.Set;

/**
 * {@code {"name": "setResponseHeader", "args": {"name": "Cache-Control", "value": "no-store"}}}: replaces the
 * backend's values; when the value names something absent, the backend's header is removed.
 */
public final class SetResponseHeader implements FilterFactory {

    @Override
    public String name() {
        return "setResponseHeader";
    }

    @Override
    public Filter create(Map<String, Object> args, Problems problems) {
        Args.only(args, Set.of("name", "value"), problems);
        String name = Args.headerName(args, "name", problems);
        Template value = Args.template(args, "value", problems);
        if (name == null || value == null) {
            return null;
        }
        return (request, chain) -> {
            GatewayResponse response = chain.proceed(request);
            String rendered = value.render(request, chain.exchange());
            return new GatewayResponse(response.status(), rendered == null
                    ? response.headers().toBuilder().remove(name).build()
                    : response.headers().toBuilder().set(name, Args.headerValue(name, rendered)).build(), response.body());
        };
    }
}
