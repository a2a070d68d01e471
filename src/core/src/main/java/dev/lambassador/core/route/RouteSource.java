package dev.lambassador.core.route;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Where route items come from: a DynamoDB table, a YAML file. Called again on every refresh. */
public interface RouteSource {

    /**
     * Reads every route item. Values are plain Java (String, Number, Boolean, List, Map).
     *
     * @throws Exception when the source cannot be read at all; the caller keeps its last good table
     */
    List<Map<String, Object>> load() throws Exception;

    /** Names the source in log lines, e.g. {@code dynamodb table routes}. */
    String describe();

    /**
     * A cheap token that differs whenever {@link #load()} may return something else: a table's revision
     * item, a file's modification time. A caller that holds the token of its last load reads this instead
     * of the items, and loads again only when it changed. Empty when the source has no such token: every
     * check is then a full load.
     *
     * @throws Exception when the token cannot be read; the caller keeps its last good table
     */
    default Optional<String> revision() throws Exception {
        return Optional.empty();
    }
}
