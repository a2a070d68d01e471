package dev.lambassador.core.transform;

import dev.lambassador.core.GatewayResponse;
import dev.lambassador.core.filter.Filter;
import dev.lambassador.core.filter.FilterFactory;
import dev.lambassador.core.route.Items;
import dev.lambassador.core.route.Problems;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code {"name": "mapStatus", "args": {"statuses": {"404": 410, "500": 502}}}}: gives the client another
 * status than the backend answered; statuses not listed pass as they are (a backend's 200 with an
 * error in its body stays a 200 unless mapped).
 */
public final class MapStatus implements FilterFactory {

    @Override
    public String name() {
        return "mapStatus";
    }

    @Override
    public Filter create(Map<String, Object> args, Problems problems) {
        Args.only(args, Set.of("statuses"), problems);
        Map<String, Object> listed = Items.map(args, "statuses", problems);
        if (listed == null || listed.isEmpty()) {
            // Absent, null or empty; a value of another type is reported already.
            if (listed != null || args.get("statuses") == null) {
                problems.add("statuses", "needs at least one pair, like {'404': 410}");
            }
            return null;
        }
        Map<Integer, Integer> statuses = new HashMap<>();
        listed.forEach((from, to) -> {
            Integer source = status(from);
            Integer target = to instanceof Number number && number.doubleValue() == number.intValue() ? status(String.valueOf(number.intValue())) : null;
            if (source == null || target == null) {
                problems.add("statuses." + from, "maps a status from 100 to 599 to another, was " + from + " -> " + Items.describe(to));
            } else {
                statuses.put(source, target);
            }
        });
        if (statuses.size() != listed.size()) {
            return null;
        }
        Map<Integer, Integer> frozen = Map.copyOf(statuses);
        return (request, chain) -> {
            GatewayResponse response = chain.proceed(request);
            Integer mapped = frozen.get(response.status());
            return mapped == null ? response : new GatewayResponse(mapped, response.headers(), response.body());
        };
    }

    private static Integer status(String text) {
        try {
            int status = Integer.parseInt(text.trim());
            return status >= 100 && status <= 599 ? status : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
