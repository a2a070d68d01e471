package dev.lambassador.core.route;

import java.util.List;
import java.util.stream.Collectors;

/** An item that cannot be loaded, with its id (or position) and every problem found in it. */
public final class InvalidRouteException extends RuntimeException {

    private final String routeId;
    private final List<Problems.Problem> problems;

    public InvalidRouteException(String routeId, List<Problems.Problem> problems) {
        super("route '" + routeId + "': " + describe(problems));
        this.routeId = routeId;
        this.problems = List.copyOf(problems);
    }

    public InvalidRouteException(String routeId, String reason) {
        this(routeId, List.of(new Problems.Problem("", reason)));
    }

    public String routeId() {
        return routeId;
    }

    /** Every problem, as {@code field: message}, joined with "; ". */
    public String reason() {
        return describe(problems);
    }

    public List<Problems.Problem> problems() {
        return problems;
    }

    private static String describe(List<Problems.Problem> problems) {
        return problems.stream().map(Problems.Problem::toString).collect(Collectors.joining("; "));
    }
}
