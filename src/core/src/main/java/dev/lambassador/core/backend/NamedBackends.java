package dev.lambassador.core.backend;

import dev.lambassador.core.route.Items;
import dev.lambassador.core.route.PathTemplate;
import dev.lambassador.core.route.Problems;
import dev.lambassador.core.route.RouteTable.Rejection;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The backend items of one table load, by id, and the ids of those that could not be read, so that
 * a reference to a broken backend says so rather than "no backend". Compiles references:
 * {@code {"ref": "orders", "path": "/v2/orders/{id}", "retry": {...}}}.
 */
public final class NamedBackends {

    public static final NamedBackends NONE = new NamedBackends(Map.of(), Set.of());

    private static final Set<String> REFERENCE_ATTRIBUTES = Set.of("ref", "path", "retry");

    private final Map<String, BackendItem> byId;
    private final Set<String> broken;

    private NamedBackends(Map<String, BackendItem> byId, Set<String> broken) {
        this.byId = Map.copyOf(byId);
        this.broken = Set.copyOf(broken);
    }

    /** Backend items read, and those that could not be. */
    public record Compiled(NamedBackends backends, List<Rejection> rejected) {
    }

    /** Reads the items of kind {@code backend}; an invalid one is rejected with every problem found in it. */
    public static Compiled compile(List<? extends Map<String, ?>> items) {
        Map<String, BackendItem> byId = new TreeMap<>();
        Set<String> broken = new HashSet<>();
        List<Rejection> rejected = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            Map<String, ?> item = items.get(i);
            String id = item.get("id") instanceof String text && !text.isBlank() ? text : "backend item " + (i + 1);
            Problems problems = new Problems();
            BackendItem backend;
            try {
                backend = BackendItem.parse(item, problems);
            } catch (RuntimeException e) {
                // A bug must cost one item, never the whole table.
                problems.add("", "cannot be read: " + e);
                backend = null;
            }
            if (backend == null) {
                rejected.add(new Rejection("backend", id, describe(problems)));
                broken.add(id);
            } else if (byId.putIfAbsent(backend.id(), backend) != null) {
                rejected.add(new Rejection("backend", id, "the id is used by another backend item"));
            }
        }
        broken.removeAll(byId.keySet());
        return new Compiled(new NamedBackends(byId, broken), List.copyOf(rejected));
    }

    public boolean isEmpty() {
        return byId.isEmpty() && broken.isEmpty();
    }

    /**
     * Compiles a reference against a route's path.
     *
     * @param problems the view of the item's problems for its {@code backend} attribute
     * @return the reference, or null when {@code problems} got some
     */
    BackendRef reference(Map<String, Object> args, PathTemplate template, Problems problems) {
        int before = problems.size();
        Items.refuseUnknown(args, REFERENCE_ATTRIBUTES, "", problems);
        String name = Items.requiredString(args, "ref", problems);
        String path = Items.string(args, "path", problems);
        if (path != null && !path.startsWith("/")) {
            problems.add("path", "must start with '/', was '" + path + "'");
        }
        BackendItem item = name == null ? null : byId.get(name);
        if (name != null && item == null) {
            if (broken.contains(name)) {
                problems.add("ref", "backend '" + name + "' is invalid (its own log line says why)");
            } else {
                String closest = Items.closest(name, byId.keySet());
                problems.add("ref", "no backend '" + name + "'" + (closest == null ? "" : ", did you mean '" + closest + "'?"));
            }
        }
        RetryPolicy retry = item == null || args.get("retry") == null ? (item == null ? RetryPolicy.NONE : item.retry())
                : RetryPolicy.read(args.get("retry"), item.retry() == RetryPolicy.NONE ? RetryPolicy.DEFAULT : item.retry(), problems.at("retry"));
        if (item == null || problems.size() != before) {
            return null;
        }
        String url = item.url(path == null ? "" : path);
        BackendTarget target;
        try {
            target = BackendTarget.compile(url, template);
        } catch (IllegalArgumentException e) {
            problems.add("path", e.getMessage());
            return null;
        }
        return new BackendRef(name, new HttpBackend(url, target, item.connectTimeout()), retry, item.breaker(), item.readTimeout());
    }

    private static String describe(Problems problems) {
        return problems.all().stream().map(Problems.Problem::toString).collect(Collectors.joining("; "));
    }
}
