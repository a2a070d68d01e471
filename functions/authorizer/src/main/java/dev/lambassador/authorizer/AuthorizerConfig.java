package dev.lambassador.authorizer;

import static dev.lambassador.core.settings.FunctionSettings.ANONYMOUS_ACCESS;
import static dev.lambassador.core.settings.FunctionSettings.API_KEYS_TABLE;
import static dev.lambassador.core.settings.FunctionSettings.API_KEY_HEADER;
import static dev.lambassador.core.settings.FunctionSettings.CREDENTIAL_CACHE_SECONDS;
import static dev.lambassador.core.settings.FunctionSettings.JWKS_TTL_SECONDS;
import static dev.lambassador.core.settings.FunctionSettings.JWT_AUDIENCES;
import static dev.lambassador.core.settings.FunctionSettings.JWT_CLOCK_SKEW_SECONDS;
import static dev.lambassador.core.settings.FunctionSettings.JWT_ISSUERS;
import static dev.lambassador.core.settings.FunctionSettings.NO_API_KEY_HEADER;

import dev.lambassador.core.auth.ApiKeyStore;
import dev.lambassador.dynamodb.DynamoDbApiKeyStore;
import dev.lambassador.dynamodb.DynamoDbJsonClient;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What the authorizer accepts. In Lambda it comes from the function's environment
 * ({@link #fromEnvironment}); elsewhere (the local gateway, tests, benchmarks) from {@link #builder()},
 * which starts from the same defaults, those of {@link dev.lambassador.core.settings.FunctionSettings#AUTHORIZER}:
 *
 * <pre>{@code
 * AuthorizerConfig config = AuthorizerConfig.builder()
 *         .issuer("https://login.example.com/")                      // JWKS at .../.well-known/jwks.json
 *         .issuer("https://idp.example.org", URI.create("https://idp.example.org/keys"))
 *         .audiences("orders-api")
 *         .apiKeys(new DynamoDbApiKeyStore(DynamoDbJsonClient.fromEnvironment(System.getenv()), "routes"))
 *         .build();
 * }</pre>
 *
 * @param issuers            accepted token issuers ({@code iss}, compared exactly), each with the URL of its JWKS;
 *                           empty: no token is accepted
 * @param audiences          accepted audiences: a token's {@code aud} must name at least one, or a token without
 *                           {@code aud} (an Amazon Cognito access token) must have one as its {@code client_id}.
 *                           Required with issuers
 * @param clockSkew          how far {@code exp} and {@code nbf} may be off
 * @param jwksTtl            how long fetched keys are used before they are fetched again
 * @param jwksTimeout        connect and read timeout of one JWKS fetch
 * @param apiKeys            where API keys are looked up; empty: API keys are refused
 * @param apiKeyHeader       the header API keys are read from ({@code x-api-key}); empty: none, the
 *                           authorizer reads no API key and ignores that header, as when API Gateway checks its own
 *                           keys in it. Then there must be no {@code apiKeys} either
 * @param credentialCacheTtl how long a verified credential is remembered per container; zero: not at all
 * @param anonymousAccess    whether a request without credentials is let through as {@code anonymous}
 */
public record AuthorizerConfig(
        Map<String, URI> issuers,
        Set<String> audiences,
        Duration clockSkew,
        Duration jwksTtl,
        Duration jwksTimeout,
        Optional<ApiKeyStore> apiKeys,
        Optional<String> apiKeyHeader,
        Duration credentialCacheTtl,
        boolean anonymousAccess) {

    /** Short, because a hanging JWKS endpoint must not use up the function's time. */
    public static final Duration DEFAULT_JWKS_TIMEOUT = Duration.ofSeconds(2);
    /** x-api-key: the router removes it from what backends receive, and would pass any other header, key and all, on to them. */
    private static final String DEFAULT_API_KEY_HEADER = API_KEY_HEADER.defaultValue();
    /** Where an issuer's keys are when only the issuer is named, as OpenID Connect providers publish them. */
    public static final String JWKS_PATH = "/.well-known/jwks.json";

    public AuthorizerConfig {
        Objects.requireNonNull(issuers, "issuers");
        Map<String, URI> checkedIssuers = new LinkedHashMap<>();
        issuers.forEach((issuer, jwks) -> {
            if (issuer == null || issuer.isBlank() || issuer.chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException("an issuer must be a non-empty string without spaces, was '" + issuer + "'");
            }
            checkedIssuers.put(issuer, checkJwksUrl(issuer, jwks));
        });
        issuers = Collections.unmodifiableMap(checkedIssuers);
        Objects.requireNonNull(audiences, "audiences");
        for (String audience : audiences) {
            if (audience == null || audience.isBlank()) {
                throw new IllegalArgumentException("an audience must be a non-empty string, was '" + audience + "'");
            }
        }
        audiences = Collections.unmodifiableSet(new LinkedHashSet<>(audiences));
        if (!issuers.isEmpty() && audiences.isEmpty()) {
            throw new IllegalArgumentException("audiences must name at least one accepted 'aud' when issuers are configured,"
                    + " or any token from those issuers, meant for any service, would be accepted");
        }
        requireNotNegative(clockSkew, "clockSkew");
        requirePositive(jwksTtl, "jwksTtl");
        requirePositive(jwksTimeout, "jwksTimeout");
        apiKeys = apiKeys == null ? Optional.empty() : apiKeys;
        Objects.requireNonNull(apiKeyHeader, "apiKeyHeader");
        if (apiKeyHeader.isPresent() && !apiKeyHeader.get().equals(DEFAULT_API_KEY_HEADER)) {
            throw new IllegalArgumentException("apiKeyHeader must be '" + DEFAULT_API_KEY_HEADER + "' or '" + NO_API_KEY_HEADER
                    + "', was '" + apiKeyHeader.get() + "'");
        }
        if (apiKeyHeader.isEmpty() && apiKeys.isPresent()) {
            throw new IllegalArgumentException("apiKeys are set, but apiKeyHeader is '" + NO_API_KEY_HEADER
                    + "', so no API key would ever be looked up in them");
        }
        requireNotNegative(credentialCacheTtl, "credentialCacheTtl");
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The JWKS URL of an issuer named alone: the issuer, then {@value #JWKS_PATH} (a trailing '/' is not doubled). */
    public static URI defaultJwksUrl(String issuer) {
        String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
        try {
            URI uri = new URI(base + JWKS_PATH);
            if (isHttpUrl(uri)) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw new IllegalArgumentException("issuer '" + issuer + "' is not an http(s) URL, so its JWKS URL cannot be derived;"
                + " give it as 'ISSUER JWKS_URL'");
    }

    /**
     * Reads the function's environment: the {@link dev.lambassador.core.settings.FunctionSettings#AUTHORIZER} settings,
     * and for DynamoDB the usual AWS variables ({@code AWS_ENDPOINT_URL} included). See docs/auth.md.
     *
     * @throws IllegalArgumentException naming the variable that is wrong
     */
    public static AuthorizerConfig fromEnvironment(Map<String, String> environment) {
        Builder builder = builder();
        parseIssuers(JWT_ISSUERS.read(environment), builder);
        builder.audiences(JWT_AUDIENCES.read(environment).toArray(String[]::new));
        if (!builder.issuers.isEmpty() && builder.audiences.isEmpty()) {
            throw new IllegalArgumentException(JWT_AUDIENCES.name() + " must list the accepted 'aud' values (comma-separated) when "
                    + JWT_ISSUERS.name() + " is set");
        }
        builder.clockSkew(JWT_CLOCK_SKEW_SECONDS.read(environment))
                .jwksTtl(JWKS_TTL_SECONDS.read(environment))
                .credentialCacheTtl(CREDENTIAL_CACHE_SECONDS.read(environment))
                .anonymousAccess(ANONYMOUS_ACCESS.read(environment))
                .apiKeyHeader(API_KEY_HEADER.read(environment));
        String table = API_KEYS_TABLE.read(environment);
        if (!table.isEmpty() && builder.apiKeyHeader.equals(NO_API_KEY_HEADER)) {
            throw new IllegalArgumentException(API_KEYS_TABLE.name() + " is set, but " + API_KEY_HEADER.name() + " is "
                    + NO_API_KEY_HEADER + ", so no API key would ever be looked up in it; unset one of them");
        }
        if (!table.isEmpty()) {
            // Last, so that a configuration error never leaves a client behind.
            builder.apiKeys(new DynamoDbApiKeyStore(DynamoDbJsonClient.fromEnvironment(environment), table));
        }
        return builder.build();
    }

    private static void parseIssuers(List<String> entries, Builder builder) {
        String name = JWT_ISSUERS.name();
        for (String entry : entries) {
            String[] parts = entry.split("\\s+");
            if (parts.length > 2) {
                throw new IllegalArgumentException(name + " entries are 'ISSUER' or 'ISSUER JWKS_URL', separated by commas; '"
                        + entry + "' has " + parts.length + " parts");
            }
            if (builder.issuers.containsKey(parts[0])) {
                throw new IllegalArgumentException(name + " names issuer '" + parts[0] + "' twice");
            }
            try {
                if (parts.length == 1) {
                    builder.issuer(parts[0]);
                } else {
                    builder.issuer(parts[0], checkJwksUrl(parts[0], new URI(parts[1])));
                }
            } catch (URISyntaxException | IllegalArgumentException e) {
                throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
            }
        }
    }

    private static URI checkJwksUrl(String issuer, URI jwks) {
        if (jwks == null || !isHttpUrl(jwks)) {
            throw new IllegalArgumentException("the JWKS URL of issuer '" + issuer + "' must be an absolute http(s) URL, was '" + jwks + "'");
        }
        return jwks;
    }

    private static boolean isHttpUrl(URI uri) {
        return uri.isAbsolute() && ("https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme()))
                && uri.getHost() != null && uri.getRawUserInfo() == null && uri.getRawFragment() == null;
    }

    private static void requireNotNegative(Duration duration, String name) {
        if (duration == null || duration.isNegative()) {
            throw new IllegalArgumentException(name + " must be zero or more, was " + duration);
        }
    }

    private static void requirePositive(Duration duration, String name) {
        if (duration == null || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be more than zero, was " + duration);
        }
    }

    /** Starts from the defaults: no issuers, no API key store (API keys read from x-api-key are refused), anonymous access on. */
    public static final class Builder {

        private final Map<String, URI> issuers = new LinkedHashMap<>();
        private final Set<String> audiences = new LinkedHashSet<>();
        private Duration clockSkew = JWT_CLOCK_SKEW_SECONDS.defaultValue();
        private Duration jwksTtl = JWKS_TTL_SECONDS.defaultValue();
        private Duration jwksTimeout = DEFAULT_JWKS_TIMEOUT;
        private ApiKeyStore apiKeys;
        private String apiKeyHeader = DEFAULT_API_KEY_HEADER;
        private Duration credentialCacheTtl = CREDENTIAL_CACHE_SECONDS.defaultValue();
        private boolean anonymousAccess = ANONYMOUS_ACCESS.defaultValue();

        private Builder() {
        }

        /** An issuer whose keys are at {@link #defaultJwksUrl}. */
        public Builder issuer(String issuer) {
            return issuer(issuer, defaultJwksUrl(Objects.requireNonNull(issuer, "issuer")));
        }

        public Builder issuer(String issuer, URI jwksUrl) {
            issuers.put(issuer, jwksUrl);
            return this;
        }

        public Builder audiences(String... accepted) {
            Collections.addAll(audiences, accepted);
            return this;
        }

        public Builder clockSkew(Duration clockSkew) {
            this.clockSkew = clockSkew;
            return this;
        }

        public Builder jwksTtl(Duration jwksTtl) {
            this.jwksTtl = jwksTtl;
            return this;
        }

        public Builder jwksTimeout(Duration jwksTimeout) {
            this.jwksTimeout = jwksTimeout;
            return this;
        }

        /** @param apiKeys the key store, or null to refuse API keys */
        public Builder apiKeys(ApiKeyStore apiKeys) {
            this.apiKeys = apiKeys;
            return this;
        }

        /**
         * @param header {@code x-api-key} (the default), or {@code none} to read no API
         *               keys and ignore that header, as when API Gateway checks its own keys in it; case-insensitive
         */
        public Builder apiKeyHeader(String header) {
            this.apiKeyHeader = header;
            return this;
        }

        public Builder credentialCacheTtl(Duration credentialCacheTtl) {
            this.credentialCacheTtl = credentialCacheTtl;
            return this;
        }

        public Builder anonymousAccess(boolean anonymousAccess) {
            this.anonymousAccess = anonymousAccess;
            return this;
        }

        /** @throws IllegalArgumentException naming the setting that is wrong */
        public AuthorizerConfig build() {
            String header = Objects.requireNonNull(apiKeyHeader, "apiKeyHeader").strip().toLowerCase(Locale.ROOT);
            return new AuthorizerConfig(issuers, audiences, clockSkew, jwksTtl, jwksTimeout, Optional.ofNullable(apiKeys),
                    header.equals(NO_API_KEY_HEADER) ? Optional.empty() : Optional.of(header), credentialCacheTtl, anonymousAccess);
        }
    }
}
