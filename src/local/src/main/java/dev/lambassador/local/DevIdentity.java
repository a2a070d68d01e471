package dev.lambassador.local;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The local development token issuer: one EC P-256 key pair kept in the Lambassador home
 * directory, so that {@code lambassador token} (which signs) and {@code lambassador dev} (whose
 * authorizer trusts the public half, served as a JWKS) agree across processes. Never for
 * production: anyone who can read the file can mint tokens.
 */
public final class DevIdentity {

    public static final String ISSUER = "https://lambassador.local/dev";
    public static final String AUDIENCE = "lambassador";
    public static final Duration DEFAULT_TTL = Duration.ofHours(1);
    static final String KEY_FILE = "dev-signing-key.jwk";

    private final ECKey key;

    private DevIdentity(ECKey key) {
        this.key = key;
    }

    /** The Lambassador home: {@code LAMBASSADOR_HOME}, or {@code ~/.lambassador}. */
    public static Path home(Map<String, String> environment) {
        String configured = environment.get("LAMBASSADOR_HOME");
        return configured != null && !configured.isBlank()
                ? Path.of(configured)
                : Path.of(System.getProperty("user.home"), ".lambassador");
    }

    /** Loads the key from the home directory, creating it (readable by its owner only) on first use. */
    public static DevIdentity loadOrCreate(Path home) {
        Path file = home.resolve(KEY_FILE);
        try {
            if (!Files.exists(file)) {
                create(home, file);
            }
            return new DevIdentity(ECKey.parse(Files.readString(file, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the development signing key " + file, e);
        } catch (ParseException e) {
            throw new IllegalStateException(file + " is not an EC JWK; delete it and a new key is made: " + e.getMessage(), e);
        }
    }

    private static void create(Path home, Path file) throws IOException {
        Files.createDirectories(home);
        ECKey generated;
        try {
            generated = new ECKeyGenerator(Curve.P_256).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.ES256)
                    .keyID("dev-" + UUID.randomUUID().toString().substring(0, 8)).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot generate an EC P-256 key", e);
        }
        Path temporary = Files.createTempFile(home, KEY_FILE, ".tmp");
        try {
            trySetOwnerOnly(temporary);
            Files.writeString(temporary, generated.toJSONString(), StandardCharsets.UTF_8);
            Files.move(temporary, file);
        } catch (FileAlreadyExistsException e) {
            // Another process made the key first; use theirs.
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static void trySetOwnerOnly(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system: the directory's own permissions apply.
        }
    }

    /** The public key as a JWKS document, as an identity provider serves it. */
    public String jwks() {
        return new JWKSet(key.toPublicJWK()).toString(true);
    }

    /**
     * A signed access token.
     *
     * @param clientId the {@code client_id} claim, or null for none
     */
    public String mint(String subject, Set<String> scopes, Duration ttl, String clientId) {
        Instant now = Instant.now();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .audience(AUDIENCE)
                .subject(subject)
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plus(ttl)))
                .jwtID(UUID.randomUUID().toString());
        if (!scopes.isEmpty()) {
            claims.claim("scope", String.join(" ", new TreeSet<>(scopes)));
        }
        if (clientId != null) {
            claims.claim("client_id", clientId);
        }
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(), claims.build());
        try {
            jwt.sign(new ECDSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign with the development key", e);
        }
        return jwt.serialize();
    }
}
