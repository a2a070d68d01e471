package dev.lambassador.core.route;

import dev.lambassador.core.GatewayException;
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

    /**
     * Refuses parameter names with a control character (NUL, CR, LF, DEL, ...). Names are compared
     * exactly, so {@code api%00} is not the {@code api} a backend URL fixes and would be forwarded
     * beside it, to backends that cut a name at its NUL or trim it and then read it as {@code api}.
     *
     * @throws GatewayException 400, naming nothing of the value
     */
    public static void refuseControlCharactersInNames(Map<String, List<String>> query) {
        for (String name : query.keySet()) {
            for (int i = 0; i < name.length(); i++) {
                char c = name.charAt(i);
                if (c < 0x20 || c == 0x7f) {
                    throw GatewayException.badRequest("a query parameter name has a control character");
                }
            }
        }
    }

    /** One name or value: '+' is a space; a component that does not decode is kept as sent. */
    public static String decodeComponent(String component) {
        String plusAsSpace = component.replace('+', ' ');
        String decoded = PercentCoding.decode(plusAsSpace);
        return decoded == null ? plusAsSpace : decoded;
    }
}
