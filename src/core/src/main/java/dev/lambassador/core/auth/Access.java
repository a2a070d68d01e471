package dev.lambassador.core.auth;

import dev.lambassador.core.route.Problems;
import java.util.Map;
import java.util.Set;

/**
 * Who may call a route or an API: its {@code auth} and {@code scopes} attributes, read the same way
 * for both. Scopes always need a caller, so a public item with scopes is refused.
 */
public record Access(RouteAuth auth, Set<String> scopes) {

    public Access {
        scopes = Set.copyOf(scopes);
    }

    /**
     * Reads an item's {@code auth} and {@code scopes}, reporting what is wrong by field.
     *
     * @param what names the item in a message: "route", "API"
     */
    public static Access read(Map<String, ?> item, String what, Problems problems) {
        RouteAuth auth = RouteAuth.DEFAULT;
        try {
            auth = RouteAuth.parse(item.get("auth"), "auth");
        } catch (IllegalArgumentException e) {
            problems.add("auth", e.getMessage().substring("auth ".length()));
        }
        Set<String> scopes = Set.of();
        try {
            scopes = Consumer.scopes(item.get("scopes"));
        } catch (IllegalArgumentException e) {
            problems.add("scopes", e.getMessage());
        }
        if (auth == RouteAuth.NONE && !scopes.isEmpty()) {
            problems.add("scopes", "a public " + what + " (auth none) cannot require scopes; use auth jwt, apiKey or any");
        }
        return new Access(auth, scopes);
    }
}
