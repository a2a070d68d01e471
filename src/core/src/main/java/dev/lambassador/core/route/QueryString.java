package dev.lambassador.core.route;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Query strings between their raw form and decoded name/value lists, as forms encode them. */
public final class QueryString {

    private QueryString() {
    }

    /** Decodes a raw query; '+' is a space, and a component that does not decode is kept as sent. */
    public static Map<String, List<String>> parse(String rawQuery) {
        Map<String, List<String>> query = new LinkedHashMap<>();
        if (rawQuery == null) {
            return query;
        }
        for (String pair : rawQuery.split("&")) {
            if (!pair.isEmpty()) {
                int equals = pair.indexOf('=');
                String name = decodeComponent(equals < 0 ? pair : pair.substring(0, equals));
                String value = equals < 0 ? "" : decodeComponent(pair.substring(equals + 1));
                query.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
            }
        }
        return query;
    }

    public static String encode(Map<String, List<String>> query) {
        List<String> pairs = new ArrayList<>();
        query.forEach((name, values) -> {
            for (String value : values) {
                pairs.add(PercentCoding.encodeQueryComponent(name) + "=" + PercentCoding.encodeQueryComponent(value));
            }
        });
        return String.join("&", pairs);
    }

    /** One name or value: '+' is a space; a component that does not decode is kept as sent. */
    public static String decodeComponent(String component) {
        String plusAsSpace = component.replace('+', ' ');
        String decoded = PercentCoding.decode(plusAsSpace);
        return decoded == null ? plusAsSpace : decoded;
    }
}
