package dev.lambassador.core.route;

import java.util.List;
import java.util.Map;

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
}
