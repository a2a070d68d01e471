package dev.lambassador.core.backend;

import dev.lambassador.core.Exchange;
import dev.lambassador.core.GatewayRequest;
import dev.lambassador.core.auth.Caller;
import dev.lambassador.core.route.Items;
import dev.lambassador.core.route.PathTemplate;
import dev.lambassador.core.route.Problems;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A weighted split between backends, for canary releases: {@code 95/5} sends about one caller in
 * twenty to the second target. The split is sticky per caller, so that nobody flips between two
 * versions of a service from one request to the next: the key is the authenticated caller (issuer
 * and subject), else the configured header, else the configured cookie, else there is no caller
 * to stick to and each request is drawn afresh. A tester forces a target by name with
 * {@link #OVERRIDE_HEADER}.
 *
 * @param targets      the targets, in the item's order
 * @param stickyHeader a request header that identifies a caller (e.g. {@code X-User-Id}), or empty
 * @param stickyCookie a cookie that identifies a caller (e.g. {@code session}), or empty
 */
public record WeightedBackend(List<Target> targets, String stickyHeader, String stickyCookie) implements Backend {

    public static final String TYPE = "weighted";
    /** Names the target a request must go to, whatever its caller's draw. */
    public static final String OVERRIDE_HEADER = "X-Lambassador-Target";
    /** The name of the target that served the request, for logs and metrics. */
    public static final Exchange.Attribute<String> CHOSEN = Exchange.Attribute.of("weighted.target", String.class);

    /** One side of the split. */
    public record Target(String name, int weight, Backend backend) {
    }

    public WeightedBackend {
        targets = List.copyOf(targets);
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Backend select(GatewayRequest request, Exchange exchange) {
        Target target = request.headers().first(OVERRIDE_HEADER).flatMap(this::named).orElse(null);
        if (target == null) {
            target = pick(bucket(stickyKey(request, exchange.caller())));
        }
        exchange.put(CHOSEN, target.name());
        return target.backend();
    }

    /** The target for a position on the wheel of total weight, {@code 0 <= bucket < total}. */
    Target pick(long bucket) {
        long total = totalWeight();
        long position = Math.floorMod(bucket, total);
        for (Target target : targets) {
            position -= target.weight();
            if (position < 0) {
                return target;
            }
        }
        throw new IllegalStateException("weights add up to " + total);
    }

    private long totalWeight() {
        long total = 0;
        for (Target target : targets) {
            total += target.weight();
        }
        return total;
    }

    private java.util.Optional<Target> named(String name) {
        return targets.stream().filter(target -> target.name().equals(name)).findFirst();
    }

    /** Who the caller is, for stickiness; null when nothing identifies them. */
    String stickyKey(GatewayRequest request, Caller caller) {
        if (caller.authenticated()) {
            return caller.issuer() + '\u0000' + (caller.subject().isEmpty() ? caller.consumer() : caller.subject());
        }
        if (!stickyHeader.isEmpty()) {
            String value = request.headers().first(stickyHeader).orElse("");
            if (!value.isEmpty()) {
                return "h\u0000" + value;
            }
        }
        if (!stickyCookie.isEmpty()) {
            String value = cookie(request, stickyCookie);
            if (!value.isEmpty()) {
                return "c\u0000" + value;
            }
        }
        return null;
    }

    /** A stable, well spread hash of the key (FNV-1a, then SplitMix64's finaliser); random without a key. */
    static long bucket(String key) {
        if (key == null) {
            return ThreadLocalRandom.current().nextLong() >>> 1;
        }
        long hash = 0xcbf29ce484222325L;
        for (int i = 0; i < key.length(); i++) {
            hash ^= key.charAt(i);
            hash *= 0x100000001b3L;
        }
        hash = (hash ^ (hash >>> 30)) * 0xbf58476d1ce4e5b9L;
        hash = (hash ^ (hash >>> 27)) * 0x94d049bb133111ebL;
        return (hash ^ (hash >>> 31)) >>> 1;
    }

    private static String cookie(GatewayRequest request, String name) {
        for (String header : request.headers().all("Cookie")) {
            for (String pair : header.split(";")) {
                int equals = pair.indexOf('=');
                if (equals > 0 && pair.substring(0, equals).trim().equals(name)) {
                    return pair.substring(equals + 1).trim();
                }
            }
        }
        return "";
    }

    /** {@code {"type": "weighted", "targets": [{"name", "weight", "backend"}, ...], "stickyHeader", "stickyCookie"}}. */
    public static final class Factory implements BackendFactory {

        /** Weights are whole numbers; 10,000 lets a split be as fine as 0.01 %. */
        static final int MAX_WEIGHT = 10_000;

        @Override
        public String type() {
            return TYPE;
        }

        @Override
        public Backend create(Map<String, Object> args, PathTemplate template, Backends backends, Problems problems) {
            Items.refuseUnknown(args, Set.of("type", "targets", "stickyHeader", "stickyCookie"), "", problems);
            List<Map<String, Object>> items = Items.maps(args, "targets", problems);
            if (items.isEmpty()) {
                problems.add("targets", "needs at least one target: {name, weight, backend}");
            }
            List<Target> targets = new ArrayList<>();
            Set<String> names = new HashSet<>();
            long total = 0;
            for (int i = 0; i < items.size(); i++) {
                Map<String, Object> item = items.get(i);
                if (item == null) {
                    continue;
                }
                Problems at = problems.at("targets[" + i + "]");
                Items.refuseUnknown(item, Set.of("name", "weight", "backend"), "", at);
                String name = Items.string(item, "name", at);
                name = name == null || name.isBlank() ? Integer.toString(i) : name;
                if (!names.add(name)) {
                    at.add("name", "'" + name + "' names another target too");
                }
                int weight = weight(item.get("weight"), at);
                total += weight;
                Backend backend = backends.compile(item.get("backend"), template, at.at("backend"));
                if (backend != null) {
                    targets.add(new Target(name, weight, backend));
                }
            }
            if (!items.isEmpty() && total == 0) {
                problems.add("targets", "weights add up to 0; at least one target needs a weight above 0");
            }
            String header = Items.string(args, "stickyHeader", problems);
            String cookie = Items.string(args, "stickyCookie", problems);
            return new WeightedBackend(targets, header == null ? "" : header.trim(), cookie == null ? "" : cookie.trim());
        }

        private static int weight(Object raw, Problems problems) {
            Long weight = Items.wholeIn(raw, 0, MAX_WEIGHT);
            if (weight == null) {
                problems.add("weight", "must be a whole number from 0 to " + MAX_WEIGHT + ", was " + Items.describe(raw));
                return 0;
            }
            return weight.intValue();
        }
    }
}
