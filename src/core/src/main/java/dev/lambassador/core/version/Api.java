package dev.lambassador.core.version;

import dev.lambassador.core.GatewayException;
import dev.lambassador.core.GatewayRequest;
import dev.lambassador.core.Headers;
import dev.lambassador.core.auth.Access;
import dev.lambassador.core.auth.RouteAuth;
import dev.lambassador.core.cors.CorsPolicy;
import dev.lambassador.core.guard.SourceIpRule;
import dev.lambassador.core.route.Items;
import dev.lambassador.core.route.PathTemplate;
import dev.lambassador.core.route.Problems;
import dev.lambassador.core.route.RouteDefinition;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An API with versions, from an item of kind {@code api}: where it lives ({@code basePath}, {@code host}),
 * how clients choose a version ({@code selectBy}, in the fixed precedence path, header, media type,
 * query), which version answers when they do not ({@code defaultVersion}), and who may call it.
 * Docs: docs/versions.md.
 */
public final class Api {

    /** The ways a client can name a version, in precedence order. */
    public static final List<String> SELECTORS = List.of("path", "header", "mediaType", "query");
    public static final String DEFAULT_HEADER = "Api-Version";
    public static final String DEFAULT_QUERY = "version";

    static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    static final Set<String> ATTRIBUTES = Set.of("kind", "id", "basePath", "host", "selectBy", "header", "query", "mediaType",
            "defaultVersion", "auth", "scopes", "timeoutMs", "cors", "description", "metadata", "allowFrom", "denyFrom", "maxBodyBytes");
    private static final DateTimeFormatter HTTP_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private final String id;
    private final PathTemplate basePath;
    private final String host;
    private final Set<String> selectBy;
    private final String header;
    private final String query;
    private final String mediaName;
    private final String defaultVersion;
    private final RouteAuth auth;
    private final Set<String> scopes;
    private final Duration timeout;
    private final Map<String, Object> corsItem;
    private final CorsPolicy cors;
    private final SourceIpRule.Lists sourceIps;
    private final long maxBodyBytes;
    /** Every name a version answers to, mapped to that version. */
    private final Map<String, Version> byName;
    /** Names of versions whose items are invalid: asked for, they answer 503 rather than 400. */
    private final Set<String> broken;
    /** Each version's response headers, made once: formatting dates per request would cost more than routing. */
    private final Map<String, Headers> headersByVersion;

    private Api(String id, PathTemplate basePath, String host, Set<String> selectBy, String header, String query,
                String mediaName, String defaultVersion, RouteAuth auth, Set<String> scopes, Duration timeout,
                Map<String, Object> corsItem, CorsPolicy cors, SourceIpRule.Lists sourceIps, long maxBodyBytes,
                Map<String, Version> byName, Set<String> broken) {
        this.id = id;
        this.basePath = basePath;
        this.host = host;
        this.selectBy = selectBy;
        this.header = header;
        this.query = query;
        this.mediaName = mediaName;
        this.defaultVersion = defaultVersion;
        this.auth = auth;
        this.scopes = scopes;
        this.timeout = timeout;
        this.corsItem = corsItem;
        this.cors = cors;
        this.sourceIps = sourceIps;
        this.maxBodyBytes = maxBodyBytes;
        this.byName = byName;
        this.broken = broken;
        Map<String, Headers> headers = new java.util.HashMap<>();
        byName.values().forEach(version -> headers.computeIfAbsent(version.id(), versionId -> headersOf(version)));
        this.headersByVersion = Map.copyOf(headers);
    }

    /** The attributes of an API item that can be read, as far as they can, for an item that is invalid. */
    record Shape(String id, String basePath, String host) {
    }

    static Shape shapeOf(Map<String, ?> item) {
        Problems ignored = new Problems();
        String id = Items.string(item, "id", ignored);
        String basePath = Items.string(item, "basePath", ignored);
        String host = Items.string(item, "host", ignored);
        if (id == null || basePath == null || !ignored.isEmpty()) {
            return null;
        }
        try {
            literalPath(basePath);
        } catch (IllegalArgumentException e) {
            return null;
        }
        return new Shape(id, basePath, host == null ? "" : host);
    }

    /**
     * Reads an API item with its versions.
     *
     * @param versions its valid versions, in id order
     * @param broken   names of its versions whose items are invalid
     * @return the API, or null when {@code problems} got some
     */
    static Api parse(Map<String, ?> item, List<Version> versions, Set<String> broken, Problems problems) {
        int before = problems.size();
        String id = Items.string(item, "id", problems);
        if (id == null || !ID.matcher(id).matches()) {
            problems.add("id", "must be letters, digits, '.', '_' or '-' (at most 64), was " + Items.describe(item.get("id")));
        }
        Items.refuseUnknown(item, ATTRIBUTES, "(keep your own notes under 'metadata')", problems);
        String rawBase = Items.requiredString(item, "basePath", problems);
        PathTemplate base = null;
        if (rawBase != null) {
            try {
                base = literalPath(rawBase);
            } catch (IllegalArgumentException e) {
                problems.add("basePath", e.getMessage());
            }
        }
        String host = Items.string(item, "host", problems);
        List<String> listed = Items.strings(item, "selectBy", problems);
        Set<String> selectBy = new LinkedHashSet<>();
        for (String selector : listed == null ? SELECTORS : listed) {
            if (!SELECTORS.contains(selector)) {
                problems.add("selectBy", "unknown way to select a version '" + selector + "'; use any of " + SELECTORS);
            }
        }
        SELECTORS.stream().filter(selector -> listed == null || listed.contains(selector)).forEach(selectBy::add);
        String header = orDefault(Items.string(item, "header", problems), DEFAULT_HEADER);
        String query = orDefault(Items.string(item, "query", problems), DEFAULT_QUERY);
        String mediaName = orDefault(Items.string(item, "mediaType", problems), id == null ? "" : id);
        String defaultVersion = Items.requiredString(item, "defaultVersion", problems);
        Access access = Access.read(item, "API", problems);
        Duration timeout = Items.millis(item, "timeoutMs", RouteDefinition.MAX_TIMEOUT, problems);
        Map<String, Object> corsItem = Items.map(item, "cors", problems);
        CorsPolicy cors = corsItem == null ? null : CorsPolicy.parse(corsItem, problems.at("cors"));
        SourceIpRule.Lists sourceIps = SourceIpRule.read(item, problems);
        Long maxBodyBytes = Items.wholeNumber(item, "maxBodyBytes", 1, RouteDefinition.MAX_BODY_BYTES, problems);
        Items.string(item, "description", problems);
        Items.map(item, "metadata", problems);

        Map<String, Version> byName = new LinkedHashMap<>();
        for (Version version : versions) {
            for (String name : version.names()) {
                byName.putIfAbsent(name, version);
            }
        }
        if (defaultVersion != null && !byName.containsKey(defaultVersion)) {
            problems.add("defaultVersion", "'" + defaultVersion + "' is not a loaded version of this API"
                    + (broken.contains(defaultVersion) ? " (its item is invalid)" : "; versions: " + versionIds(versions)));
        }
        if (problems.size() != before) {
            return null;
        }
        return new Api(id, base, host == null ? "" : host, Set.copyOf(selectBy), header, query, mediaName, defaultVersion,
                access.auth(), access.scopes(), timeout == null ? RouteDefinition.DEFAULT_TIMEOUT : timeout, corsItem, cors, sourceIps, maxBodyBytes == null ? 0 : maxBodyBytes,
                Collections.unmodifiableMap(byName),
                Collections.unmodifiableSet(new LinkedHashSet<>(broken)));
    }

    /** A base path: literal segments only, since the API's routes add their own. */
    static PathTemplate literalPath(String text) {
        PathTemplate template = PathTemplate.parse(text);
        if (template.segments().stream().anyMatch(segment -> segment.kind() != PathTemplate.Kind.LITERAL)) {
            throw new IllegalArgumentException("must be literal segments only, like /orders, was '" + text + "'");
        }
        return template;
    }

    public String id() {
        return id;
    }

    PathTemplate basePath() {
        return basePath;
    }

    String host() {
        return host;
    }

    RouteAuth auth() {
        return auth;
    }

    Set<String> scopes() {
        return scopes;
    }

    Duration timeout() {
        return timeout;
    }

    /** The API's CORS policy, or null for the deployment's. */
    CorsPolicy cors() {
        return cors;
    }

    Map<String, Object> corsItem() {
        return corsItem;
    }

    /** The API's {@code allowFrom} and {@code denyFrom}, which every version's requests are held to. */
    SourceIpRule.Lists sourceIps() {
        return sourceIps;
    }

    /** The API's {@code maxBodyBytes}, or 0. */
    long maxBodyBytes() {
        return maxBodyBytes;
    }

    boolean selectsByPath() {
        return selectBy.contains("path");
    }

    /** Every version name a path may start with: valid versions' ids and aliases, and broken versions' names. */
    Set<String> pathNames() {
        Set<String> names = new LinkedHashSet<>(byName.keySet());
        names.addAll(broken);
        return names;
    }

    /** The distinct versions, in id order. */
    List<Version> versions() {
        return byName.values().stream().distinct().sorted(java.util.Comparator.comparing(Version::id)).toList();
    }

    /** A version chosen for a request, and how. */
    record Selection(Version version, String by) {
    }

    /**
     * Chooses the version for a request, in the documented precedence.
     *
     * @param pinned the version named by the request's path prefix, or null
     * @throws GatewayException 400 for an unknown version or a malformed Accept, 503 for a version whose item is invalid
     */
    Selection select(GatewayRequest request, String pinned) {
        if (pinned != null) {
            return lookup(pinned, "path");
        }
        if (selectBy.contains("header")) {
            String value = request.headers().first(header).map(String::trim).orElse("");
            if (!value.isEmpty()) {
                return lookup(value, "header");
            }
        }
        if (selectBy.contains("mediaType")) {
            String value = AcceptVersions.find(request.headers().all("Accept"), mediaName);
            if (value != null) {
                return lookup(value, "mediaType");
            }
        }
        if (selectBy.contains("query")) {
            List<String> values = request.query().getOrDefault(query, List.of());
            if (!values.isEmpty() && !values.getFirst().isEmpty()) {
                return lookup(values.getFirst(), "query");
            }
        }
        return lookup(defaultVersion, "default");
    }

    private Selection lookup(String name, String by) {
        Version version = byName.get(name);
        if (version != null) {
            return new Selection(version, by);
        }
        if (broken.contains(name)) {
            throw new GatewayException(503, "version " + name + " of API " + id + " is unavailable: its configuration is invalid");
        }
        List<String> ids = versions().stream().map(Version::id).toList();
        throw new GatewayException(400, "API " + id + " has no version '" + abbreviate(name) + "'; versions: " + String.join(", ", ids),
                Headers.EMPTY, Map.of("versions", ids), null);
    }

    /**
     * What every response of a version carries: its name in the API's version header, and for a
     * version with dates, {@code Deprecation} (RFC 9745), {@code Sunset} (RFC 8594) and their {@code Link}s.
     */
    Headers responseHeaders(Version version) {
        Headers headers = headersByVersion.get(version.id());
        return headers != null ? headers : headersOf(version);
    }

    private Headers headersOf(Version version) {
        Headers.Builder headers = Headers.builder().set(header, version.id());
        if (version.deprecation() != null) {
            headers.set("Deprecation", "@" + version.deprecation().getEpochSecond());
            if (!version.link().isEmpty()) {
                headers.add("Link", "<" + version.link() + ">; rel=\"deprecation\"; type=\"text/html\"");
            }
        }
        if (version.sunset() != null) {
            headers.set("Sunset", HTTP_DATE.format(version.sunset()));
            if (!version.link().isEmpty()) {
                headers.add("Link", "<" + version.link() + ">; rel=\"sunset\"; type=\"text/html\"");
            }
        }
        return headers.build();
    }

    private static String versionIds(List<Version> versions) {
        return versions.isEmpty() ? "none" : String.join(", ", versions.stream().map(Version::id).toList());
    }

    private static String orDefault(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    /** A client's made-up version goes into the message, but not at any length. */
    private static String abbreviate(String name) {
        String printable = name.replaceAll("[^\\x20-\\x7e]", "?");
        return printable.length() <= 64 ? printable : printable.substring(0, 64) + "...";
    }
}
