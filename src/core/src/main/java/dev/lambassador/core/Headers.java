package dev.lambassador.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * Immutable, case-insensitive, multi-valued HTTP headers. Names keep the casing they were first
 * seen with, because some backends and clients (and API Gateway's multiValueHeaders) echo it back.
 */
public final class Headers {

    public static final Headers EMPTY = new Headers(new TreeMap<>(String.CASE_INSENSITIVE_ORDER));

    private final TreeMap<String, List<String>> values;

    private Headers(TreeMap<String, List<String>> values) {
        this.values = values;
    }

    public static Builder builder() {
        return new Builder();
    }

    public static Headers of(String... nameValuePairs) {
        if (nameValuePairs.length % 2 != 0) {
            throw new IllegalArgumentException("Headers.of takes name/value pairs, got an odd count");
        }
        Builder builder = builder();
        for (int i = 0; i < nameValuePairs.length; i += 2) {
            builder.add(nameValuePairs[i], nameValuePairs[i + 1]);
        }
        return builder.build();
    }

    public Optional<String> first(String name) {
        List<String> list = values.get(name);
        return list == null || list.isEmpty() ? Optional.empty() : Optional.of(list.getFirst());
    }

    public List<String> all(String name) {
        List<String> list = values.get(name);
        return list == null ? List.of() : list;
    }

    public boolean contains(String name) {
        return values.containsKey(name);
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    /** Each header name with all of its values, in case-insensitive name order. */
    public void forEach(BiConsumer<String, List<String>> action) {
        values.forEach(action);
    }

    public Map<String, List<String>> asMap() {
        return Collections.unmodifiableMap(values);
    }

    public Builder toBuilder() {
        Builder builder = new Builder();
        values.forEach((name, list) -> builder.values.put(name, new ArrayList<>(list)));
        return builder;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Headers that && values.equals(that.values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return values.toString();
    }

    public static final class Builder {
        private final TreeMap<String, List<String>> values = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

        private Builder() {
        }

        public Builder add(String name, String value) {
            requireToken(name);
            if (value != null) {
                values.computeIfAbsent(name, n -> new ArrayList<>(1)).add(value);
            }
            return this;
        }

        public Builder addAll(String name, List<String> list) {
            list.forEach(value -> add(name, value));
            return this;
        }

        public Builder set(String name, String value) {
            values.remove(name);
            return add(name, value);
        }

        public Builder remove(String name) {
            values.remove(name);
            return this;
        }

        public Headers build() {
            if (values.isEmpty()) {
                return EMPTY;
            }
            TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            values.forEach((name, list) -> copy.put(name, List.copyOf(list)));
            return new Headers(copy);
        }

        private static void requireToken(String name) {
            if (name == null || name.isEmpty()) {
                throw new IllegalArgumentException("header name is empty");
            }
            for (int i = 0; i < name.length(); i++) {
                char c = name.charAt(i);
                if (c <= ' ' || c >= 127 || c == ':') {
                    throw new IllegalArgumentException(
                            "header name '" + name.toLowerCase(Locale.ROOT) + "' has an invalid character");
                }
            }
        }
    }
}
