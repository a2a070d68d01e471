package dev.lambassador.cli;

import dev.lambassador.core.store.ItemKind;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The kinds of item the CLI manages, each with its plural: the name of its command
 * ({@code lambassador routes list}) and of its list in a gateway file ({@code routes:}). API keys
 * are not among them: they are made by {@code keys create}, and a file never holds them.
 */
final class Kinds {

    static final List<ItemKind> MANAGED = List.of(ItemKind.ROUTE, ItemKind.API, ItemKind.VERSION, ItemKind.BACKEND, ItemKind.CONSUMER);

    /** A gateway file's lists, in the order an export writes them, and the kind each holds. */
    static final Map<String, String> SECTIONS = sections();

    private Kinds() {
    }

    static String plural(ItemKind kind) {
        return kind.value() + "s";
    }

    static ItemKind of(String value) {
        for (ItemKind kind : MANAGED) {
            if (kind.value().equals(value)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("not a kind the CLI manages: '" + value + "'");
    }

    private static Map<String, String> sections() {
        Map<String, String> sections = new LinkedHashMap<>();
        MANAGED.forEach(kind -> sections.put(plural(kind), kind.value()));
        return Collections.unmodifiableMap(sections);
    }
}
