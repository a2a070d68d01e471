package dev.lambassador.core.transform;

import dev.lambassador.core.route.PercentCoding;
import dev.lambassador.core.route.QueryString;
import java.util.ArrayList;
import java.util.List;

/**
 * A raw query string as editable pairs, compared by decoded name: {@code a=1&b=2}. Pairs that are
 * not touched keep their exact encoding.
 */
final class QueryEdit {

    private record Pair(String name, String raw) {
    }

    private final List<Pair> pairs = new ArrayList<>();

    QueryEdit(String rawQuery) {
        if (rawQuery.isEmpty()) {
            return;
        }
        for (String raw : rawQuery.split("&")) {
            if (!raw.isEmpty()) {
                int equals = raw.indexOf('=');
                pairs.add(new Pair(QueryString.decodeComponent(equals < 0 ? raw : raw.substring(0, equals)), raw));
            }
        }
    }

    QueryEdit remove(String name) {
        pairs.removeIf(pair -> pair.name().equals(name));
        return this;
    }

    QueryEdit add(String name, String value) {
        pairs.add(new Pair(name, PercentCoding.encodeQueryComponent(name) + "=" + PercentCoding.encodeQueryComponent(value)));
        return this;
    }

    /** Gives every pair named {@code from} the name {@code to}, its values unchanged; pairs already named {@code to} go. */
    QueryEdit rename(String from, String to) {
        if (pairs.stream().noneMatch(pair -> pair.name().equals(from))) {
            return this;
        }
        remove(to);
        String encoded = PercentCoding.encodeQueryComponent(to);
        pairs.replaceAll(pair -> {
            if (!pair.name().equals(from)) {
                return pair;
            }
            int equals = pair.raw().indexOf('=');
            return new Pair(to, equals < 0 ? encoded : encoded + pair.raw().substring(equals));
        });
        return this;
    }

    boolean has(String name) {
        return pairs.stream().anyMatch(pair -> pair.name().equals(name));
    }

    String raw() {
        StringBuilder out = new StringBuilder();
        for (Pair pair : pairs) {
            out.append(out.isEmpty() ? "" : "&").append(pair.raw());
        }
        return out.toString();
    }
}
