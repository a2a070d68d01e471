package dev.lambassador.core.route;

/** A route item that cannot be loaded, with the item's id (or position) and the reason. */
public final class InvalidRouteException extends RuntimeException {

    private final String routeId;
    private final String reason;

    public InvalidRouteException(String routeId, String reason) {
        super("route '" + routeId + "': " + reason);
        this.routeId = routeId;
        this.reason = reason;
    }

    public String routeId() {
        return routeId;
    }

    public String reason() {
        return reason;
    }
}
