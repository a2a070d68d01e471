package dev.lambassador.core.transform;

import dev.lambassador.core.filter.Filter;
import dev.lambassador.core.filter.FilterFactory;
import dev.lambassador.core.route.Problems;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code {"name": "renameRequestHeader", "args": {"from": "X-Authenticated-Subject", "to": "X-User"}}}:
 * moves the header's values to another name, replacing any there, for a backend that expects its own
 * spelling. The gateway's caller headers may be renamed (they are the gateway's own, set after the
 * client's copies are removed), but no header may be renamed onto one of them.
 */
public final class RenameRequestHeader implements FilterFactory {

    @Override
    public String name() {
        return "renameRequestHeader";
    }

    @Override
    public Filter create(Map<String, Object> args, Problems problems) {
        Args.only(args, Set.of("from", "to"), problems);
        String from = Args.headerName(args, "from", problems);
        String to = Args.settableHeaderName(args, "to", problems);
        if (from == null || to == null) {
            return null;
        }
        return (request, chain) -> {
            List<String> values = request.headers().all(from);
            if (values.isEmpty()) {
                return chain.proceed(request);
            }
            return chain.proceed(request.withHeaders(request.headers().toBuilder().remove(from).remove(to).addAll(to, values).build()));
        };
    }
}
