package dev.lambassador.dynamodb;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;
import software.amazon.awssdk.identity.spi.IdentityProvider;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;
import software.amazon.awssdk.services.dynamodb.DynamoDbServiceClientConfiguration;

/**
 * Builds the AWS SDK's DynamoDB client for the CLI, the local gateway and tests (the functions use
 * {@link DynamoDbJsonClient}). Region and credentials come from the usual AWS
 * chain; {@code AWS_ENDPOINT_URL} (or {@code AWS_ENDPOINT_URL_DYNAMODB}) points it at an emulator.
 * Timeouts are short because a route refresh must never hang: the last good table keeps serving.
 */
public final class DynamoDbClients {

    public static final Duration CONNECT_TIMEOUT = DynamoDbJsonClient.CONNECT_TIMEOUT;
    public static final Duration CALL_TIMEOUT = DynamoDbJsonClient.CALL_TIMEOUT;

    private DynamoDbClients() {
    }

    public static DynamoDbClient fromEnvironment(Map<String, String> environment) {
        return builder(environment).build();
    }

    /**
     * The builder {@link #fromEnvironment} builds: timeouts and endpoint set, region and credentials
     * left to the usual chain unless a caller (a test) sets them.
     */
    public static DynamoDbClientBuilder builder(Map<String, String> environment) {
        DynamoDbClientBuilder builder = DynamoDbClient.builder()
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(CONNECT_TIMEOUT)
                        .socketTimeout(CALL_TIMEOUT)
                        .build())
                .overrideConfiguration(config -> config.apiCallTimeout(CALL_TIMEOUT));
        endpointOverride(environment).ifPresent(builder::endpointOverride);
        return builder;
    }

    /**
     * A {@link DynamoDbJsonClient} for the same endpoint, region and credentials as this SDK client: for
     * the CLI and the local gateway, whose SDK client resolved them through the SDK's default chains
     * (profiles, SSO, ...), to hand to the route source and API key store the functions use. The
     * credentials are resolved again at each call, so the SDK's provider refreshes them as it would.
     */
    public static DynamoDbJsonClient jsonClient(DynamoDbClient client) {
        DynamoDbServiceClientConfiguration configuration = client.serviceClientConfiguration();
        String region = configuration.region().id();
        IdentityProvider<? extends AwsCredentialsIdentity> provider = configuration.credentialsProvider();
        URI endpoint = configuration.endpointOverride()
                .orElseGet(() -> DynamoDbJsonClient.endpoint(Map.of(), region));
        return new DynamoDbJsonClient(endpoint, region, () -> {
            AwsCredentialsIdentity identity;
            try {
                identity = provider.resolveIdentity().get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException | RuntimeException e) {
                // An expired SSO session, say, thrown or in the future: a failed call with the provider's own message.
                Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
                throw new UncheckedIOException(new IOException("cannot resolve AWS credentials: " + cause.getMessage(), cause));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UncheckedIOException(new IOException("interrupted while resolving AWS credentials", e));
            }
            return new AwsCredentials(identity.accessKeyId(), identity.secretAccessKey(),
                    identity instanceof AwsSessionCredentialsIdentity session ? session.sessionToken() : null);
        });
    }

    /** The endpoint the environment points DynamoDB at, in practice an emulator ({@code AWS_ENDPOINT_URL_DYNAMODB} or {@code AWS_ENDPOINT_URL}), if any. */
    public static Optional<URI> endpointOverride(Map<String, String> environment) {
        return DynamoDbJsonClient.endpointOverride(environment);
    }
}
