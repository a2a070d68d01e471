package dev.lambassador.authorizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.lambassador.core.auth.Caller;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Validly signed tokens that docs/auth.md refuses: JWS parts that are not canonical base64url, and
 * claims of another JSON type than the docs give them. And one it accepts, and why: the high-S
 * twin of an ECDSA signature.
 */
class StrictTokenTest {

    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    private JwksServer jwks;
    private String issuer;
    private JwtVerifier verifier;

    @BeforeEach
    void issuer() {
        jwks = JwksServer.start();
        jwks.publish("a", Tokens.RSA, Tokens.EC, Tokens.EC_384);
        issuer = jwks.issuer("a");
        verifier = new JwtVerifier(Map.of(issuer, jwks.jwksUrl("a")), Set.of(Tokens.AUDIENCE), Duration.ofSeconds(60),
                Duration.ofMinutes(5), Duration.ofSeconds(2), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterEach
    void stop() {
        jwks.close();
    }

    private JWTClaimsSet.Builder claims() {
        return Tokens.claims(issuer, NOW);
    }

    private static void assertRefused(JwtVerifier verifier, String token, String reason) {
        assertThatThrownBy(() -> verifier.verify(token))
                .isInstanceOf(AuthenticationException.class)
                .hasMessageContaining(reason);
    }

    /** The same token with the signature's last character changed in the bits that carry no data. */
    private static String withSpareBitsSet(String token) {
        char last = token.charAt(token.length() - 1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        int value = alphabet.indexOf(last);
        int spare = (token.length() - token.lastIndexOf('.') - 1) % 4 == 2 ? 0x0f : 0x03;
        assertThat(value & spare).as("a canonical signature leaves its spare bits clear").isZero();
        return token.substring(0, token.length() - 1) + alphabet.charAt(value | 1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"rsa", "ec"})
    void aSignatureWithSpareBitsSetIsRefusedThoughItVerifies(String kind) throws Exception {
        JWK key = kind.equals("rsa") ? Tokens.RSA : Tokens.EC;
        String token = Tokens.sign(key, claims().build());
        String twin = withSpareBitsSet(token);

        // The lenient decoder reads both spellings as the same signature bytes.
        SignedJWT parsed = SignedJWT.parse(twin);
        assertThat(kind.equals("rsa") ? parsed.verify(new RSASSAVerifier(Tokens.RSA.toPublicJWK()))
                : parsed.verify(new ECDSAVerifier(Tokens.EC.toPublicJWK()))).isTrue();

        assertThat(verifier.verify(token).subject()).isEqualTo("user-1");
        assertRefused(verifier, twin, "signature is not canonical base64url");
    }

    @Test
    void paddingAndTheStandardAlphabetAreRefused() {
        String token = Tokens.sign(Tokens.RSA, claims().build());
        String[] parts = token.split("\\.");

        assertRefused(verifier, token + "==", "signature is not canonical base64url");
        assertRefused(verifier, parts[0] + "=." + parts[1] + "." + parts[2], "header is not canonical base64url");
        String standard = Base64.getEncoder().withoutPadding().encodeToString(Base64.getUrlDecoder().decode(parts[2]));
        if (!standard.equals(parts[2])) {
            assertRefused(verifier, parts[0] + "." + parts[1] + "." + standard, "signature is not canonical base64url");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"a.b", "a.b.c.d", "..", "x..y"})
    void aTokenMustHaveThreeNonEmptyParts(String token) {
        assertThatThrownBy(() -> verifier.verify(token)).isInstanceOf(AuthenticationException.class);
    }

    @Test
    void aScopeThatIsAListIsRefused() {
        String token = Tokens.sign(Tokens.RSA, claims().claim("scope", List.of("orders:read", "orders:write")).build());

        assertRefused(verifier, token, "'scope' must be a string");
    }

    @Test
    void aScpThatIsAListIsStillRead() throws Exception {
        String token = Tokens.sign(Tokens.RSA, claims().claim("scope", null).claim("scp", List.of("orders:read")).build());

        assertThat(verifier.verify(token).scopes()).containsExactly("orders:read");
    }

    @Test
    void aNumericSubIsRefused() {
        String token = Tokens.sign(Tokens.RSA, claims().claim("sub", 42).build());

        assertRefused(verifier, token, "'sub' must be a string");
    }

    /** Found by {@link AuthorizerFuzzTest}: a null among the audiences was a NullPointerException, an internal failure. */
    @Test
    void anAudienceListWithANullIsJudgedByItsOtherEntries() throws Exception {
        String refused = Tokens.sign(Tokens.EC, claims().claim("aud", Arrays.asList("other-api", null)).build());
        String accepted = Tokens.sign(Tokens.EC, claims().claim("aud", Arrays.asList(null, Tokens.AUDIENCE)).build());

        assertRefused(verifier, refused, "audience rejected");
        assertThat(verifier.verify(accepted).subject()).isEqualTo("user-1");
    }

    @Test
    void theHighSTwinOfAnEcdsaSignatureIsAcceptedAsTheSameCaller() throws Exception {
        String token = Tokens.sign(Tokens.EC, claims().build());
        String twin = withOtherS(token, Curve.P_256.toECParameterSpec().getOrder());

        Caller caller = verifier.verify(token);

        assertThat(twin).isNotEqualTo(token);
        assertThat(verifier.verify(twin)).isEqualTo(caller);
    }

    /** The same token with the ECDSA signature's s replaced by n - s, which verifies as well. */
    private static String withOtherS(String token, BigInteger order) {
        int dot = token.lastIndexOf('.');
        byte[] signature = Base64.getUrlDecoder().decode(token.substring(dot + 1));
        int half = signature.length / 2;
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(signature, half, signature.length));
        byte[] other = order.subtract(s).toByteArray();
        byte[] twin = signature.clone();
        Arrays.fill(twin, half, twin.length, (byte) 0);
        int length = Math.min(other.length, half);
        System.arraycopy(other, other.length - length, twin, twin.length - length, length);
        return token.substring(0, dot + 1) + Base64.getUrlEncoder().withoutPadding().encodeToString(twin);
    }
}
