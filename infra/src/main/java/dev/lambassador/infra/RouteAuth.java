package dev.lambassador.infra;

import java.util.Arrays;
import java.util.Locale;

/**
 * What the router demands of callers on routes whose item has no {@code auth} attribute; the
 * router reads it from {@value LambassadorGateway#ENV_DEFAULT_ROUTE_AUTH}. Routes with an
 * {@code auth} attribute keep their own.
 */
public enum RouteAuth {
    /** Public: anonymous callers are served. */
    NONE("none"),
    /** A valid bearer token (JWT) is required. */
    JWT("jwt"),
    /** A valid API key is required. */
    API_KEY("apiKey"),
    /** A valid bearer token or a valid API key. */
    ANY("any");

    private final String value;

    RouteAuth(String value) {
        this.value = value;
    }

    /** The spelling in route items and in the router's environment. */
    public String value() {
        return value;
    }

    /** Reads the spelling of route items ({@code none}, {@code jwt}, {@code apiKey}, {@code any}), ignoring case. */
    public static RouteAuth fromValue(String value) {
        return Arrays.stream(values())
                .filter(auth -> auth.value.toLowerCase(Locale.ROOT).equals(String.valueOf(value).toLowerCase(Locale.ROOT)))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("defaultRouteAuth must be one of "
                        + Arrays.stream(values()).map(RouteAuth::value).toList() + ", was " + value));
    }
}
