package dev.lambassador.core.auth;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Which callers a route accepts: the {@code auth} attribute of a route item. {@link #DEFAULT}
 * stands for a route that says nothing, and takes the deployment's default.
 */
public enum RouteAuth {
    /** Public: anyone, with or without credentials. */
    NONE("none", "nothing"),
    /** A valid bearer token. */
    JWT("jwt", "a bearer token"),
    /** A valid API key. */
    API_KEY("apiKey", "an API key"),
    /** A valid bearer token or API key. */
    ANY("any", "a bearer token or an API key"),
    /** Whatever the deployment's default is ({@code DEFAULT_ROUTE_AUTH}, itself {@link #ANY} unless set). */
    DEFAULT("", "");

    private final String attribute;
    private final String needs;

    RouteAuth(String attribute, String needs) {
        this.attribute = attribute;
        this.needs = needs;
    }

    /** The value of the route attribute (and of {@code DEFAULT_ROUTE_AUTH}). */
    public String attribute() {
        return attribute;
    }

    /** What a caller must present, for error messages: "a bearer token". */
    public String needs() {
        return needs;
    }

    public boolean accepts(Caller caller) {
        return switch (this) {
            case NONE -> true;
            case JWT -> caller.kind() == Caller.Kind.JWT;
            case API_KEY -> caller.kind() == Caller.Kind.API_KEY;
            case ANY -> caller.authenticated();
            case DEFAULT -> throw new IllegalStateException("resolve DEFAULT against the deployment's default first");
        };
    }

    /**
     * Reads a value of a route's {@code auth} attribute or of a deployment setting; {@code null} is
     * {@link #DEFAULT}.
     *
     * @param setting names the value in the error, e.g. {@code auth} or {@code DEFAULT_ROUTE_AUTH}
     * @throws IllegalArgumentException naming the setting and listing the accepted values
     */
    public static RouteAuth parse(Object value, String setting) {
        if (value == null) {
            return DEFAULT;
        }
        return Arrays.stream(values())
                .filter(auth -> auth != DEFAULT && auth.attribute.equals(value))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(setting + " must be one of " + choices() + ", was '" + value + "'"));
    }

    /** The values a route or {@code DEFAULT_ROUTE_AUTH} may name: "none, jwt, apiKey, any". */
    public static String choices() {
        return Arrays.stream(values()).filter(auth -> auth != DEFAULT).map(RouteAuth::attribute)
                .collect(Collectors.joining(", "));
    }
}
