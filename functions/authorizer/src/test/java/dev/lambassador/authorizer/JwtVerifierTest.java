package dev.lambassador.authorizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import dev.lambassador.core.auth.Caller;
import dev.lambassador.core.settings.FunctionSettings;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class JwtVerifierTest {

    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private static final Duration SKEW = Duration.ofSeconds(60);

    private JwksServer jwks;
    private String issuerA;
    private String issuerB;
    private JwtVerifier verifier;

    @BeforeEach
    void twoIssuers() {
        jwks = JwksServer.start();
        jwks.publish("a", Tokens.RSA, Tokens.EC, Tokens.EC_384);
        jwks.publish("b", Tokens.ISSUER_B);
        issuerA = jwks.issuer("a");
        issuerB = jwks.issuer("b");
        verifier = verifier(FunctionSettings.JWKS_TTL_SECONDS.defaultValue(), Duration.ofSeconds(2));
    }

    @AfterEach
    void stopJwks() {
        jwks.close();
    }

    private JwtVerifier verifier(Duration jwksTtl, Duration jwksTimeout) {
        return new JwtVerifier(Map.of(issuerA, jwks.jwksUrl("a"), issuerB, jwks.jwksUrl("b")), Set.of(Tokens.AUDIENCE, "other-api"),
                SKEW, jwksTtl, jwksTimeout, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private JWTClaimsSet.Builder claims() {
        return Tokens.claims(issuerA, NOW);
    }

    @Test
    void rs256TokenIsAcceptedWithWhoItNames() throws Exception {
        Caller caller = verifier.verify(Tokens.sign(Tokens.RSA, claims().build()));

        assertThat(caller).isEqualTo(new Caller(Caller.Kind.JWT, "user-1", "web-app", Set.of("orders:read", "orders:write"), "", issuerA));
    }

    @Test
    void es256TokenIsAccepted() throws Exception {
        assertThat(verifier.verify(Tokens.sign(Tokens.EC, claims().build())).subject()).isEqualTo("user-1");
    }

    @Test
    void ps256AndEs384TokensAreAccepted() throws Exception {
        assertThat(verifier.verify(Tokens.sign(Tokens.RSA, JWSAlgorithm.PS256, claims().build())).subject()).isEqualTo("user-1");
        assertThat(verifier.verify(Tokens.sign(Tokens.EC_384, claims().build())).subject()).isEqualTo("user-1");
    }

    @Test
    void verifiedTokenCarriesItsExpiry() throws Exception {
        assertThat(verifier.verifyWithExpiry(Tokens.sign(Tokens.RSA, claims().build())).expiresAt()).isEqualTo(NOW.plusSeconds(300));
    }

    @Test
    void tokenNamingOneOfSeveralAudiencesIsAccepted() throws Exception {
        String token = Tokens.sign(Tokens.RSA, claims().audience(List.of("somewhere-else", "other-api")).build());

        assertThat(verifier.verify(token).subject()).isEqualTo("user-1");
    }

    @Test
    void scpListIsReadAsScopes() throws Exception {
        String token = Tokens.sign(Tokens.RSA, claims().claim("scope", null).claim("scp", List.of("a", "b")).build());

        assertThat(verifier.verify(token).scopes()).containsExactly("a", "b");
    }

    @Test
    void scpStringIsReadAsScopes() throws Exception {
        String token = Tokens.sign(Tokens.RSA, claims().claim("scope", null).claim("scp", "a b").build());

        assertThat(verifier.verify(token).scopes()).containsExactly("a", "b");
    }

    @Test
    void tokenWithoutScopesHasNone() throws Exception {
        String token = Tokens.sign(Tokens.RSA, claims().claim("scope", null).build());

        assertThat(verifier.verify(token).scopes()).isEmpty();
    }

    @Test
    void consumerIsAzpWithoutClientId() throws Exception {
        String token = Tokens.sign(Tokens.RSA, claims().claim("client_id", null).claim("azp", "mobile-app").build());

        assertThat(verifier.verify(token).consumer()).isEqualTo("mobile-app");
    }

    @Test
    void consumerIsTheSubjectWithoutClientIdOrAzp() throws Exception {
        String token = Tokens.sign(Tokens.RSA, claims().claim("client_id", null).build());

        assertThat(verifier.verify(token).consumer()).isEqualTo("user-1");
    }

    @Test
    void accessTokenWithTokenUseAccessIsAccepted() throws Exception {
        String token = Tokens.sign(Tokens.RSA, claims().claim("token_use", "access").build());

        assertThat(verifier.verify(token).subject()).isEqualTo("user-1");
    }

    /** As API Gateway's JWT authorizers: without {@code aud}, the token's {@code client_id} must be an accepted audience. */
    @Test
    void tokenWithoutAudIsAcceptedForAnAcceptedClientId() throws Exception {
        String token = Tokens.sign(Tokens.RSA, claims().audience((String) null).claim("client_id", "other-api").build());

        assertThat(verifier.verify(token).consumer()).isEqualTo("other-api");
    }

    @Test
    void cognitoAccessTokenIsAcceptedByItsAppClientId() throws Exception {
        JwtVerifier cognito = cognitoVerifier();
        String token = Tokens.sign(Tokens.RSA, JWSAlgorithm.RS256, null, Tokens.cognitoAccessToken(issuerA, Tokens.COGNITO_CLIENT, NOW).build());

        assertThat(cognito.verify(token)).isEqualTo(new Caller(Caller.Kind.JWT, "4a1e7f3c-90b1-7027-5e2d-8f0c6a9d3b21",
                Tokens.COGNITO_CLIENT, Set.of("orders/read"), "", issuerA));
    }

    @Test
    void cognitoAccessTokenOfAnotherAppClientIsRefused() {
        JwtVerifier cognito = cognitoVerifier();
        String token = Tokens.sign(Tokens.RSA, JWSAlgorithm.RS256, null, Tokens.cognitoAccessToken(issuerA, "7f1nothertclient0000000000", NOW).build());

        assertThatThrownBy(() -> cognito.verify(token)).isInstanceOf(AuthenticationException.class).hasMessageContaining("client_id");
    }

    /** An ID token names the app client in {@code aud}, and still is no access token. */
    @Test
    void cognitoIdTokenIsRefusedThoughItsAudienceIsAccepted() {
        JwtVerifier cognito = cognitoVerifier();
        String token = Tokens.sign(Tokens.RSA, JWSAlgorithm.RS256, null, Tokens.cognitoIdToken(issuerA, Tokens.COGNITO_CLIENT, NOW).build());

        assertThatThrownBy(() -> cognito.verify(token)).isInstanceOf(AuthenticationException.class).hasMessageContaining("token_use");
    }

    @Test
    void cognitoShapedTokenWithNeitherAudNorClientIdIsRefused() {
        JwtVerifier cognito = cognitoVerifier();
        String token = Tokens.sign(Tokens.RSA, JWSAlgorithm.RS256, null,
                Tokens.cognitoAccessToken(issuerA, Tokens.COGNITO_CLIENT, NOW).claim("client_id", null).build());

        assertThatThrownBy(() -> cognito.verify(token)).isInstanceOf(AuthenticationException.class)
                .hasMessageContaining("aud").hasMessageContaining("client_id");
    }

    /** A verifier set up as docs/auth.md says for Cognito: the user pool as issuer, the app client id as audience. */
    private JwtVerifier cognitoVerifier() {
        return new JwtVerifier(Map.of(issuerA, jwks.jwksUrl("a")), Set.of(Tokens.COGNITO_CLIENT),
                SKEW, FunctionSettings.JWKS_TTL_SECONDS.defaultValue(), Duration.ofSeconds(2), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @Test
    void tokenExpiredWithinTheClockSkewIsAccepted() throws Exception {
        String token = Tokens.sign(Tokens.RSA, claims().expirationTime(Date.from(NOW.minusSeconds(30))).build());

        assertThat(verifier.verify(token).subject()).isEqualTo("user-1");
    }

    @Test
    void tokenValidSoonerThanTheClockSkewIsAccepted() throws Exception {
        String token = Tokens.sign(Tokens.RSA, claims().notBeforeTime(Date.from(NOW.plusSeconds(30))).build());

        assertThat(verifier.verify(token).subject()).isEqualTo("user-1");
    }

    /** Makes a bad token once the issuers are up. */
    interface BadToken {
        String make(JwtVerifierTest test) throws Exception;
    }

    static Stream<Arguments> badTokens() {
        return Stream.of(
                bad("expired beyond the clock skew", t -> Tokens.sign(Tokens.RSA, t.claims().expirationTime(Date.from(NOW.minusSeconds(61))).build())),
                bad("not valid yet beyond the clock skew", t -> Tokens.sign(Tokens.RSA, t.claims().notBeforeTime(Date.from(NOW.plusSeconds(61))).build())),
                bad("from an issuer that is not configured", t -> Tokens.sign(Tokens.RSA, t.claims().issuer("https://evil.example.com").build())),
                bad("from a configured issuer's URL with a trailing slash", t -> Tokens.sign(Tokens.RSA, t.claims().issuer(t.issuerA + "/").build())),
                bad("without iss", t -> Tokens.sign(Tokens.RSA, t.claims().issuer(null).build())),
                bad("for another audience", t -> Tokens.sign(Tokens.RSA, t.claims().audience("billing-api").build())),
                bad("without aud, with a client_id that is not accepted", t -> Tokens.sign(Tokens.RSA, t.claims().audience((String) null).build())),
                bad("without aud or client_id", t -> Tokens.sign(Tokens.RSA, t.claims().audience((String) null).claim("client_id", null).build())),
                bad("for another audience, with an accepted client_id", t -> Tokens.sign(Tokens.RSA,
                        t.claims().audience("billing-api").claim("client_id", Tokens.AUDIENCE).build())),
                bad("that is an ID token (token_use id) for an accepted audience", t -> Tokens.sign(Tokens.RSA, t.claims().claim("token_use", "id").build())),
                bad("with a token_use that is a list", t -> Tokens.sign(Tokens.RSA, t.claims().claim("token_use", List.of("access")).build())),
                bad("signed by a key the issuer does not publish", t -> Tokens.sign(Tokens.OTHER_RSA, t.claims().build())),
                bad("signed by another key under the issuer's kid", t -> Tokens.sign(rekeyed(Tokens.OTHER_RSA, Tokens.RSA.getKeyID()), t.claims().build())),
                bad("with a tampered payload", t -> tamperPayload(Tokens.sign(Tokens.RSA, t.claims().build()))),
                bad("with a tampered signature", t -> tamperSignature(Tokens.sign(Tokens.RSA, t.claims().build()))),
                bad("with alg none", t -> new PlainJWT(t.claims().build()).serialize()),
                bad("with alg none and a signature", t -> noneWithSignature(Tokens.sign(Tokens.RSA, t.claims().build()))),
                bad("HS256 keyed with the RSA public key (DER)", t -> Tokens.hmac(Tokens.RSA.toPublicKey().getEncoded(), Tokens.RSA.getKeyID(), t.claims().build())),
                bad("HS256 keyed with the RSA public key (JWK JSON)", t -> Tokens.hmac(
                        Tokens.RSA.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8), Tokens.RSA.getKeyID(), t.claims().build())),
                bad("RS256 header on an ES256 key", t -> swapAlgorithm(Tokens.sign(Tokens.EC, t.claims().build()), "RS256")),
                bad("without exp", t -> Tokens.sign(Tokens.RSA, t.claims().expirationTime(null).build())),
                bad("without sub", t -> Tokens.sign(Tokens.RSA, t.claims().subject(null).build())),
                bad("with an empty sub", t -> Tokens.sign(Tokens.RSA, t.claims().subject(" ").build())),
                bad("with a scope that is a number", t -> Tokens.sign(Tokens.RSA, t.claims().claim("scope", 42).build())),
                bad("with a client_id that is a list", t -> Tokens.sign(Tokens.RSA, t.claims().claim("client_id", List.of("x")).build())),
                bad("of another type than a JWT", t -> Tokens.sign(Tokens.RSA, JWSAlgorithm.RS256, new JOSEObjectType("secevent+jwt"), t.claims().build())),
                bad("claiming issuer A, signed by issuer B's key", t -> Tokens.sign(Tokens.ISSUER_B, t.claims().build())),
                bad("claiming issuer A, signed by issuer B's key under A's kid", t -> Tokens.sign(rekeyed(Tokens.ISSUER_B, Tokens.RSA.getKeyID()), t.claims().build())),
                bad("garbage", t -> "not-a-token"),
                bad("three garbage parts", t -> "a.b.c"),
                bad("empty", t -> ""),
                bad("longer than any header", t -> "a".repeat(JwtVerifier.MAX_TOKEN_LENGTH + 1)));
    }

    private static Arguments bad(String name, BadToken token) {
        return Arguments.of(name, token);
    }

    @ParameterizedTest(name = "token {0} is denied")
    @MethodSource("badTokens")
    void badTokenIsDenied(String name, BadToken token) throws Exception {
        String made = token.make(this);

        assertThatThrownBy(() -> verifier.verify(made))
                .isInstanceOf(AuthenticationException.class)
                .satisfies(e -> assertThat(((AuthenticationException) e).isUnavailable()).as("blamed on the JWKS").isFalse());
    }

    @Test
    void keysAreFetchedOnceAndReused() throws Exception {
        for (int i = 0; i < 5; i++) {
            verifier.verify(Tokens.sign(Tokens.RSA, claims().subject("user-" + i).build()));
        }

        assertThat(jwks.hits("a")).isEqualTo(1);
    }

    @Test
    void nothingIsFetchedBeforeTheFirstToken() {
        assertThat(jwks.hits("a")).isZero();
        assertThat(jwks.hits("b")).isZero();
    }

    @Test
    void anotherIssuersKeysAreNeverFetchedForAToken() {
        assertThatThrownBy(() -> verifier.verify(Tokens.sign(Tokens.ISSUER_B, claims().build()))).isInstanceOf(AuthenticationException.class);

        assertThat(jwks.hits("b")).isZero();
    }

    @Test
    void eachIssuerIsVerifiedWithItsOwnKeys() throws Exception {
        Caller fromB = verifier.verify(Tokens.sign(Tokens.ISSUER_B, Tokens.claims(issuerB, NOW).build()));

        assertThat(fromB.subject()).isEqualTo("user-1");
        assertThat(jwks.hits("a")).isZero();
    }

    @Test
    void unknownKidTriggersOneRefreshThenTheRefreshIsRateLimited() throws Exception {
        verifier.verify(Tokens.sign(Tokens.RSA, claims().build()));
        assertThat(jwks.hits("a")).isEqualTo(1);

        assertThatThrownBy(() -> verifier.verify(Tokens.sign(Tokens.OTHER_RSA, claims().build()))).isInstanceOf(AuthenticationException.class);
        assertThat(jwks.hits("a")).as("one refresh for the unknown kid").isEqualTo(2);

        assertThatThrownBy(() -> verifier.verify(Tokens.sign(rekeyed(Tokens.OTHER_RSA, "rsa-3"), claims().build())))
                .isInstanceOf(AuthenticationException.class)
                .hasMessageContaining("refreshed");
        assertThat(jwks.hits("a")).as("no refresh within the rate limit").isEqualTo(2);
    }

    @Test
    void keyRotatedInIsPickedUpByARefresh() throws Exception {
        verifier.verify(Tokens.sign(Tokens.RSA, claims().build()));
        jwks.publish("a", Tokens.RSA, Tokens.OTHER_RSA);

        assertThat(verifier.verify(Tokens.sign(Tokens.OTHER_RSA, claims().build())).subject()).isEqualTo("user-1");
        assertThat(jwks.hits("a")).isEqualTo(2);
    }

    @Test
    void cachedKeysKeepWorkingWhileTheJwksEndpointIsDown() throws Exception {
        // Keys live 500 ms, and are kept for ten times that while the endpoint fails.
        JwtVerifier shortLived = verifier(Duration.ofMillis(500), Duration.ofSeconds(1));
        shortLived.verify(Tokens.sign(Tokens.RSA, claims().build()));
        jwks.mode(JwksServer.Mode.FAIL);
        Thread.sleep(700); // past the key set's TTL

        assertThat(shortLived.verify(Tokens.sign(Tokens.RSA, claims().subject("user-2").build())).subject()).isEqualTo("user-2");
        assertThat(jwks.hits("a")).as("the expired set was asked for again").isEqualTo(2);
    }

    @Test
    void jwksEndpointDownWithNoKeysIsDeniedAsUnavailable() {
        jwks.mode(JwksServer.Mode.FAIL);

        assertThatThrownBy(() -> verifier.verify(Tokens.sign(Tokens.RSA, claims().build())))
                .isInstanceOfSatisfying(AuthenticationException.class, e -> assertThat(e.isUnavailable()).isTrue())
                .hasMessageContaining(issuerA);
    }

    @Test
    void jwksEndpointThatServesNoKeySetIsDeniedAsUnavailable() {
        jwks.publishRaw("a", "<html>maintenance</html>");

        assertThatThrownBy(() -> verifier.verify(Tokens.sign(Tokens.RSA, claims().build())))
                .isInstanceOfSatisfying(AuthenticationException.class, e -> assertThat(e.isUnavailable()).isTrue());
    }

    @Test
    void hangingJwksEndpointIsCutShortByTheTimeout() {
        JwtVerifier impatient = verifier(FunctionSettings.JWKS_TTL_SECONDS.defaultValue(), Duration.ofMillis(300));
        jwks.mode(JwksServer.Mode.HANG);

        // The guard only catches a hang: the configured timeout is a thirtieth of it.
        assertTimeoutPreemptively(Duration.ofSeconds(10), () ->
                assertThatThrownBy(() -> impatient.verify(Tokens.sign(Tokens.RSA, claims().build())))
                        .isInstanceOfSatisfying(AuthenticationException.class, e -> assertThat(e.isUnavailable()).isTrue()));
    }

    @Test
    void withoutIssuersNoTokenIsAccepted() {
        JwtVerifier none = new JwtVerifier(Map.of(), Set.of(), SKEW, FunctionSettings.JWKS_TTL_SECONDS.defaultValue(), Duration.ofSeconds(1));

        assertThat(none.acceptsTokens()).isFalse();
        assertThatThrownBy(() -> none.verify(Tokens.sign(Tokens.RSA, claims().build()))).isInstanceOf(AuthenticationException.class);
    }

    @Test
    void refusalMessageNeverContainsTheToken() {
        String token = Tokens.sign(Tokens.OTHER_RSA, claims().build());

        assertThatThrownBy(() -> verifier.verify(token))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(token.substring(token.lastIndexOf('.') + 1)));
    }

    @Test
    void createdFromAConfiguration() throws Exception {
        JwtVerifier fromConfig = JwtVerifier.create(AuthorizerConfig.builder()
                .issuer(issuerA)
                .audiences(Tokens.AUDIENCE)
                .build());
        String token = Tokens.sign(Tokens.RSA, Tokens.claims(issuerA, Instant.now()).build());

        assertThat(fromConfig.verify(token).subject()).isEqualTo("user-1");
    }

    @Test
    void jwksUrlMustBeHttp() {
        assertThatThrownBy(() -> new JwtVerifier(Map.of("x", URI.create("file:///etc/passwd")), Set.of("a"), SKEW,
                FunctionSettings.JWKS_TTL_SECONDS.defaultValue(), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static JWK rekeyed(RSAKey key, String kid) {
        return new RSAKey.Builder(key).keyID(kid).build();
    }

    private static String tamperPayload(String token) {
        String[] parts = token.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8).replace("user-1", "admin");
        return parts[0] + "." + Base64URL.encode(payload) + "." + parts[2];
    }

    private static String tamperSignature(String token) {
        String[] parts = token.split("\\.");
        byte[] signature = Base64.getUrlDecoder().decode(parts[2]);
        signature[signature.length / 2] ^= 0x01;
        return parts[0] + "." + parts[1] + "." + Base64URL.encode(signature);
    }

    private static String noneWithSignature(String token) {
        String[] parts = token.split("\\.");
        return Base64URL.encode("{\"alg\":\"none\",\"kid\":\"rsa-1\"}") + "." + parts[1] + "." + parts[2];
    }

    private static String swapAlgorithm(String token, String algorithm) {
        String[] parts = token.split("\\.");
        return Base64URL.encode("{\"alg\":\"" + algorithm + "\",\"kid\":\"ec-1\",\"typ\":\"JWT\"}") + "." + parts[1] + "." + parts[2];
    }
}
