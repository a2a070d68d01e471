package dev.lambassador.infra;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Which browser origins may call, answered either by API Gateway itself ({@link Answerer#API_GATEWAY}:
 * preflights cost no router invocation; exact origins or {@code *}) or by the router
 * ({@link Answerer#ROUTER}: preflights for any path, 404s included, wildcard subdomains such as
 * {@code https://*.example.com}, CORS headers on every answer, and routes and APIs with policies of
 * their own; OPTIONS requests then reach the router without the authorizer). docs/deploy.md says
 * which to choose when.
 *
 * @param allowOrigins     exact origins ({@code https://app.example.com}) or the single wildcard {@code *}
 * @param allowMethods     HTTP methods browsers may use
 * @param allowHeaders     request headers browsers may send
 * @param allowCredentials whether cookies and Authorization may be sent; not allowed with {@code *}
 * @param maxAge           how long browsers may cache the preflight answer
 * @param answeredBy       who answers preflights and adds the headers
 */
public record Cors(List<String> allowOrigins, List<String> allowMethods, List<String> allowHeaders,
                   boolean allowCredentials, Duration maxAge, Answerer answeredBy) {

    /** Who answers CORS. */
    public enum Answerer {
        /** API Gateway's own CORS configuration: no router invocation for a preflight. */
        API_GATEWAY,
        /** The router, as its CORS_* settings say: preflights for any path, wildcard subdomains, per-route policies. */
        ROUTER
    }

    public static final List<String> DEFAULT_METHODS = List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");
    public static final List<String> DEFAULT_HEADERS =
            List.of("Content-Type", "Authorization", "X-Api-Key", "X-Amz-Date", "X-Amz-Security-Token");
    public static final Duration DEFAULT_MAX_AGE = Duration.ofMinutes(10);

    private static final Set<String> METHODS = Set.copyOf(DEFAULT_METHODS);
    // Browsers cap preflight caching well below this; API Gateway accepts up to a day.
    private static final Duration MAX_MAX_AGE = Duration.ofDays(1);

    public Cors {
        allowOrigins = List.copyOf(Objects.requireNonNull(allowOrigins, "cors.allowOrigins must not be null"));
        allowMethods = List.copyOf(Objects.requireNonNull(allowMethods, "cors.allowMethods must not be null"));
        allowHeaders = List.copyOf(Objects.requireNonNull(allowHeaders, "cors.allowHeaders must not be null"));
        Objects.requireNonNull(maxAge, "cors.maxAge must not be null");
        Objects.requireNonNull(answeredBy, "cors.answeredBy must not be null");
        if (allowOrigins.isEmpty()) {
            throw new IllegalArgumentException("cors.allowOrigins must name at least one origin");
        }
        for (String origin : allowOrigins) {
            boolean wildcard = answeredBy == Answerer.ROUTER && origin.contains("://*.");
            if (!origin.equals("*") && !isOrigin(wildcard ? origin.replace("://*.", "://wildcard.") : origin)) {
                throw new IllegalArgumentException("cors.allowOrigins entries must be '*' or scheme://host[:port] without a path"
                        + (answeredBy == Answerer.ROUTER ? ", or scheme://*.host for any subdomain" : "") + ", was " + origin);
            }
        }
        if (allowOrigins.contains("*") && allowOrigins.size() > 1) {
            throw new IllegalArgumentException("cors.allowOrigins must be either '*' alone or a list of origins, was " + allowOrigins);
        }
        if (allowCredentials && allowOrigins.contains("*")) {
            throw new IllegalArgumentException("cors.allowCredentials cannot be true when cors.allowOrigins is '*': browsers reject it");
        }
        if (allowMethods.isEmpty() || !METHODS.containsAll(allowMethods)) {
            throw new IllegalArgumentException("cors.allowMethods must be a non-empty subset of " + DEFAULT_METHODS + ", was " + allowMethods);
        }
        if (maxAge.isNegative() || maxAge.compareTo(MAX_MAX_AGE) > 0) {
            throw new IllegalArgumentException("cors.maxAge must be between 0 and " + MAX_MAX_AGE + ", was " + maxAge);
        }
    }

    /** Allows the given origins with the default methods, headers and max age, without credentials. */
    public static Cors allowOrigins(String... origins) {
        return new Cors(List.of(origins), DEFAULT_METHODS, DEFAULT_HEADERS, false, DEFAULT_MAX_AGE, Answerer.API_GATEWAY);
    }

    /** Allows the given origins, wildcard subdomains included, answered by the router. */
    public static Cors allowOriginsAtRouter(String... origins) {
        return new Cors(List.of(origins), DEFAULT_METHODS, DEFAULT_HEADERS, false, DEFAULT_MAX_AGE, Answerer.ROUTER);
    }

    /** The same policy, answered by the router instead of API Gateway. */
    public Cors answeredByRouter() {
        return new Cors(allowOrigins, allowMethods, allowHeaders, allowCredentials, maxAge, Answerer.ROUTER);
    }

    public Cors withMethods(String... methods) {
        return new Cors(allowOrigins, List.of(methods), allowHeaders, allowCredentials, maxAge, answeredBy);
    }

    public Cors withHeaders(String... headers) {
        return new Cors(allowOrigins, allowMethods, List.of(headers), allowCredentials, maxAge, answeredBy);
    }

    public Cors withCredentials(boolean allowCredentials) {
        return new Cors(allowOrigins, allowMethods, allowHeaders, allowCredentials, maxAge, answeredBy);
    }

    public Cors withMaxAge(Duration maxAge) {
        return new Cors(allowOrigins, allowMethods, allowHeaders, allowCredentials, maxAge, answeredBy);
    }

    private static boolean isOrigin(String origin) {
        try {
            URI uri = new URI(origin);
            return ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))
                    && uri.getHost() != null
                    && (uri.getRawPath() == null || uri.getRawPath().isEmpty())
                    && uri.getRawQuery() == null
                    && uri.getRawFragment() == null
                    && uri.getRawUserInfo() == null;
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
