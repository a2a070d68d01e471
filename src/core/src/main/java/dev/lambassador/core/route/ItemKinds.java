package dev.lambassador.core.route;

/** The kinds of item the router reads, as the {@code kind} attribute names them. */
public final class ItemKinds {

    public static final String ROUTE = "route";
    public static final String API = "api";
    public static final String VERSION = "version";

    private ItemKinds() {
    }
}
