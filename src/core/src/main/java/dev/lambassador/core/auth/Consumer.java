package dev.lambassador.core.auth;

import dev.lambassador.core.store.ItemKind;
import dev.lambassador.core.store.TableSchema;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A client application that calls with API keys: one item of kind {@code consumer} in the routes
 * table (or the local key store). Its keys are items of kind {@code apikey} that name it.
 *
 * @param id       unique name, e.g. {@code acme}
 * @param name     display name
 * @param plan     usage plan, passed to the router and to API Gateway usage plans
 * @param scopes   what its keys may do
 * @param enabled  a disabled consumer's keys are all refused
 */
public record Consumer(String id, String name, String plan, Set<String> scopes, boolean enabled) {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}");

    public Consumer {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException(
                    "consumer id must be letters, digits, '.', '_', ':', '@' or '-' (at most 128), was '" + id + "'");
        }
        name = name == null || name.isBlank() ? id : name;
        plan = plan == null ? "" : plan;
        scopes = Collections.unmodifiableSortedSet(new TreeSet<>(scopes == null ? Set.of() : scopes));
    }

    /** The caller this consumer's API key authenticates. */
    public Caller caller() {
        return new Caller(Caller.Kind.API_KEY, id, id, scopes, plan, "");
    }

    /**
     * Reads one consumer item (plain Java values, as for routes).
     *
     * @throws IllegalArgumentException naming the attribute that is wrong
     */
    public static Consumer fromItem(Map<String, ?> item) {
        Object id = item.get(TableSchema.SORT_KEY);
        if (!(id instanceof String s)) {
            throw new IllegalArgumentException("consumer id must be a string, was " + id);
        }
        return new Consumer(s, string(item, "name"), string(item, "plan"), scopes(item.get("scopes")), enabled(item, ItemKind.CONSUMER.value()));
    }

    /**
     * An item's {@code enabled} flag: true when absent. Anything but a boolean is refused, so that
     * {@code "false"} written as a string can never leave a key working.
     *
     * @param kind names the item in the message
     */
    public static boolean enabled(Map<String, ?> item, String kind) {
        Object enabled = item.get("enabled");
        if (enabled != null && !(enabled instanceof Boolean)) {
            throw new IllegalArgumentException(kind + " enabled must be a boolean (DynamoDB type BOOL), was " + enabled);
        }
        return !Boolean.FALSE.equals(enabled);
    }

    public Map<String, Object> toItem() {
        Map<String, Object> item = TableSchema.item(ItemKind.CONSUMER, id);
        item.put("name", name);
        if (!plan.isEmpty()) {
            item.put("plan", plan);
        }
        if (!scopes.isEmpty()) {
            item.put("scopes", List.copyOf(scopes));
        }
        item.put("enabled", enabled);
        return item;
    }

    /** Scopes as a list or set of strings (DynamoDB L or SS), or one space-separated string. */
    public static Set<String> scopes(Object raw) {
        if (raw == null) {
            return Set.of();
        }
        Collection<?> values = raw instanceof String s ? List.of(s.trim().split("\\s+")) : raw instanceof Collection<?> c ? c : null;
        if (values == null) {
            throw new IllegalArgumentException("scopes must be a list of strings (DynamoDB type L or SS), was " + raw);
        }
        Set<String> scopes = new TreeSet<>();
        for (Object value : values) {
            if (!(value instanceof String scope) || scope.isBlank() || scope.chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException("a scope must be a non-empty string without spaces, was '" + value + "'");
            }
            scopes.add(scope);
        }
        return scopes;
    }

    private static String string(Map<String, ?> item, String name) {
        Object value = item.get(name);
        if (value != null && !(value instanceof String)) {
            throw new IllegalArgumentException("consumer " + name + " must be a string, was " + value);
        }
        return (String) value;
    }
}
