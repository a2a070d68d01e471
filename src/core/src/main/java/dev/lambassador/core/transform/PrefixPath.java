package dev.lambassador.core.transform;

import dev.lambassador.core.filter.Filter;
import dev.lambassador.core.filter.FilterFactory;
import dev.lambassador.core.route.Items;
import dev.lambassador.core.route.PathTemplate;
import dev.lambassador.core.route.Problems;
import java.util.Map;
import java.util.Set;

/** {@code {"name": "prefixPath", "args": {"prefix": "/api/v2"}}}: {@code /orders/42} is forwarded as {@code /api/v2/orders/42}. */
public final class PrefixPath implements FilterFactory {

    @Override
    public String name() {
        return "prefixPath";
    }

    @Override
    public Filter create(Map<String, Object> args, Problems problems) {
        Args.only(args, Set.of("prefix"), problems);
        String prefix = Items.requiredString(args, "prefix", problems);
        if (prefix == null) {
            return null;
        }
        try {
            PathTemplate template = PathTemplate.parse(prefix);
            if (template.segments().stream().anyMatch(segment -> segment.kind() != PathTemplate.Kind.LITERAL)) {
                problems.add("prefix", "must be literal segments, like /api/v2");
                return null;
            }
        } catch (IllegalArgumentException e) {
            problems.add("prefix", e.getMessage());
            return null;
        }
        String trimmed = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
        return (request, chain) -> chain.proceed(request.withPath(trimmed + request.path()));
    }
}
