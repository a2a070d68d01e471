package dev.lambassador.core.route;

import java.util.ArrayList;
import java.util.List;

/**
 * Every problem found in one item, each named by its field ({@code backend.url},
 * {@code headers[1].regex}), so that a person fixes an item in one edit rather than one error at a time.
 * A nested part of an item reports through {@link #at}, which prefixes its field names.
 */
public final class Problems {

    /** One problem: the field it is in ({@code ""} for the item as a whole) and what is wrong. */
    public record Problem(String field, String message) {
        @Override
        public String toString() {
            return field.isEmpty() ? message : field + ": " + message;
        }
    }

    private final List<Problem> found;
    private final String prefix;

    public Problems() {
        this(new ArrayList<>(), "");
    }

    private Problems(List<Problem> found, String prefix) {
        this.found = found;
        this.prefix = prefix;
    }

    /** Reports a problem in a field, relative to this view's prefix. */
    public void add(String field, String message) {
        found.add(new Problem(join(prefix, field), message));
    }

    /** A view whose problems land in this collection, with field names under {@code field}. */
    public Problems at(String field) {
        return new Problems(found, join(prefix, field));
    }

    public boolean isEmpty() {
        return found.isEmpty();
    }

    public int size() {
        return found.size();
    }

    public List<Problem> all() {
        return List.copyOf(found);
    }

    private static String join(String prefix, String field) {
        if (prefix.isEmpty()) {
            return field;
        }
        if (field.isEmpty()) {
            return prefix;
        }
        return field.startsWith("[") ? prefix + field : prefix + "." + field;
    }
}
