package dev.lambassador.authorizer;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.lambassador.core.auth.Caller;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.MalformedURLException;
import java.net.URI;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Verifies bearer tokens: signed JWTs from configured issuers, checked against that issuer's keys
 * only. What is refused: any algorithm but {@link #ALGORITHMS} (so {@code none} and every
 * {@code HS*}, including an HMAC keyed with an issuer's public key), an {@code iss} that is not
 * configured, an {@code aud} that names none of the accepted audiences (or, in a token without
 * {@code aud}, a {@code client_id} that is not one of them, as API Gateway's JWT authorizers judge
 * Amazon Cognito's access tokens), an ID token ({@code token_use: id}), a missing {@code exp} or
 * {@code sub}, a {@code sub} that is not a string, a {@code scope} that is not a string, an
 * {@code exp} or {@code nbf} off by more than the clock skew, a part that is not canonical
 * base64url, and a bad signature.
 *
 * <p>Each issuer's JWKS is fetched on first use and kept for the configured TTL, so a warm
 * container verifies without network calls. A token whose key is not in the cached set triggers
 * one refresh, rate-limited so that made-up {@code kid}s cannot hammer the endpoint; while the
 * endpoint is down the last keys it served keep working for ten TTLs. Fetches time out quickly.
 *
 * <p>Thread-safe; build one per process and share it.
 */
public final class JwtVerifier {

    /** Asymmetric signatures only: with a shared secret, whoever can verify could also sign. */
    public static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.PS256, JWSAlgorithm.ES256, JWSAlgorithm.ES384);
    /** Longer than any header API Gateway forwards (10 KiB); parsing more would only cost time. */
    static final int MAX_TOKEN_LENGTH = 16 * 1024;
    /** A JWKS larger than this is refused, as no real one comes near it. */
    static final int MAX_JWKS_BYTES = 256 * 1024;
    /** At most two JWKS fetches per issuer in this interval (or half the TTL, when that is shorter). */
    static final Duration JWKS_RATE_LIMIT = Duration.ofSeconds(30);
    /** How many TTLs the last good key set keeps serving while the JWKS endpoint fails. */
    static final int JWKS_OUTAGE_TTLS = 10;

    private static final Logger LOG = System.getLogger(JwtVerifier.class.getName());
    // "at+jwt" is RFC 9068's access token type; no type at all is what most issuers send.
    private static final DefaultJOSEObjectTypeVerifier<SecurityContext> TYPES = new DefaultJOSEObjectTypeVerifier<>(
            JOSEObjectType.JWT, new JOSEObjectType("at+jwt"), new JOSEObjectType("application/at+jwt"), null);
    // No "aud": a token without one is judged by its client_id instead (see checkAudience).
    private static final Set<String> REQUIRED_CLAIMS = Set.of("iss", "sub", "exp");
    private static final List<String> SEGMENTS = List.of("header", "payload", "signature");

    private final Map<String, DefaultJWTProcessor<SecurityContext>> processors;

    /** A verified token: who it names, and until when it is valid. */
    public record Verified(Caller caller, Instant expiresAt) {
    }

    /**
     * @param issuers     accepted issuers, each with its JWKS URL
     * @param audiences   accepted audiences; a token's {@code aud} must name at least one, or a token
     *                    without {@code aud} must have one as its {@code client_id}
     * @param clockSkew   how far {@code exp} and {@code nbf} may be off
     * @param jwksTtl     how long fetched keys are used before fetching again
     * @param jwksTimeout connect and read timeout of one JWKS fetch
     */
    public JwtVerifier(Map<String, URI> issuers, Set<String> audiences, Duration clockSkew, Duration jwksTtl, Duration jwksTimeout) {
        this(issuers, audiences, clockSkew, jwksTtl, jwksTimeout, Clock.systemUTC());
    }

    /** @param clock what {@code exp} and {@code nbf} are compared with */
    JwtVerifier(Map<String, URI> issuers, Set<String> audiences, Duration clockSkew, Duration jwksTtl, Duration jwksTimeout, Clock clock) {
        Objects.requireNonNull(clock, "clock");
        Map<String, DefaultJWTProcessor<SecurityContext>> byIssuer = new LinkedHashMap<>();
        issuers.forEach((issuer, jwks) -> byIssuer.put(issuer,
                processor(issuer, jwkSource(issuer, jwks, jwksTtl, jwksTimeout), Set.copyOf(audiences), clockSkew, clock)));
        this.processors = Map.copyOf(byIssuer);
    }

    /**
     * Verifies one RS256 token signed in memory by a key made for the purpose, along the path a real
     * token takes, with no network: before a SnapStart snapshot, so that a restored function's first
     * token does not load and link that code. A failure is logged and ignored; it only costs speed.
     */
    static void prime() {
        try {
            RSAKey key = new RSAKeyGenerator(2048).keyID("priming").algorithm(JWSAlgorithm.RS256).generate();
            String issuer = "https://priming.invalid/";
            DefaultJWTProcessor<SecurityContext> processor = processor(issuer, new ImmutableJWKSet<>(new JWKSet(key.toPublicJWK())),
                    Set.of("priming"), Duration.ZERO, Clock.systemUTC());
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("priming").type(JOSEObjectType.JWT).build(),
                    new JWTClaimsSet.Builder().issuer(issuer).audience("priming").subject("priming").claim("scope", "priming")
                            .expirationTime(Date.from(Instant.now().plusSeconds(60))).build());
            jwt.sign(new RSASSASigner(key));
            caller(processor.process(SignedJWT.parse(jwt.serialize()), null), issuer);
        } catch (JOSEException | BadJOSEException | ParseException | AuthenticationException | RuntimeException e) {
            LOG.log(Level.WARNING, "priming the token verifier failed; the first token will load its code: {0}", e.toString());
        }
    }

    /** The verifier for a configuration's issuers, audiences, skew and JWKS settings. */
    public static JwtVerifier create(AuthorizerConfig config) {
        return new JwtVerifier(config.issuers(), config.audiences(), config.clockSkew(), config.jwksTtl(), config.jwksTimeout());
    }

    /** Whether any issuer is configured; without one every token is refused. */
    public boolean acceptsTokens() {
        return !processors.isEmpty();
    }

    /**
     * @param token the bearer token, without the {@code Bearer } prefix
     * @return the caller it names: subject {@code sub}; consumer {@code client_id}, else {@code azp}, else
     *         {@code sub}; scopes from {@code scope} (space-separated), else {@code scp} (string or list)
     * @throws AuthenticationException when the token is refused; {@link AuthenticationException#isUnavailable()}
     *         when the issuer's keys could not be fetched
     */
    public Caller verify(String token) throws AuthenticationException {
        return verifyWithExpiry(token).caller();
    }

    /** As {@link #verify}, with the token's {@code exp}, which is as long as anything may remember it. */
    public Verified verifyWithExpiry(String token) throws AuthenticationException {
        if (token == null || token.isEmpty()) {
            throw new AuthenticationException("empty bearer token");
        }
        if (token.length() > MAX_TOKEN_LENGTH) {
            throw new AuthenticationException("bearer token is longer than " + MAX_TOKEN_LENGTH + " characters");
        }
        requireCanonicalSegments(token);
        SignedJWT jwt;
        String issuer;
        try {
            jwt = SignedJWT.parse(token);
            issuer = jwt.getJWTClaimsSet().getStringClaim("iss");
        } catch (ParseException e) {
            throw new AuthenticationException("bearer token is not a signed JWT: " + LogSafe.message(e));
        }
        if (issuer == null) {
            throw new AuthenticationException("token has no 'iss' claim");
        }
        // Chosen by the unverified iss, and safe: this issuer's keys must then verify the signature,
        // and the processor requires exactly this iss. Another issuer's keys are never tried.
        DefaultJWTProcessor<SecurityContext> processor = processors.get(issuer);
        if (processor == null) {
            throw new AuthenticationException("token issuer '" + LogSafe.value(issuer) + "' is not accepted");
        }
        JWTClaimsSet claims;
        try {
            claims = processor.process(jwt, null);
        } catch (RateLimitReachedException e) {
            // The cached keys do not have the token's key, and they were refreshed a moment ago.
            throw new AuthenticationException("token from '" + issuer + "' refused: no matching key, and the JWKS was refreshed"
                    + " less than " + JWKS_RATE_LIMIT.toSeconds() + " s ago");
        } catch (KeySourceException e) {
            throw AuthenticationException.unavailable("cannot get the keys of issuer '" + issuer + "': " + LogSafe.message(e), e);
        } catch (BadJOSEException | JOSEException e) {
            throw new AuthenticationException("token from '" + issuer + "' refused: " + LogSafe.message(e));
        }
        // The claims set reads a numeric sub as a string; RFC 7519 makes sub a string, and so do the docs.
        if (!(jwt.getPayload().toJSONObject().get("sub") instanceof String)) {
            throw new AuthenticationException("token claim 'sub' must be a string");
        }
        return new Verified(caller(claims, issuer), claims.getExpirationTime().toInstant());
    }

    /**
     * Refuses a token whose header, payload or signature is not canonical base64url (RFC 7515 §2:
     * the URL-safe alphabet, no padding) or whose last character carries bits past the data. A
     * lenient decoder reads {@code ...Q} and {@code ...R} as the same final byte, so one signed token
     * could be sent under several spellings: each a new entry to any cache or deny list keyed by the
     * token's text.
     */
    static void requireCanonicalSegments(String token) throws AuthenticationException {
        int start = 0;
        for (int segment = 0; segment < 3; segment++) {
            int end = segment < 2 ? token.indexOf('.', start) : token.length();
            if (end < 0 || segment == 2 && token.indexOf('.', start) >= 0) {
                throw new AuthenticationException("bearer token is not a JWS in compact form: it must have exactly three parts");
            }
            if (!canonicalBase64Url(token, start, end)) {
                throw new AuthenticationException("bearer token's " + SEGMENTS.get(segment) + " is not canonical base64url");
            }
            start = end + 1;
        }
    }

    private static boolean canonicalBase64Url(String text, int start, int end) {
        int length = end - start;
        if (length == 0 || length % 4 == 1) {
            return false;
        }
        int last = 0;
        for (int i = start; i < end; i++) {
            last = base64UrlValue(text.charAt(i));
            if (last < 0) {
                return false;
            }
        }
        // Two leftover characters carry one byte and four spare bits; three carry two bytes and two.
        return switch (length % 4) {
            case 2 -> (last & 0x0f) == 0;
            case 3 -> (last & 0x03) == 0;
            default -> true;
        };
    }

    private static int base64UrlValue(char c) {
        if (c >= 'A' && c <= 'Z') {
            return c - 'A';
        }
        if (c >= 'a' && c <= 'z') {
            return c - 'a' + 26;
        }
        if (c >= '0' && c <= '9') {
            return c - '0' + 52;
        }
        return c == '-' ? 62 : c == '_' ? 63 : -1;
    }

    private static Caller caller(JWTClaimsSet claims, String issuer) throws AuthenticationException {
        String subject = string(claims, "sub");
        if (subject == null || subject.isBlank()) {
            throw new AuthenticationException("token has an empty 'sub' claim");
        }
        String consumer = string(claims, "client_id");
        if (consumer == null || consumer.isBlank()) {
            consumer = string(claims, "azp");
        }
        if (consumer == null || consumer.isBlank()) {
            consumer = subject;
        }
        Object scope = claims.getClaim("scope");
        if (scope != null && !(scope instanceof String)) {
            // RFC 8693 §4.2 and RFC 9068: scope is one space-separated string. Lists are scp's form.
            throw new AuthenticationException("token claim 'scope' must be a string of space-separated scopes");
        }
        return new Caller(Caller.Kind.JWT, subject, consumer, scopes(scope != null ? "scope" : "scp", scope != null ? scope : claims.getClaim("scp")), "", issuer);
    }

    private static String string(JWTClaimsSet claims, String name) throws AuthenticationException {
        Object value = claims.getClaim(name);
        if (value == null || value instanceof String) {
            return (String) value;
        }
        throw new AuthenticationException("token claim '" + name + "' must be a string");
    }

    /** OAuth's {@code scope} is one space-separated string; Microsoft's and Okta's {@code scp} may be a list. */
    private static Set<String> scopes(String claim, Object value) throws AuthenticationException {
        Set<String> scopes = new TreeSet<>();
        if (value == null) {
            return scopes;
        }
        Collection<?> values = value instanceof String s ? List.of(s) : value instanceof Collection<?> c ? c : null;
        if (values == null) {
            throw new AuthenticationException("token claim '" + claim + "' must be a string or a list of strings");
        }
        for (Object element : values) {
            if (!(element instanceof String text)) {
                throw new AuthenticationException("token claim '" + claim + "' must be a string or a list of strings");
            }
            for (String scope : text.strip().split("\\s+")) {
                if (!scope.isEmpty()) {
                    scopes.add(scope);
                }
            }
        }
        return scopes;
    }

    private static JWKSource<SecurityContext> jwkSource(String issuer, URI jwks, Duration ttl, Duration timeout) {
        if (!"https".equalsIgnoreCase(jwks.getScheme()) && !"http".equalsIgnoreCase(jwks.getScheme())) {
            throw new IllegalArgumentException("the JWKS URL of issuer '" + issuer + "' must be http(s), was " + jwks);
        }
        if ("http".equalsIgnoreCase(jwks.getScheme()) && !isLoopback(jwks.getHost())) {
            LOG.log(Level.WARNING, "the keys of issuer {0} are fetched over plain http from {1}: anyone on the path can swap them;"
                    + " use https outside a local setup", issuer, jwks);
        }
        int timeoutMillis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        DefaultResourceRetriever retriever = new DefaultResourceRetriever(timeoutMillis, timeoutMillis, MAX_JWKS_BYTES);
        long ttlMillis = ttl.toMillis();
        try {
            return JWKSourceBuilder.<SecurityContext>create(jwks.toURL(), retriever)
                    // Refresh-ahead would refresh on a background thread, which Lambda freezes between requests.
                    .cache(ttlMillis, 2L * timeoutMillis + 1_000)
                    .refreshAheadCache(false)
                    .rateLimited(Math.min(JWKS_RATE_LIMIT.toMillis(), ttlMillis / 2))
                    .outageTolerant(saturatedMultiply(ttlMillis, JWKS_OUTAGE_TTLS))
                    // One attempt per fetch: a retry would double the time a dead endpoint costs a request.
                    .retrying(false)
                    .build();
        } catch (MalformedURLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("the JWKS URL of issuer '" + issuer + "' is not usable: " + jwks, e);
        }
    }

    private static DefaultJWTProcessor<SecurityContext> processor(
            String issuer, JWKSource<SecurityContext> keys, Set<String> audiences, Duration clockSkew, Clock clock) {
        // No accepted audiences here (null): checkAudience judges aud and client_id together.
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(
                null, new JWTClaimsSet.Builder().issuer(issuer).build(), REQUIRED_CLAIMS, Set.of()) {
            @Override
            protected Date currentTime() {
                return Date.from(clock.instant());
            }

            @Override
            public void verify(JWTClaimsSet claimsSet, SecurityContext context) throws BadJWTException {
                super.verify(claimsSet, context);
                checkAudience(claimsSet, audiences);
                checkTokenUse(claimsSet);
            }
        };
        claims.setMaxClockSkew((int) Math.min(Integer.MAX_VALUE, clockSkew.toSeconds()));
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSTypeVerifier(TYPES);
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, keys));
        processor.setJWTClaimsSetVerifier(claims);
        return processor;
    }

    /**
     * The rule of API Gateway's JWT authorizers: a token with {@code aud} must name an accepted audience
     * in it; a token without {@code aud} must have an accepted audience as its {@code client_id}, which is
     * how Amazon Cognito's access tokens name the app client. A token with neither is refused.
     */
    private static void checkAudience(JWTClaimsSet claims, Set<String> audiences) throws BadJWTException {
        if (claims.getClaim("aud") != null) {
            // A present aud decides alone, even when it is empty or not a string: client_id is no fallback for it.
            List<String> aud = claims.getAudience();
            // A null among them never matches: the accepted set cannot be asked about null.
            if (aud.stream().noneMatch(entry -> entry != null && audiences.contains(entry))) {
                throw new BadJWTException("JWT audience rejected: " + LogSafe.value(String.valueOf(aud)));
            }
            return;
        }
        Object clientId = claims.getClaim("client_id");
        if (clientId == null) {
            throw new BadJWTException("JWT has neither 'aud' nor 'client_id'");
        }
        if (!(clientId instanceof String id) || !audiences.contains(id)) {
            throw new BadJWTException("JWT without 'aud' has a 'client_id' that is not an accepted audience: "
                    + LogSafe.value(String.valueOf(clientId)));
        }
    }

    /**
     * An ID token ({@code token_use: id}, as Amazon Cognito marks them) says who signed in, for the client
     * it was issued to; it grants no access to an API, even when its {@code aud} is an accepted audience.
     */
    private static void checkTokenUse(JWTClaimsSet claims) throws BadJWTException {
        Object tokenUse = claims.getClaim("token_use");
        if (tokenUse == null) {
            return;
        }
        if (!(tokenUse instanceof String use)) {
            throw new BadJWTException("JWT claim 'token_use' must be a string");
        }
        if (use.equals("id")) {
            throw new BadJWTException("JWT is an ID token (token_use 'id'), not an access token");
        }
    }

    /** Judged by the name alone: resolving it here would put a DNS lookup into the function's init. */
    private static boolean isLoopback(String host) {
        return host != null && (host.equalsIgnoreCase("localhost") || host.startsWith("127.") || host.equals("[::1]"));
    }

    private static long saturatedMultiply(long a, long b) {
        long product = a * b;
        return a != 0 && product / a != b ? Long.MAX_VALUE : product;
    }
}
