package dev.lambassador.core.transform;

import dev.lambassador.core.filter.Filter;
import dev.lambassador.core.filter.FilterFactory;
import dev.lambassador.core.route.Items;
import dev.lambassador.core.route.Problems;
import java.util.Map;
import java.util.Set;

/**
 * {@code {"name": "stripPrefix", "args": {"parts": 1}}}: drops the path's first segments before it is
 * forwarded, so {@code /api/orders/42} reaches a backend given as an origin alone as {@code /orders/42}.
 */
public final class StripPrefix implements FilterFactory {

    static final int MAX_PARTS = 32;

    @Override
    public String name() {
        return "stripPrefix";
    }

    @Override
    public Filter create(Map<String, Object> args, Problems problems) {
        Args.only(args, Set.of("parts"), problems);
        Object raw = args.getOrDefault("parts", 1);
        Long whole = Items.wholeIn(raw, 1, MAX_PARTS);
        if (whole == null) {
            problems.add("parts", "must be a whole number from 1 to " + MAX_PARTS + ", was " + Items.describe(raw));
            return null;
        }
        int parts = whole.intValue();
        return (request, chain) -> chain.proceed(request.withPath(strip(request.path(), parts)));
    }

    /** {@code /a/b/c} less 1 part is {@code /b/c}; less everything, {@code /}. A trailing slash stays. */
    public static String strip(String path, int parts) {
        int index = 0;
        for (int i = 0; i < parts && index >= 0; i++) {
            index = path.indexOf('/', index + 1);
        }
        return index < 0 ? "/" : path.substring(index);
    }
}
