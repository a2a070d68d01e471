package dev.lambassador.core.backend;

import dev.lambassador.core.route.Items;
import dev.lambassador.core.route.PathTemplate;
import dev.lambassador.core.route.Problems;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A named backend, from an item of kind {@code backend}: where a service is and how it is called,
 * written once and referenced by routes and API versions as {@code backend: {ref: orders}}.
 * Docs: docs/routes.md#named-backends.
 *
 * @param id             its name
 * @param url            its origin: scheme, host and port; a reference's {@code path} follows it
 * @param connectTimeout how long a connection may take, or null for the deployment's
 * @param readTimeout    how long one call may take to answer, body included, or null for the route's whole timeout
 * @param retry          its retry policy, {@link RetryPolicy#NONE} without a {@code retry} map
 * @param breaker        its circuit breaker, or null without a {@code circuitBreaker} map
 */
public record BackendItem(String id, String url, Duration connectTimeout, Duration readTimeout, RetryPolicy retry,
                          BreakerSettings breaker) {

    static final Set<String> ATTRIBUTES = Set.of("kind", "id", "type", "url", "connectTimeoutMs", "readTimeoutMs", "retry",
            "circuitBreaker", "description", "metadata");
    static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");
    /** A connection that takes longer than this is not worth waiting for, whatever the route's timeout. */
    static final Duration MAX_CONNECT_TIMEOUT = Duration.ofSeconds(60);

    /**
     * Reads one backend item.
     *
     * @return the backend, or null when {@code problems} got some
     */
    static BackendItem parse(Map<String, ?> item, Problems problems) {
        int before = problems.size();
        Object rawId = item.get("id");
        String id = rawId instanceof String text && ID.matcher(text).matches() ? text : null;
        if (id == null) {
            problems.add("id", "must be a string of letters, digits, '.', '_', ':' or '-' (at most 128), was " + Items.describe(rawId));
        }
        Items.refuseUnknown(item, ATTRIBUTES, "(keep your own notes under 'metadata')", problems);
        String type = Items.string(item, "type", problems);
        if (type != null && !type.equals(HttpBackend.TYPE)) {
            problems.add("type", "must be " + HttpBackend.TYPE + " (the only type a backend item has yet), was '" + type + "'");
        }
        String url = Items.requiredString(item, "url", problems);
        if (url != null) {
            checkUrl(url, problems);
        }
        Duration connectTimeout = Items.millis(item, "connectTimeoutMs", MAX_CONNECT_TIMEOUT, problems);
        Duration readTimeout = Items.millis(item, "readTimeoutMs", dev.lambassador.core.route.RouteDefinition.MAX_TIMEOUT, problems);
        RetryPolicy retry = item.get("retry") == null ? RetryPolicy.NONE
                : RetryPolicy.read(item.get("retry"), RetryPolicy.DEFAULT, problems.at("retry"));
        BreakerSettings breaker = item.get("circuitBreaker") == null ? null
                : BreakerSettings.read(item.get("circuitBreaker"), problems.at("circuitBreaker"));
        Items.string(item, "description", problems);
        Items.map(item, "metadata", problems);
        return problems.size() == before ? new BackendItem(id, url, connectTimeout, readTimeout, retry, breaker) : null;
    }

    /**
     * The item names a service, a reference says where in it: a path in the item would leave a
     * reference without one no way to forward the request's path, as a URL without a path does.
     */
    private static void checkUrl(String url, Problems problems) {
        String origin = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        String afterScheme = origin.contains("://") ? origin.substring(origin.indexOf("://") + 3) : "";
        if (afterScheme.contains("/") || url.contains("?") || url.contains("{")) {
            problems.add("url", "must be scheme, host and port only, such as https://orders.internal:8443 (a reference's "
                    + "'path' says where in it), was '" + url + "'");
            return;
        }
        try {
            BackendTarget.compile(origin, PathTemplate.parse("/"));
        } catch (IllegalArgumentException e) {
            problems.add("url", e.getMessage());
        }
    }

    /** The URL a reference calls: this backend's origin, then the reference's path (with its placeholders and query). */
    String url(String path) {
        return (url.endsWith("/") ? url.substring(0, url.length() - 1) : url) + path;
    }
}
