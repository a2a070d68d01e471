package dev.lambassador.core.filter.builtin;

import dev.lambassador.core.GatewayResponse;
import dev.lambassador.core.filter.Filter;
import dev.lambassador.core.filter.FilterFactory;
import dev.lambassador.core.route.Problems;
import java.util.Map;
import java.util.Set;

/** {@code {"name": "setResponseHeader", "args": {"name": "Cache-Control", "value": "no-store"}}}: replaces the backend's values. */
public final class SetResponseHeader implements FilterFactory {

    @Override
    public String name() {
        return "setResponseHeader";
    }

    @Override
    public Filter create(Map<String, Object> args, Problems problems) {
        HeaderArgs.refuseOthers(args, Set.of("name", "value"), problems);
        String name = HeaderArgs.name(args, problems);
        String value = HeaderArgs.value(args, problems);
        if (name == null || value == null) {
            return null;
        }
        return (request, chain) -> {
            GatewayResponse response = chain.proceed(request);
            return new GatewayResponse(response.status(), response.headers().toBuilder().set(name, value).build(), response.body());
        };
    }
}
