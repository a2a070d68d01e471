package dev.lambassador.core.route;

import dev.lambassador.core.auth.Consumer;
import dev.lambassador.core.auth.RouteAuth;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * One route exactly as a person writes it: a DynamoDB item or a YAML entry, validated.
 * Attribute names and meanings are documented in docs/routes.md. Attributes this version
 * does not know are ignored, so that items written for a newer version still load.
 *
 * @param id       unique name of the route
 * @param path     path template, e.g. {@code /orders/{id}} or {@code /static/{proxy+}}
 * @param methods  upper-case methods; {@code ANY} matches every method
 * @param host     host the route is limited to, or empty for any host
 * @param backend  backend URL, optionally with the path's parameters, e.g. {@code http://orders:8080/v2/orders/{id}}
 * @param timeout  how long the backend may take to answer
 * @param enabled  whether the route is served
 * @param auth     which callers the route accepts; {@link RouteAuth#DEFAULT} takes the deployment's default
 * @param scopes   scopes the caller must have, all of them
 */
public record RouteDefinition(String id, String path, Set<String> methods, String host, String backend, Duration timeout,
                              boolean enabled, RouteAuth auth, Set<String> scopes) {

    public static final String ANY = "ANY";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    /** Lambda's own limit: no backend call can outlive the function. */
    public static final Duration MAX_TIMEOUT = Duration.ofMinutes(15);
    /** The methods a route can name; {@link #ANY} stands for all the others. */
    public static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", ANY);

    /** Never called: the backend of a route that only holds an invalid item's place. */
    private static final String UNAVAILABLE_BACKEND = "http://unavailable.invalid";
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?");

    public RouteDefinition {
        methods = Collections.unmodifiableSortedSet(new TreeSet<>(methods));
        host = host == null ? "" : host.toLowerCase(Locale.ROOT);
        auth = auth == null ? RouteAuth.DEFAULT : auth;
        scopes = Collections.unmodifiableSortedSet(new TreeSet<>(scopes == null ? Set.of() : scopes));
        if (auth == RouteAuth.NONE && !scopes.isEmpty()) {
            throw new IllegalArgumentException("a public route (auth none) cannot require scopes; use auth jwt, apiKey or any");
        }
    }

    /** A route that takes the deployment's default auth and needs no scopes. */
    public RouteDefinition(String id, String path, Set<String> methods, String host, String backend, Duration timeout,
                           boolean enabled) {
        this(id, path, methods, host, backend, timeout, enabled, RouteAuth.DEFAULT, Set.of());
    }

    /**
     * Reads and validates one item. Values are plain Java: String, Number, Boolean, List and Map,
     * as both a YAML parser and a DynamoDB attribute conversion produce them.
     *
     * @param position used in the error when the item has no usable id, e.g. "item 3"
     * @throws InvalidRouteException naming the item and the first problem found
     */
    public static RouteDefinition fromItem(Map<String, ?> item, String position) {
        Object rawId = item.get("id");
        if (!(rawId instanceof String id) || !ID.matcher(id).matches()) {
            throw new InvalidRouteException(position,
                    "id must be a string of letters, digits, '.', '_', ':' or '-' (at most 128), was " + describe(rawId));
        }
        try {
            String path = requiredString(item, "path");
            PathTemplate.parse(path);
            Set<String> methods = methods(item.get("methods"));
            String host = optionalString(item, "host");
            if (host != null && !HOST.matcher(host).matches()) {
                throw new IllegalArgumentException("host must be a plain host name without scheme or port, was '" + host + "'");
            }
            String backend = requiredString(item, "backend");
            Duration timeout = timeout(item.get("timeoutMs"));
            Object enabled = item.get("enabled");
            if (enabled != null && !(enabled instanceof Boolean)) {
                throw new IllegalArgumentException("enabled must be a boolean (DynamoDB type BOOL), was " + describe(enabled));
            }
            RouteDefinition definition = new RouteDefinition(id, path, methods, host, backend, timeout,
                    !Boolean.FALSE.equals(enabled), RouteAuth.parse(item.get("auth"), "auth"), Consumer.scopes(item.get("scopes")));
            Route.compile(definition);
            return definition;
        } catch (IllegalArgumentException e) {
            throw new InvalidRouteException(id, e.getMessage());
        }
    }

    /**
     * What can still be read of an invalid item: its path, methods and host, for a route that holds
     * its place. Empty when the item is disabled or even its path or host cannot be read. Unreadable
     * methods widen to {@code ANY}: holding too much is the safe side.
     */
    static Optional<RouteDefinition> shapeOf(Map<String, ?> item, String id) {
        if (Boolean.FALSE.equals(item.get("enabled"))) {
            return Optional.empty();
        }
        try {
            String path = requiredString(item, "path");
            PathTemplate.parse(path);
            String host = optionalString(item, "host");
            if (host != null && !HOST.matcher(host).matches()) {
                return Optional.empty();
            }
            Set<String> methods;
            try {
                methods = methods(item.get("methods"));
            } catch (IllegalArgumentException e) {
                methods = Set.of(ANY);
            }
            String safeId = ID.matcher(id).matches() ? id : id.replaceAll("[^A-Za-z0-9._:-]", "-");
            return Optional.of(new RouteDefinition(safeId, path, methods, host, UNAVAILABLE_BACKEND, DEFAULT_TIMEOUT, true));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The item form: the inverse of {@link #fromItem}, with defaults left out. */
    public Map<String, Object> toItem() {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("id", id);
        item.put("path", path);
        item.put("methods", List.copyOf(methods));
        if (!host.isEmpty()) {
            item.put("host", host);
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
        return item;
    }

    private static Set<String> methods(Object raw) {
        if (raw == null) {
            return Set.of(ANY);
        }
        Collection<?> list = raw instanceof String single ? List.of(single) : raw instanceof Collection<?> c ? c : null;
        if (list == null || list.isEmpty()) {
            throw new IllegalArgumentException("methods must be a non-empty list of strings (DynamoDB type L or SS), was " + describe(raw));
        }
        Set<String> methods = new TreeSet<>();
        for (Object element : list) {
            String method = element instanceof String s ? s.toUpperCase(Locale.ROOT) : null;
            if (method == null || !METHODS.contains(method)) {
                throw new IllegalArgumentException("unknown method " + describe(element) + "; use one of " + new TreeSet<>(METHODS));
            }
            methods.add(method);
        }
        return methods.contains(ANY) ? Set.of(ANY) : methods;
    }

    private static Duration timeout(Object raw) {
        if (raw == null) {
            return DEFAULT_TIMEOUT;
        }
        if (!(raw instanceof Number number)) {
            throw new IllegalArgumentException("timeoutMs must be a number (DynamoDB type N), was " + describe(raw));
        }
        BigDecimal millis = new BigDecimal(number.toString());
        if (millis.signum() <= 0 || millis.stripTrailingZeros().scale() > 0
                || millis.compareTo(BigDecimal.valueOf(MAX_TIMEOUT.toMillis())) > 0) {
            throw new IllegalArgumentException("timeoutMs must be a whole number from 1 to " + MAX_TIMEOUT.toMillis() + ", was " + number);
        }
        return Duration.ofMillis(millis.longValue());
    }

    private static String requiredString(Map<String, ?> item, String name) {
        String value = optionalString(item, name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is required");
        }
        return value;
    }

    private static String optionalString(Map<String, ?> item, String name) {
        Object value = item.get(name);
        if (value != null && !(value instanceof String)) {
            throw new IllegalArgumentException(name + " must be a string (DynamoDB type S), was " + describe(value));
        }
        return (String) value;
    }

    private static String describe(Object value) {
        if (value == null) {
            return "missing";
        }
        String type = value instanceof String ? "string" : value instanceof Number ? "number"
                : value instanceof Boolean ? "boolean" : value instanceof Collection ? "list"
                : value instanceof Map ? "map" : value.getClass().getSimpleName();
        return type + " " + (value instanceof String ? "'" + value + "'" : String.valueOf(value));
    }
}
