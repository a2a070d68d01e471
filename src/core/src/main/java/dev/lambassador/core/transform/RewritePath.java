package dev.lambassador.core.transform;

import dev.lambassador.core.filter.Filter;
import dev.lambassador.core.filter.FilterFactory;
import dev.lambassador.core.route.Problems;
import java.util.Map;
import java.util.Set;

/**
 * {@code {"name": "rewritePath", "args": {"path": "/api/v2/orders/${path.id}"}}}: forwards another path,
 * built from the request's. Variables are percent-encoded as path segments, so that no value can add
 * segments or climb with {@code ..}; the result is checked as a client's path is. A variable that
 * names something absent is a 400: no backend path is better than a wrong one.
 */
public final class RewritePath implements FilterFactory {

    @Override
    public String name() {
        return "rewritePath";
    }

    @Override
    public Filter create(Map<String, Object> args, Problems problems) {
        Args.only(args, Set.of("path"), problems);
        Template path = Args.template(args, "path", problems);
        if (path == null) {
            return null;
        }
        if (!path.toString().startsWith("/")) {
            problems.add("path", "must start with '/'");
            return null;
        }
        return (request, chain) -> {
            String rewritten = path.renderPath(request, chain.exchange());
            if (rewritten == null) {
                throw dev.lambassador.core.GatewayException.badRequest("the path this route forwards needs a value the request does not have");
            }
            return chain.proceed(request.withPath(rewritten));
        };
    }
}
