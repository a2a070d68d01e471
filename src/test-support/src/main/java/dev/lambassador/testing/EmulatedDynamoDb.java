package dev.lambassador.testing;

import java.net.URI;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A running DynamoDB API endpoint that a test can use, and a client for it.
 *
 * <p>Obtain one by declaring a parameter of this type in a class extended with
 * {@link DynamoDbEmulator}. Every test class of a run gets the same instance, so tables should be
 * named with {@link #uniqueTableName(String)} rather than cleaned up between classes. The client
 * is shared and closed by the extension at the end of the run: do not close it.
 *
 * @param endpoint where the DynamoDB API answers
 * @param flavour which backend answers: {@link #ENDPOINT_URL}, {@link #LOCALSTACK} or {@link #MOTO}
 * @param region the region the client and {@link #environment()} use
 * @param credentials fake static credentials that the emulator accepts
 * @param client a client for the endpoint, built once per run
 */
public record EmulatedDynamoDb(
        URI endpoint, String flavour, Region region, AwsCredentialsProvider credentials, DynamoDbClient client) {

    /** The endpoint came from the {@code AWS_ENDPOINT_URL} environment variable. */
    public static final String ENDPOINT_URL = "AWS_ENDPOINT_URL";
    /** The endpoint is a LocalStack container started through Testcontainers. */
    public static final String LOCALSTACK = "localstack";
    /** The endpoint is a {@code moto_server} process started for this run. */
    public static final String MOTO = "moto";

    private static final String FAKE_ACCESS_KEY_ID = "test";
    private static final String FAKE_SECRET_ACCESS_KEY = "test";
    // DynamoDB's own rule, less room for the suffix that makes the name unique.
    private static final Pattern TABLE_NAME_PREFIX = Pattern.compile("[A-Za-z0-9_.-]{1,200}");

    public EmulatedDynamoDb {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(flavour, "flavour");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(client, "client");
    }

    /** Builds the client for an endpoint; whoever calls this owns the client and closes it. */
    static EmulatedDynamoDb connect(URI endpoint, String flavour, Region region) {
        AwsCredentialsProvider credentials =
                StaticCredentialsProvider.create(AwsBasicCredentials.create(FAKE_ACCESS_KEY_ID, FAKE_SECRET_ACCESS_KEY));
        DynamoDbClient client = DynamoDbClient.builder()
                .endpointOverride(endpoint)
                .region(region)
                .credentialsProvider(credentials)
                // A builder rather than a built client, so that closing the SDK client closes it too.
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
        return new EmulatedDynamoDb(endpoint, flavour, region, credentials, client);
    }

    /**
     * A table name that no other test class of this run uses, e.g. {@code routes-3f9c2a1b7d04}.
     *
     * @param prefix what the table is for; letters, digits, {@code _ . -}, at most 200 of them
     */
    public String uniqueTableName(String prefix) {
        if (prefix == null || !TABLE_NAME_PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException(
                    "table name prefix must be 1-200 of A-Z a-z 0-9 _ . - but was '" + prefix + "'");
        }
        return prefix + "-" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    /**
     * The environment that code under test, in this JVM's children or through the SDK's default
     * provider chains, needs to reach the same tables. Region and key matter: DynamoDB Local, for
     * one, keeps a separate database per access key and region.
     */
    public Map<String, String> environment() {
        AwsCredentials resolved = credentials.resolveCredentials();
        return Map.of(
                "AWS_ENDPOINT_URL", endpoint.toString(),
                "AWS_REGION", region.id(),
                "AWS_ACCESS_KEY_ID", resolved.accessKeyId(),
                "AWS_SECRET_ACCESS_KEY", resolved.secretAccessKey());
    }
}
