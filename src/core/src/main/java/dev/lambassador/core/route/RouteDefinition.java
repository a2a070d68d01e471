package dev.lambassador.core.route;

import dev.lambassador.core.auth.RouteAuth;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * One route exactly as a person writes it: a DynamoDB item or a YAML entry. {@link Route#fromItem}
 * reads and validates an item into this and compiles it in one pass; {@link #toItem()} writes it
 * back. Attribute names and meanings are documented in docs/routes.md.
 *
 * @param id          unique name of the route
 * @param path        path template, e.g. {@code /orders/{id}} or {@code /static/{proxy+}}
 * @param methods     upper-case methods; {@code ANY} matches every method
 * @param host        host the route is limited to, or empty for any host
 * @param conditions  header and query conditions, each with the attribute it was listed under
 * @param filters     the route's own filters, in order
 * @param backend     the {@code backend} attribute: a URL string, or a map with a {@code type}
 * @param timeout     how long the backend may take to answer
 * @param enabled     whether the route is served
 * @param auth        which callers the route accepts; {@link RouteAuth#DEFAULT} takes the deployment's default
 * @param scopes      scopes the caller must have, all of them
 * @param description a note for people, or empty
 * @param metadata    anything else a person wants to keep on the item; the gateway ignores it
 * @param cors        the {@code cors} attribute: which browser origins may call, or null for the deployment's policy
 * @param matrixParameters whether request paths may carry {@code ;} parameters in their segments
 *                    ({@code /cars;color=red}), for backends that read them; refused with 400 otherwise
 * @param allowFrom   the source addresses and CIDR blocks that may call, as written; empty for every address
 * @param denyFrom    the source addresses and CIDR blocks that may not call, as written
 * @param maxBodyBytes the largest request body the route takes (413 beyond it); 0 for API Gateway's own limit
 */
public record RouteDefinition(String id, String path, Set<String> methods, String host, List<Condition> conditions,
                              List<FilterSpec> filters, Object backend, Duration timeout, boolean enabled, RouteAuth auth,
                              Set<String> scopes, String description, Map<String, Object> metadata, Map<String, Object> cors,
                              boolean matrixParameters, List<String> allowFrom, List<String> denyFrom, long maxBodyBytes) {

    /** API Gateway's own payload quota (10 MB): a route's {@code maxBodyBytes} can only be lower. */
    public static final long MAX_BODY_BYTES = 10L * 1024 * 1024;

    public static final String ANY = "ANY";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    /** Lambda's own limit: no backend call can outlive the function. */
    public static final Duration MAX_TIMEOUT = Duration.ofMinutes(15);
    /** The methods a route can name; {@link #ANY} stands for all the others. */
    public static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", ANY);

    /** One match condition: the attribute it is listed under ({@code headers}, {@code query}) and its map. */
    public record Condition(String attribute, Map<String, Object> args) {
        public Condition {
            args = Collections.unmodifiableMap(new LinkedHashMap<>(args));
        }
    }

    /** One entry of {@code filters}: a filter's name and its arguments. */
    public record FilterSpec(String name, Map<String, Object> args) {
        public FilterSpec {
            args = Collections.unmodifiableMap(new LinkedHashMap<>(args));
        }
    }

    public RouteDefinition {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(path, "path");
        methods = sorted(methods == null || methods.isEmpty() ? Set.of(ANY) : methods);
        host = host == null ? "" : host.toLowerCase(Locale.ROOT);
        conditions = conditions == null ? List.of() : List.copyOf(conditions);
        filters = filters == null ? List.of() : List.copyOf(filters);
        Objects.requireNonNull(backend, "backend");
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
        auth = auth == null ? RouteAuth.DEFAULT : auth;
        scopes = sorted(scopes == null ? Set.of() : scopes);
        description = description == null ? "" : description;
        metadata = metadata == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        cors = cors == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(cors));
        allowFrom = allowFrom == null ? List.of() : List.copyOf(allowFrom);
        denyFrom = denyFrom == null ? List.of() : List.copyOf(denyFrom);
        if (maxBodyBytes < 0 || maxBodyBytes > MAX_BODY_BYTES) {
            throw new IllegalArgumentException("maxBodyBytes must be from 0 to " + MAX_BODY_BYTES + ", was " + maxBodyBytes);
        }
    }

    /**
     * An immutable set that iterates in order. Most routes have one method and no scopes: {@code Set.of} holds
     * those in 16 bytes or none, where a {@code TreeSet} behind its unmodifiable view takes about 120.
     */
    private static Set<String> sorted(Set<String> values) {
        return switch (values.size()) {
            case 0 -> Set.of();
            case 1 -> Set.of(values.iterator().next());
            default -> Collections.unmodifiableSortedSet(new TreeSet<>(values));
        };
    }

    /** A route with no source address lists and no body limit of its own. */
    public RouteDefinition(String id, String path, Set<String> methods, String host, List<Condition> conditions,
                           List<FilterSpec> filters, Object backend, Duration timeout, boolean enabled, RouteAuth auth,
                           Set<String> scopes, String description, Map<String, Object> metadata, Map<String, Object> cors,
                           boolean matrixParameters) {
        this(id, path, methods, host, conditions, filters, backend, timeout, enabled, auth, scopes, description, metadata, cors,
                matrixParameters, List.of(), List.of(), 0);
    }

    /** A route that takes no matrix parameters, as most do. */
    /** A plain route: no conditions or filters, the deployment's default auth, an http backend URL. */
    public RouteDefinition(String id, String path, Set<String> methods, String host, String backend, Duration timeout,
                           boolean enabled) {
        this(id, path, methods, host, List.of(), List.of(), backend, timeout, enabled, RouteAuth.DEFAULT, Set.of(), "", Map.of(), null,
                false);
    }

    /**
     * Reads and validates one item with the default registries.
     *
     * @param position used in the error when the item has no usable id, e.g. "item-3"
     * @throws InvalidRouteException naming the item and every problem found in it
     */
    public static RouteDefinition fromItem(Map<String, ?> item, String position) {
        return Route.fromItem(item, position, RouteFactories.DEFAULT).definition();
    }

    /** The item form: what {@link #fromItem} reads back to an equal definition, with defaults left out. */
    public Map<String, Object> toItem() {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("id", id);
        if (!description.isEmpty()) {
            item.put("description", description);
        }
        item.put("path", path);
        item.put("methods", List.copyOf(methods));
        if (!host.isEmpty()) {
            item.put("host", host);
        }
        for (Condition condition : conditions) {
            @SuppressWarnings("unchecked")
            List<Object> list = (List<Object>) item.computeIfAbsent(condition.attribute(), a -> new java.util.ArrayList<>());
            list.add(condition.args());
        }
        if (!filters.isEmpty()) {
            item.put("filters", filters.stream().map(filter -> filter.args().isEmpty()
                    ? Map.<String, Object>of("name", filter.name())
                    : Map.<String, Object>of("name", filter.name(), "args", filter.args())).toList());
        }
        item.put("backend", backend);
        if (!timeout.equals(DEFAULT_TIMEOUT)) {
            item.put("timeoutMs", timeout.toMillis());
        }
        if (!enabled) {
            item.put("enabled", false);
        }
        if (auth != RouteAuth.DEFAULT) {
            item.put("auth", auth.attribute());
        }
        if (!scopes.isEmpty()) {
            item.put("scopes", List.copyOf(scopes));
        }
        if (cors != null) {
            item.put("cors", cors);
        }
        if (!metadata.isEmpty()) {
            item.put("metadata", metadata);
        }
        if (matrixParameters) {
            item.put("matrixParameters", true);
        }
        if (!allowFrom.isEmpty()) {
            item.put("allowFrom", allowFrom);
        }
        if (!denyFrom.isEmpty()) {
            item.put("denyFrom", denyFrom);
        }
        if (maxBodyBytes > 0) {
            item.put("maxBodyBytes", maxBodyBytes);
        }
        return item;
    }
}
