package dev.lambassador.core.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * API keys: how they are made and how they are stored. Only the SHA-256 of a key is ever stored;
 * the key itself is shown once, when it is created. A key has 256 random bits, so a fast hash is
 * enough (there is nothing to brute-force that a slow hash would protect).
 */
public final class ApiKeys {

    /** Marks a string as a Lambassador key, so that secret scanners and people can recognise one. */
    public static final String PREFIX = "lmb_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiKeys() {
    }

    /** A new key: the prefix and 32 random bytes, base64url without padding. */
    public static String generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The stored form of a key: lower-case hex SHA-256 of its UTF-8 bytes. */
    public static String hash(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** Whether a presented key has the stored hash, in time that does not depend on where they differ. */
    public static boolean matches(String key, String storedHash) {
        return MessageDigest.isEqual(hash(key).getBytes(StandardCharsets.US_ASCII),
                storedHash.getBytes(StandardCharsets.US_ASCII));
    }
}
