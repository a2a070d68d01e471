package dev.lambassador.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevIdentityTest {

    @TempDir
    Path home;

    @Test
    void keyIsCreatedOnceReadableByItsOwnerOnlyAndReused() throws Exception {
        DevIdentity first = DevIdentity.loadOrCreate(home);
        Path file = home.resolve(DevIdentity.KEY_FILE);

        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(DevIdentity.loadOrCreate(home).jwks()).isEqualTo(first.jwks());
    }

    @Test
    void jwksHoldsOnlyThePublicKey() throws Exception {
        JWKSet set = JWKSet.parse(DevIdentity.loadOrCreate(home).jwks());

        assertThat(set.getKeys()).hasSize(1);
        assertThat(set.getKeys().getFirst().isPrivate()).isFalse();
    }

    @Test
    void mintedTokenIsSignedByTheKeyTheJwksPublishesAndCarriesTheClaims() throws Exception {
        DevIdentity identity = DevIdentity.loadOrCreate(home);

        SignedJWT jwt = SignedJWT.parse(identity.mint("alice", Set.of("orders:read", "profile"), Duration.ofMinutes(5), "cli"));

        ECKey published = (ECKey) JWKSet.parse(identity.jwks()).getKeys().getFirst();
        assertThat(jwt.getHeader().getKeyID()).isEqualTo(published.getKeyID());
        assertThat(jwt.verify(new ECDSAVerifier(published))).isTrue();
        assertThat(jwt.getJWTClaimsSet().getIssuer()).isEqualTo(DevIdentity.ISSUER);
        assertThat(jwt.getJWTClaimsSet().getAudience()).containsExactly(DevIdentity.AUDIENCE);
        assertThat(jwt.getJWTClaimsSet().getSubject()).isEqualTo("alice");
        assertThat(jwt.getJWTClaimsSet().getStringClaim("scope")).isEqualTo("orders:read profile");
        assertThat(jwt.getJWTClaimsSet().getStringClaim("client_id")).isEqualTo("cli");
        assertThat(jwt.getJWTClaimsSet().getExpirationTime().toInstant())
                .isBetween(Instant.now().plusSeconds(290), Instant.now().plusSeconds(301));
    }

    @Test
    void damagedKeyFileIsExplained() throws Exception {
        Files.writeString(home.resolve(DevIdentity.KEY_FILE), "{\"kty\":\"oct\"}");

        assertThatThrownBy(() -> DevIdentity.loadOrCreate(home)).hasMessageContaining("delete it and a new key is made");
    }

    @Test
    void homeIsLambassadorHomeOrUnderTheUsersHome() {
        assertThat(DevIdentity.home(Map.of("LAMBASSADOR_HOME", "/tmp/lmb"))).isEqualTo(Path.of("/tmp/lmb"));
        assertThat(DevIdentity.home(Map.of())).isEqualTo(Path.of(System.getProperty("user.home"), ".lambassador"));
    }

    @Test
    void jwksServerServesTheDocumentOnLoopback() throws Exception {
        String jwks = DevIdentity.loadOrCreate(home).jwks();
        try (JwksServer server = JwksServer.start(jwks)) {
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(server.uri()).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(server.uri()).isEqualTo(URI.create("http://127.0.0.1:" + server.uri().getPort() + "/.well-known/jwks.json"));
            assertThat(response.body()).isEqualTo(jwks);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        }
    }
}
