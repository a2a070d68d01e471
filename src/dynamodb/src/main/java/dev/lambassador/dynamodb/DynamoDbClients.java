package dev.lambassador.dynamodb;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

/**
 * Builds the one DynamoDB client a process needs. Region and credentials come from the usual AWS
 * chain; {@code AWS_ENDPOINT_URL} (or {@code AWS_ENDPOINT_URL_DYNAMODB}) points it at an emulator.
 * Timeouts are short because a route refresh must never hang: the last good table keeps serving.
 */
public final class DynamoDbClients {

    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    public static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

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

    /** The endpoint the environment points DynamoDB at, in practice an emulator ({@code AWS_ENDPOINT_URL_DYNAMODB} or {@code AWS_ENDPOINT_URL}), if any. */
    public static Optional<URI> endpointOverride(Map<String, String> environment) {
        String endpoint = environment.getOrDefault("AWS_ENDPOINT_URL_DYNAMODB", environment.get("AWS_ENDPOINT_URL"));
        return endpoint == null || endpoint.isBlank() ? Optional.empty() : Optional.of(URI.create(endpoint));
    }
}
