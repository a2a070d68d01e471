package dev.lambassador.core.version;

import dev.lambassador.core.filter.Filter;
import dev.lambassador.core.route.Items;
import dev.lambassador.core.route.Problems;
import dev.lambassador.core.route.RouteDefinition;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One version of an API, from an item of kind {@code version} whose id is {@code API:VERSION}
 * ({@code orders:v2}). Docs: docs/versions.md.
 *
 * @param api         the API's id
 * @param id          the version's id, e.g. {@code v2} or {@code 2025-06-01}
 * @param aliases     other names clients may ask for it by, e.g. {@code 2}
 * @param status      current, deprecated or retired
 * @param deprecation when it was (or will be) deprecated, announced in {@code Deprecation}; null when not set
 * @param sunset      when it stops being served; null when not announced
 * @param link        where clients learn how to migrate, or empty
 * @param backend     the {@code backend} attribute, as for a route; null for a retired version
 * @param timeout     how long its backend may take, or null for the API's
 * @param filters     its own filters, run after the API's auth check and before the backend
 * @param item        the item as read, for {@code toItem} and error messages
 */
public record Version(String api, String id, List<String> aliases, VersionStatus status, Instant deprecation, Instant sunset,
                      String link, Object backend, Duration timeout, List<Filter> filters, Map<String, Object> item) {

    static final Set<String> ATTRIBUTES = Set.of("kind", "id", "aliases", "status", "deprecation", "sunset", "link",
            "backend", "timeoutMs", "filters", "description", "metadata");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    public Version {
        aliases = List.copyOf(aliases);
        filters = List.copyOf(filters);
        // Not Map.copyOf: a DynamoDB NULL attribute is a null value, and must not fail the load.
        item = Collections.unmodifiableMap(new LinkedHashMap<>(item));
    }

    /** Every name the version answers to: its id, then its aliases. */
    public List<String> names() {
        List<String> names = new ArrayList<>(aliases.size() + 1);
        names.add(id);
        names.addAll(aliases);
        return names;
    }

    /** Splits a version item's id into API and version: {@code orders:v2}. Null when it is not of that shape. */
    static String[] splitId(Object rawId) {
        if (!(rawId instanceof String id)) {
            return null;
        }
        int colon = id.lastIndexOf(':');
        if (colon <= 0 || !Api.ID.matcher(id.substring(0, colon)).matches() || !NAME.matcher(id.substring(colon + 1)).matches()) {
            return null;
        }
        return new String[] {id.substring(0, colon), id.substring(colon + 1)};
    }

    /**
     * Reads one version item. Its backend and filters are compiled later, against each route its API makes.
     *
     * @return the version, or null when {@code problems} got some
     */
    static Version parse(Map<String, ?> item, Compilers compilers, Problems problems) {
        int before = problems.size();
        String[] names = splitId(item.get("id"));
        if (names == null) {
            problems.add("id", "must be API:VERSION, e.g. orders:v2 (letters, digits, '.', '_', '-'), was "
                    + Items.describe(item.get("id")));
        }
        Items.refuseUnknownAttributes(item, ATTRIBUTES, problems);
        List<String> aliases = Items.strings(item, "aliases", problems);
        for (String alias : aliases == null ? List.<String>of() : aliases) {
            if (!NAME.matcher(alias).matches()) {
                problems.add("aliases", "'" + alias + "' is not a version name (letters, digits, '.', '_', '-')");
            }
        }
        String rawStatus = Items.string(item, "status", problems);
        VersionStatus status = VersionStatus.CURRENT;
        if (rawStatus != null) {
            try {
                status = VersionStatus.parse(rawStatus);
            } catch (IllegalArgumentException e) {
                problems.add("status", e.getMessage());
            }
        }
        Instant deprecation = instant(item, "deprecation", problems);
        Instant sunset = instant(item, "sunset", problems);
        if (status == VersionStatus.DEPRECATED && deprecation == null && item.get("deprecation") == null) {
            problems.add("deprecation", "a deprecated version needs its deprecation date (RFC 9745), e.g. 2026-01-31");
        }
        if (deprecation != null && sunset != null && sunset.isBefore(deprecation)) {
            problems.add("sunset", "is before the deprecation date");
        }
        String link = Items.string(item, "link", problems);
        if (link != null && !absoluteHttpUrl(link)) {
            problems.add("link", "must be an absolute http(s) URL, was '" + link + "'");
        }
        Object backend = item.get("backend");
        if (backend == null && status != VersionStatus.RETIRED) {
            problems.add("backend", "is required (only a retired version has none)");
        } else if (backend != null) {
            compilers.checkBackend(backend, problems.at("backend"));
        }
        Duration timeout = Items.millis(item, "timeoutMs", RouteDefinition.MAX_TIMEOUT, problems);
        List<Filter> compiled = compilers.filters(item, problems);
        Items.string(item, "description", problems);
        Items.map(item, "metadata", problems);
        if (problems.size() != before) {
            return null;
        }
        return new Version(names[0], names[1], aliases == null ? List.of() : aliases, status,
                deprecation, sunset, link == null ? "" : link, backend, timeout, compiled,
                new LinkedHashMap<>(item));
    }

    /** How a version's parts are compiled: with the same registries as routes. */
    interface Compilers {
        List<Filter> filters(Map<String, ?> item, Problems problems);

        /** Reports what is wrong with a backend value, whatever API it ends up behind. */
        void checkBackend(Object backend, Problems problems);
    }

    private static Instant instant(Map<String, ?> item, String name, Problems problems) {
        String text = Items.string(item, name, problems);
        if (text == null) {
            return null;
        }
        try {
            return text.length() == 10 ? LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(text);
        } catch (DateTimeParseException e) {
            problems.add(name, "must be a date (2026-06-30) or a UTC time (2026-06-30T00:00:00Z), was '" + text + "'");
            return null;
        }
    }

    private static boolean absoluteHttpUrl(String text) {
        try {
            URI uri = URI.create(text);
            return uri.getHost() != null && ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
