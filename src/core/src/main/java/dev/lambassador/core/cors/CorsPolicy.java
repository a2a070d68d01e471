package dev.lambassador.core.cors;

import dev.lambassador.core.GatewayException;
import dev.lambassador.core.GatewayResponse;
import dev.lambassador.core.Headers;
import dev.lambassador.core.route.Items;
import dev.lambassador.core.route.Problems;
import dev.lambassador.core.settings.FunctionSettings;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which browser origins may call, with what: the {@code cors} attribute of a route or API item, or
 * the deployment's {@code CORS_*} settings. Origins are exact ({@code https://app.example.com}), a
 * wildcard subdomain ({@code https://*.example.com}, one or more labels, not the bare domain), or
 * {@code *} for any origin (not with credentials, which browsers refuse).
 */
public record CorsPolicy(List<String> allowOrigins, Set<String> allowMethods, List<String> allowHeaders,
                         List<String> exposeHeaders, boolean allowCredentials, Duration maxAge) {

    public static final List<String> DEFAULT_METHODS = List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE");
    public static final List<String> DEFAULT_HEADERS = List.of("Content-Type", "Authorization", "X-Api-Key");
    public static final Duration DEFAULT_MAX_AGE = Duration.ofMinutes(10);
    /** API Gateway's own ceiling for its CORS max age. */
    public static final Duration MAX_MAX_AGE = Duration.ofDays(1);
    static final Set<String> ATTRIBUTES = Set.of("allowOrigins", "allowMethods", "allowHeaders", "exposeHeaders",
            "allowCredentials", "maxAgeSeconds");
    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");
    private static final String VARY_PREFLIGHT = "Origin, Access-Control-Request-Method, Access-Control-Request-Headers";

    public CorsPolicy {
        allowOrigins = List.copyOf(allowOrigins);
        allowMethods = Set.copyOf(allowMethods);
        allowHeaders = List.copyOf(allowHeaders);
        exposeHeaders = List.copyOf(exposeHeaders);
    }

    /**
     * Reads a {@code cors} map.
     *
     * @return the policy, or null when {@code problems} got some
     */
    public static CorsPolicy parse(Map<String, Object> cors, Problems problems) {
        int before = problems.size();
        Items.refuseUnknown(cors, ATTRIBUTES, "", problems);
        List<String> origins = Items.strings(cors, "allowOrigins", problems);
        if (origins == null || origins.isEmpty()) {
            if (!(cors.get("allowOrigins") instanceof List<?> list && !list.isEmpty())) {
                problems.add("allowOrigins", "needs at least one origin, like https://app.example.com, https://*.example.com or *");
            }
            origins = List.of();
        }
        for (String origin : origins) {
            String why = originProblem(origin);
            if (why != null) {
                problems.add("allowOrigins", why);
            }
        }
        if (origins.contains("*") && origins.size() > 1) {
            problems.add("allowOrigins", "'*' stands alone; it already allows every origin");
        }
        List<String> methods = orDefault(Items.strings(cors, "allowMethods", problems), DEFAULT_METHODS);
        Set<String> upper = new LinkedHashSet<>();
        for (String method : methods) {
            String name = method.toUpperCase(Locale.ROOT);
            if (!METHODS.contains(name)) {
                problems.add("allowMethods", "unknown method '" + method + "'; use any of " + new TreeSet<>(METHODS));
            }
            upper.add(name);
        }
        List<String> headers = orDefault(Items.strings(cors, "allowHeaders", problems), DEFAULT_HEADERS);
        List<String> expose = orDefault(Items.strings(cors, "exposeHeaders", problems), List.of());
        Boolean credentials = Items.bool(cors, "allowCredentials", problems);
        if (Boolean.TRUE.equals(credentials) && origins.contains("*")) {
            problems.add("allowCredentials", "cannot be true with allowOrigins '*': browsers refuse credentials for any origin");
        }
        Duration maxAge = maxAge(cors.get("maxAgeSeconds"), problems);
        if (problems.size() != before) {
            return null;
        }
        return new CorsPolicy(origins, upper, headers, expose, Boolean.TRUE.equals(credentials), maxAge);
    }

    /**
     * The deployment's policy from the router's {@code CORS_*} settings, or empty when
     * {@code CORS_ALLOW_ORIGINS} is not set.
     *
     * @throws IllegalArgumentException naming each setting that is wrong
     */
    public static java.util.Optional<CorsPolicy> fromSettings(Map<String, String> environment) {
        List<String> origins = FunctionSettings.CORS_ALLOW_ORIGINS.read(environment);
        if (origins.isEmpty()) {
            return java.util.Optional.empty();
        }
        Map<String, Object> cors = new java.util.LinkedHashMap<>();
        cors.put("allowOrigins", origins);
        List<String> methods = FunctionSettings.CORS_ALLOW_METHODS.read(environment);
        if (!methods.isEmpty()) {
            cors.put("allowMethods", methods);
        }
        List<String> headers = FunctionSettings.CORS_ALLOW_HEADERS.read(environment);
        if (!headers.isEmpty()) {
            cors.put("allowHeaders", headers);
        }
        cors.put("exposeHeaders", FunctionSettings.CORS_EXPOSE_HEADERS.read(environment));
        cors.put("allowCredentials", FunctionSettings.CORS_ALLOW_CREDENTIALS.read(environment));
        cors.put("maxAgeSeconds", FunctionSettings.CORS_MAX_AGE_SECONDS.read(environment).toSeconds());
        Problems problems = new Problems();
        CorsPolicy policy = parse(cors, problems);
        if (policy == null) {
            throw new IllegalArgumentException(problems.all().stream()
                    .map(problem -> "CORS_" + settingName(problem.field()) + ": " + problem.message())
                    .collect(java.util.stream.Collectors.joining("; ")));
        }
        return java.util.Optional.of(policy);
    }

    /** {@code allowOrigins} to {@code ALLOW_ORIGINS}, as the setting spells it. */
    private static String settingName(String field) {
        String name = field.equals("maxAgeSeconds") ? "maxAge_Seconds" : field;
        return name.replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
    }

    private static Duration maxAge(Object raw, Problems problems) {
        if (raw == null) {
            return DEFAULT_MAX_AGE;
        }
        Long seconds = Items.wholeIn(raw, 0, MAX_MAX_AGE.toSeconds());
        if (seconds != null) {
            return Duration.ofSeconds(seconds);
        }
        problems.add("maxAgeSeconds", "must be a whole number of seconds from 0 to " + MAX_MAX_AGE.toSeconds() + ", was "
                + Items.describe(raw));
        return null;
    }

    /** Why an origin pattern is wrong, or null. */
    static String originProblem(String origin) {
        if (origin.equals("*")) {
            return null;
        }
        String host = origin.replace("://*.", "://wildcard.");
        try {
            URI uri = URI.create(host);
            if (uri.getScheme() == null || uri.getHost() == null || !uri.getRawPath().isEmpty() || uri.getRawQuery() != null
                    || uri.getRawUserInfo() != null || origin.indexOf('*') >= 0 && !origin.contains("://*.")) {
                return "'" + origin + "' must be scheme://host[:port], *.host for any subdomain, or *";
            }
        } catch (IllegalArgumentException e) {
            return "'" + origin + "' must be scheme://host[:port], *.host for any subdomain, or *";
        }
        return null;
    }

    /** Whether a browser's {@code Origin} may call. */
    public boolean allows(String origin) {
        for (String allowed : allowOrigins) {
            if (allowed.equals("*") || allowed.equalsIgnoreCase(origin)) {
                return true;
            }
            int star = allowed.indexOf("://*.");
            if (star > 0) {
                String scheme = allowed.substring(0, star + 3);
                String suffix = allowed.substring(star + 4);
                if (origin.regionMatches(true, 0, scheme, 0, scheme.length()) && origin.length() > scheme.length() + suffix.length()
                        && origin.regionMatches(true, origin.length() - suffix.length(), suffix, 0, suffix.length())
                        && origin.indexOf('/', scheme.length()) < 0) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The answer to a preflight: 204 with what the browser may do, or 403 naming what it may not.
     *
     * @param requestedHeaders the {@code Access-Control-Request-Headers} value, or empty
     */
    GatewayResponse preflight(String origin, String method, String requestedHeaders) {
        Headers vary = Headers.of("Vary", VARY_PREFLIGHT);
        if (!allows(origin)) {
            throw new GatewayException(403, "CORS: origin " + abbreviate(origin) + " is not allowed", vary, null);
        }
        if (!allowMethods.contains(method)) {
            throw new GatewayException(403, "CORS: method " + abbreviate(method) + " is not allowed; allowed: "
                    + String.join(", ", new TreeSet<>(allowMethods)), vary, null);
        }
        List<String> asked = new ArrayList<>();
        for (String header : requestedHeaders.split(",")) {
            if (!header.isBlank()) {
                asked.add(header.trim());
            }
        }
        boolean anyHeader = allowHeaders.contains("*") && !allowCredentials;
        for (String header : asked) {
            if (!anyHeader && allowHeaders.stream().noneMatch(allowed -> allowed.equalsIgnoreCase(header))) {
                throw new GatewayException(403, "CORS: header " + abbreviate(header) + " is not allowed", vary, null);
            }
        }
        Headers.Builder headers = Headers.builder()
                .set("Access-Control-Allow-Origin", allowOrigin(origin))
                .set("Access-Control-Allow-Methods", String.join(", ", allowMethods.stream().sorted().toList()))
                .set("Access-Control-Max-Age", Long.toString(maxAge.toSeconds()))
                .set("Vary", VARY_PREFLIGHT);
        if (!asked.isEmpty()) {
            headers.set("Access-Control-Allow-Headers", String.join(", ", asked));
        }
        if (allowCredentials) {
            headers.set("Access-Control-Allow-Credentials", "true");
        }
        return new GatewayResponse(204, headers.build(), null);
    }

    /** An actual response, with the CORS headers its origin may see, and {@code Vary: Origin} whatever the origin. */
    GatewayResponse decorate(String origin, GatewayResponse response) {
        Headers.Builder headers = response.headers().toBuilder();
        List<String> vary = new ArrayList<>(response.headers().all("Vary"));
        if (vary.stream().noneMatch(value -> value.toLowerCase(Locale.ROOT).contains("origin"))) {
            vary.add("Origin");
        }
        headers.remove("Vary").addAll("Vary", vary);
        if (allows(origin)) {
            headers.set("Access-Control-Allow-Origin", allowOrigin(origin));
            if (allowCredentials) {
                headers.set("Access-Control-Allow-Credentials", "true");
            }
            if (!exposeHeaders.isEmpty()) {
                headers.set("Access-Control-Expose-Headers", String.join(", ", exposeHeaders));
            }
        }
        return new GatewayResponse(response.status(), headers.build(), response.body());
    }

    /** {@code *} only when any origin is allowed without credentials; else the origin itself, echoed. */
    private String allowOrigin(String origin) {
        return allowOrigins.contains("*") && !allowCredentials ? "*" : origin;
    }

    private static List<String> orDefault(List<String> value, List<String> fallback) {
        return value == null ? fallback : value;
    }

    private static String abbreviate(String text) {
        String printable = text.replaceAll("[^\\x20-\\x7e]", "?");
        return printable.length() <= 100 ? printable : printable.substring(0, 100) + "...";
    }
}
