package dev.lambassador.core.backend;

import dev.lambassador.core.route.Items;
import dev.lambassador.core.route.PathTemplate;
import dev.lambassador.core.route.Problems;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The backend types an item may name, by {@code type}. A string is short for an http backend,
 * {@code "http://orders:8080"} for {@code {"type": "http", "url": "http://orders:8080"}}; a map
 * without {@code type} is http too, unless it has {@code ref}: {@code {"ref": "orders"}} names a
 * backend item ({@link NamedBackends}), whose type is the item's to say.
 */
public final class Backends {

    /** The built-in types, and those of the {@link BackendPlugin}s on the class path. */
    public static final Backends DEFAULT = of(java.util.stream.Stream.concat(
            java.util.stream.Stream.of(new HttpBackend.Factory(), new WeightedBackend.Factory(), new LambdaBackend.Factory()),
            BackendPlugin.installed().stream().map(BackendPlugin::factory)).toList());

    private final Map<String, BackendFactory> byType;
    private final NamedBackends named;

    private Backends(Map<String, BackendFactory> byType, NamedBackends named) {
        this.byType = byType;
        this.named = named;
    }

    public static Backends of(List<BackendFactory> factories) {
        Map<String, BackendFactory> byType = new LinkedHashMap<>();
        for (BackendFactory factory : factories) {
            if (byType.put(factory.type(), factory) != null) {
                throw new IllegalArgumentException("two backend factories for type " + factory.type());
            }
        }
        return new Backends(Map.copyOf(byType), NamedBackends.NONE);
    }

    /** Adds (or replaces) one type. */
    public Backends with(BackendFactory factory) {
        Map<String, BackendFactory> copy = new LinkedHashMap<>(byType);
        copy.put(factory.type(), factory);
        return new Backends(Map.copyOf(copy), named);
    }

    /** The same types, with the backend items that references name. */
    public Backends withNamed(NamedBackends value) {
        return new Backends(byType, java.util.Objects.requireNonNull(value, "value"));
    }

    /**
     * Compiles a {@code backend} attribute's value against a route's path.
     *
     * @param problems the view of the item's problems for this attribute (field names are relative to it)
     * @return the backend, or null when {@code problems} got some
     */
    public Backend compile(Object value, PathTemplate template, Problems problems) {
        Map<String, Object> args = value instanceof String url ? Map.of("type", HttpBackend.TYPE, "url", url) : Items.asMap(value);
        if (args == null) {
            problems.add("", value == null ? "is required"
                    : "must be a URL (DynamoDB type S) or a map with a type (type M), was " + Items.describe(value));
            return null;
        }
        if (args.containsKey("ref") && !args.containsKey("type")) {
            return named.reference(args, template, problems);
        }
        Object type = args.getOrDefault("type", HttpBackend.TYPE);
        BackendFactory factory = type instanceof String name ? byType.get(name) : null;
        if (factory == null) {
            problems.add("type", "must be one of " + new TreeSet<>(byType.keySet()) + ", was " + Items.describe(type));
            return null;
        }
        return factory.create(args, template, this, problems);
    }
}
