package dev.lambassador.dynamodb;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The key {@link DynamoDbJsonClient} signs requests with: an access key id, its secret and, for
 * temporary credentials (a Lambda function's role), the session token.
 *
 * @param sessionToken {@code null} for long-term keys
 */
public record AwsCredentials(String accessKeyId, String secretAccessKey, String sessionToken) {

    /** How long before they expire credentials from the container endpoint are fetched again. */
    static final Duration REFRESH_BEFORE_EXPIRY = Duration.ofMinutes(5);

    public AwsCredentials {
        if (accessKeyId == null || accessKeyId.isBlank() || secretAccessKey == null || secretAccessKey.isBlank()) {
            throw new IllegalArgumentException("AWS credentials need an access key id and a secret access key");
        }
        if (sessionToken != null && sessionToken.isBlank()) {
            sessionToken = null;
        }
    }

    /** Never the secret or the token: a record's default would print them into any log that names the credentials. */
    @Override
    public String toString() {
        return "AwsCredentials[" + accessKeyId + (sessionToken == null ? "" : ", with session token") + "]";
    }

    /**
     * The credentials a Lambda function's environment gives: {@code AWS_ACCESS_KEY_ID},
     * {@code AWS_SECRET_ACCESS_KEY} and {@code AWS_SESSION_TOKEN}, which Lambda sets for the
     * function's role; or, where those are not set (SnapStart functions), the container credentials
     * endpoint Lambda names in {@code AWS_CONTAINER_CREDENTIALS_FULL_URI} with its
     * {@code AWS_CONTAINER_AUTHORIZATION_TOKEN}, fetched when first asked for and again shortly
     * before they expire.
     *
     * @throws IllegalArgumentException when the environment has neither
     */
    public static Supplier<AwsCredentials> fromEnvironment(Map<String, String> environment) {
        String keyId = environment.get("AWS_ACCESS_KEY_ID");
        if (keyId != null && !keyId.isBlank()) {
            String secret = environment.get("AWS_SECRET_ACCESS_KEY");
            if (secret == null || secret.isBlank()) {
                throw new IllegalArgumentException("AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not");
            }
            AwsCredentials fixed = new AwsCredentials(keyId, environment.get("AWS_SECRET_ACCESS_KEY"), environment.get("AWS_SESSION_TOKEN"));
            return () -> fixed;
        }
        String containerUri = environment.get("AWS_CONTAINER_CREDENTIALS_FULL_URI");
        if (containerUri != null && !containerUri.isBlank()) {
            return new ContainerCredentials(URI.create(containerUri), environment.get("AWS_CONTAINER_AUTHORIZATION_TOKEN"),
                    environment.get("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"), Clock.systemUTC());
        }
        throw new IllegalArgumentException("no AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"
                + " (and AWS_SESSION_TOKEN for temporary ones), or AWS_CONTAINER_CREDENTIALS_FULL_URI");
    }

    /**
     * Credentials from a container credentials endpoint, as Lambda serves them to SnapStart functions:
     * a GET with the authorization token, answered with {@code AccessKeyId}, {@code SecretAccessKey},
     * {@code Token} and {@code Expiration}.
     */
    static final class ContainerCredentials implements Supplier<AwsCredentials> {

        private final URI uri;
        private final String token;
        private final String tokenFile;
        private final Clock clock;
        private AwsCredentials current;
        private Instant refreshAt = Instant.MIN;

        ContainerCredentials(URI uri, String token, String tokenFile, Clock clock) {
            this.uri = Objects.requireNonNull(uri, "uri");
            this.token = token;
            this.tokenFile = tokenFile;
            this.clock = Objects.requireNonNull(clock, "clock");
        }

        @Override
        public synchronized AwsCredentials get() {
            if (current == null || !clock.instant().isBefore(refreshAt)) {
                fetch();
            }
            return current;
        }

        private void fetch() {
            HttpURLConnection connection = null;
            try {
                connection = (HttpURLConnection) uri.toURL().openConnection();
                connection.setConnectTimeout((int) DynamoDbJsonClient.CONNECT_TIMEOUT.toMillis());
                connection.setReadTimeout((int) DynamoDbJsonClient.CONNECT_TIMEOUT.toMillis());
                String authorization = tokenFile != null && !tokenFile.isBlank() ? Files.readString(Path.of(tokenFile)).strip() : token;
                if (authorization != null && !authorization.isBlank()) {
                    connection.setRequestProperty("Authorization", authorization);
                }
                int status = connection.getResponseCode();
                if (status != 200) {
                    throw new IOException("HTTP " + status);
                }
                Map<String, Object> answer;
                try (var in = connection.getInputStream()) {
                    answer = JSON.std.mapFrom(in);
                }
                if (!(answer.get("AccessKeyId") instanceof String keyId) || !(answer.get("SecretAccessKey") instanceof String secret)) {
                    throw new IOException("the answer has no AccessKeyId and SecretAccessKey");
                }
                // Both read before either is kept: an unreadable expiry keeps the credentials that still hold.
                Instant refresh = answer.get("Expiration") instanceof String expiration
                        ? Instant.parse(expiration).minus(REFRESH_BEFORE_EXPIRY)
                        : Instant.MAX;
                current = new AwsCredentials(keyId, secret, answer.get("Token") instanceof String sessionToken ? sessionToken : null);
                refreshAt = refresh;
            } catch (IOException | RuntimeException e) {
                if (connection != null) {
                    connection.disconnect(); // An error answer's socket is not left open until garbage collection.
                }
                if (current != null && clock.instant().isBefore(refreshAt.plus(REFRESH_BEFORE_EXPIRY))) {
                    return; // Still valid for a few minutes: the next call tries again.
                }
                throw new UncheckedIOException(new IOException("cannot read AWS credentials from the container endpoint "
                        + uri.getHost() + ": " + e.getClass().getSimpleName() + ": " + e.getMessage(), e));
            }
        }
    }
}
