package dev.lambassador.core.settings;

import dev.lambassador.core.auth.RouteAuth;
import dev.lambassador.core.backend.BackendAddressGuard;
import dev.lambassador.core.guard.HeaderLimits;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Every environment variable the router and authorizer functions read, in one catalogue: the functions
 * parse their configuration through it, the CDK construct sets variables by its names and defaults, and
 * a test holds {@code template.yaml}, the synthesized stacks and docs/deploy.md to it. A setting is
 * added here first, and the compiler and that test then show every place that must follow.
 */
public final class FunctionSettings {

    /** The {@link #API_KEY_HEADER} value that turns reading API keys off. */
    public static final String NO_API_KEY_HEADER = "none";
    /** The one header API keys can be read from: the router removes it from what backends receive. */
    private static final String X_API_KEY = "x-api-key";

    public static final Setting<String> ROUTES_TABLE = Setting.text("ROUTES_TABLE", "a DynamoDB table name",
            "the routes table the router loads routes from (or ROUTES_FILE)");
    public static final Setting<String> ROUTES_FILE = Setting.text("ROUTES_FILE", "a file path",
            "a YAML routes file the router loads instead of a table, for tests and local runs");
    public static final Setting<Duration> ROUTES_TTL_SECONDS = Setting.seconds("ROUTES_TTL_SECONDS", 0, Duration.ofSeconds(2),
            "how old the router's in-memory routes may get before a request starts a check of the table's revision item in"
                    + " the background (the routes are read again only when it moved)");
    public static final Setting<Duration> ROUTES_MAX_AGE_SECONDS = Setting.seconds("ROUTES_MAX_AGE_SECONDS", 0, Duration.ofSeconds(5),
            "how old the router's in-memory routes may get before a request waits for that check before it is answered;"
                    + " at least ROUTES_TTL_SECONDS (unset: 5, or ROUTES_TTL_SECONDS when that is longer)");
    // At least 1: the HTTP client takes no zero timeout.
    public static final Setting<Duration> BACKEND_CONNECT_TIMEOUT_MS = Setting.milliseconds("BACKEND_CONNECT_TIMEOUT_MS", 1,
            Duration.ofSeconds(3), "how long the router waits for a backend to accept a connection");
    public static final Setting<List<String>> BACKEND_ALLOWED_HOSTS = new Setting<>("BACKEND_ALLOWED_HOSTS",
            "comma-separated host names, IP addresses or *.domain", "",
            "the only hosts backends may be on; none: any host (addresses the router never calls aside)",
            value -> {
                List<String> hosts = Setting.list("BACKEND_ALLOWED_HOSTS", "", "").parser().apply(value);
                BackendAddressGuard.of(hosts, false);
                return hosts;
            });
    public static final Setting<Boolean> BACKEND_ALLOW_LOOPBACK = Setting.bool("BACKEND_ALLOW_LOOPBACK", false,
            "whether backends may be on loopback addresses (127.0.0.0/8, ::1), as in local runs; in Lambda the runtime API listens there");
    public static final Setting<Integer> MAX_REQUEST_HEADERS = Setting.number("MAX_REQUEST_HEADERS", 1, HeaderLimits.DEFAULT_MAX_HEADERS,
            "the most distinct header names a request may carry (431 beyond)");
    public static final Setting<Integer> MAX_REQUEST_HEADER_BYTES = Setting.number("MAX_REQUEST_HEADER_BYTES", 1,
            HeaderLimits.DEFAULT_MAX_HEADER_BYTES, "the most bytes a request's header names and values may add up to (431 beyond)");
    public static final Setting<String> BASE_PATH = Setting.text("BASE_PATH", "a path such as /v1",
            "a custom domain's base path, which API Gateway leaves in request paths and the router takes off");
    public static final Setting<RouteAuth> DEFAULT_ROUTE_AUTH = Setting.choice("DEFAULT_ROUTE_AUTH",
            Arrays.stream(RouteAuth.values()).filter(auth -> auth != RouteAuth.DEFAULT).toList(), RouteAuth::attribute,
            RouteAuth.ANY, "what the router requires on routes without an auth attribute");
    public static final Setting<List<String>> CORS_ALLOW_ORIGINS = Setting.list("CORS_ALLOW_ORIGINS",
            "comma-separated origins: https://app.example.com, https://*.example.com or *",
            "the browser origins the router answers CORS for, on routes without a cors policy of their own; none: no CORS");
    public static final Setting<List<String>> CORS_ALLOW_METHODS = Setting.list("CORS_ALLOW_METHODS", "comma-separated methods",
            "the methods browsers may use; empty: GET, HEAD, POST, PUT, PATCH, DELETE");
    public static final Setting<List<String>> CORS_ALLOW_HEADERS = Setting.list("CORS_ALLOW_HEADERS", "comma-separated header names or *",
            "the request headers browsers may send; empty: Content-Type, Authorization, X-Api-Key");
    public static final Setting<List<String>> CORS_EXPOSE_HEADERS = Setting.list("CORS_EXPOSE_HEADERS", "comma-separated header names",
            "the response headers browser scripts may read besides the simple ones");
    public static final Setting<Boolean> CORS_ALLOW_CREDENTIALS = Setting.bool("CORS_ALLOW_CREDENTIALS", false,
            "whether browsers may send cookies and Authorization (not with the origin *)");
    public static final Setting<Duration> CORS_MAX_AGE_SECONDS = Setting.seconds("CORS_MAX_AGE_SECONDS", 0, Duration.ofMinutes(10),
            "how long browsers may keep a preflight's answer, at most 86400");

    public static final Setting<List<String>> JWT_ISSUERS = Setting.list("JWT_ISSUERS",
            "comma-separated issuers, each ISSUER or ISSUER JWKS_URL",
            "the issuers whose bearer tokens the authorizer accepts; none: no token is accepted");
    public static final Setting<List<String>> JWT_AUDIENCES = Setting.list("JWT_AUDIENCES", "comma-separated audiences",
            "the accepted token audiences (aud, or client_id of a token without aud); required with JWT_ISSUERS");
    public static final Setting<Duration> JWT_CLOCK_SKEW_SECONDS = Setting.seconds("JWT_CLOCK_SKEW_SECONDS", 0,
            Duration.ofSeconds(60), "how far a token's exp and nbf may be off");
    public static final Setting<Duration> JWKS_TTL_SECONDS = Setting.seconds("JWKS_TTL_SECONDS", 1, Duration.ofMinutes(5),
            "how long an issuer's keys are used before they are fetched again");
    public static final Setting<String> API_KEYS_TABLE = Setting.text("API_KEYS_TABLE", "a DynamoDB table name",
            "the routes table, whose consumer and apikey items the authorizer reads; none: API keys are refused");
    // Header names are case-insensitive, so the value is too.
    public static final Setting<String> API_KEY_HEADER = new Setting<>("API_KEY_HEADER",
            X_API_KEY + " (API keys are read from it) or " + NO_API_KEY_HEADER
                    + " (API keys are not read, as when API Gateway checks its own keys in " + X_API_KEY + ")",
            X_API_KEY, "the header the authorizer reads API keys from, or none to read no API key",
            value -> {
                String header = value.toLowerCase(Locale.ROOT);
                if (!header.equals(X_API_KEY) && !header.equals(NO_API_KEY_HEADER)) {
                    throw new IllegalArgumentException("not an API key header");
                }
                return header;
            });
    public static final Setting<Duration> CREDENTIAL_CACHE_SECONDS = Setting.seconds("CREDENTIAL_CACHE_SECONDS", 0,
            Duration.ofSeconds(60), "how long a verified credential is remembered per function instance; 0: not at all");
    public static final Setting<Boolean> ANONYMOUS_ACCESS = Setting.bool("ANONYMOUS_ACCESS", true,
            "whether a request without credentials goes on to the router as anonymous");

    /** The {@code service} of both functions' log lines and metrics, named as Powertools for AWS Lambda names it. */
    public static final Setting<String> POWERTOOLS_SERVICE_NAME = new Setting<>("POWERTOOLS_SERVICE_NAME",
            "1 to 255 printable ASCII characters", "lambassador",
            "the service key of the functions' log lines and the service dimension of their metrics; the stacks set the stack's name",
            value -> {
                if (value.length() > 255 || !value.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
                    throw new IllegalArgumentException("not a service name");
                }
                return value;
            });
    /** The CloudWatch namespace of both functions' metrics, named as Powertools for AWS Lambda names it. */
    public static final Setting<String> POWERTOOLS_METRICS_NAMESPACE = new Setting<>("POWERTOOLS_METRICS_NAMESPACE",
            "a CloudWatch namespace: 1 to 255 of A-Z a-z 0-9 . - _ / # : and space, not starting with AWS/", "Lambassador",
            "the CloudWatch namespace the functions' metrics are published in",
            value -> {
                if (value.length() > 255 || value.startsWith("AWS/") || !value.matches("[A-Za-z0-9._/#: -]+")) {
                    throw new IllegalArgumentException("not a CloudWatch namespace");
                }
                return value;
            });

    /** Read by the JVM, not by Lambassador, but set by the stacks all the same: each function's JIT settings. */
    public static final Setting<String> JAVA_TOOL_OPTIONS = Setting.text("JAVA_TOOL_OPTIONS", "JVM options",
            "the JVM's flags; the stacks set the JIT each function's hot path wants (docs/design.md)");

    /** What the router reads. */
    public static final List<Setting<?>> ROUTER = List.of(ROUTES_TABLE, ROUTES_FILE, ROUTES_TTL_SECONDS, ROUTES_MAX_AGE_SECONDS,
            BACKEND_CONNECT_TIMEOUT_MS, BACKEND_ALLOWED_HOSTS, BACKEND_ALLOW_LOOPBACK, MAX_REQUEST_HEADERS, MAX_REQUEST_HEADER_BYTES,
            BASE_PATH, DEFAULT_ROUTE_AUTH, CORS_ALLOW_ORIGINS, CORS_ALLOW_METHODS, CORS_ALLOW_HEADERS,
            CORS_EXPOSE_HEADERS, CORS_ALLOW_CREDENTIALS, CORS_MAX_AGE_SECONDS, POWERTOOLS_SERVICE_NAME, POWERTOOLS_METRICS_NAMESPACE,
            JAVA_TOOL_OPTIONS);
    /** What the authorizer reads. */
    public static final List<Setting<?>> AUTHORIZER = List.of(JWT_ISSUERS, JWT_AUDIENCES, JWT_CLOCK_SKEW_SECONDS,
            JWKS_TTL_SECONDS, API_KEYS_TABLE, API_KEY_HEADER, CREDENTIAL_CACHE_SECONDS, ANONYMOUS_ACCESS, POWERTOOLS_SERVICE_NAME,
            POWERTOOLS_METRICS_NAMESPACE, JAVA_TOOL_OPTIONS);

    /** What the routes table's stream function reads: nothing of its own, since its records name the table. */
    public static final List<Setting<?>> REVISION = List.of(JAVA_TOOL_OPTIONS);

    private FunctionSettings() {
    }
}
