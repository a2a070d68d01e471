package dev.lambassador.core.transform;

import dev.lambassador.core.GatewayResponse;
import dev.lambassador.core.filter.Filter;
import dev.lambassador.core.filter.FilterFactory;
import dev.lambassador.core.route.Problems;
import java.util.Map;
import java.util.Set;

/** {@code {"name": "removeResponseHeader", "args": {"name": "Server"}}}: the client never sees the backend's header. */
public final class RemoveResponseHeader implements FilterFactory {

    @Override
    public String name() {
        return "removeResponseHeader";
    }

    @Override
    public Filter create(Map<String, Object> args, Problems problems) {
        Args.only(args, Set.of("name"), problems);
        String name = Args.headerName(args, "name", problems);
        if (name == null) {
            return null;
        }
        return (request, chain) -> {
            GatewayResponse response = chain.proceed(request);
            return response.headers().contains(name)
                    ? new GatewayResponse(response.status(), response.headers().toBuilder().remove(name).build(), response.body())
                    : response;
        };
    }
}
