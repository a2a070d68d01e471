package dev.lambassador.cli;

import dev.lambassador.dynamodb.DynamoDbClients;
import java.net.URI;
import java.util.Map;
import picocli.CommandLine.Option;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

/**
 * Where the routes table is, as the aws CLI says it: {@code --region}, {@code --profile},
 * {@code --endpoint-url}. What is not given comes from the environment ({@code AWS_REGION},
 * {@code AWS_PROFILE}, {@code AWS_ENDPOINT_URL}) and the default credential chain.
 */
final class AwsOptions {

    @Option(names = "--region", paramLabel = "REGION", description = "the AWS region (default: AWS_REGION, or the profile's)")
    String region;

    @Option(names = "--profile", paramLabel = "NAME", description = "a named profile of ~/.aws/config and ~/.aws/credentials")
    String profile;

    @Option(names = "--endpoint-url", paramLabel = "URL",
            description = "another DynamoDB endpoint: an emulator or LocalStack (default: AWS_ENDPOINT_URL)")
    URI endpoint;

    /** A client with the CLI's options over the environment's settings, and the functions' short timeouts. */
    DynamoDbClient dynamoDb(Map<String, String> environment) {
        DynamoDbClientBuilder builder = DynamoDbClients.builder(environment);
        // DynamoDB's default retries a refused connection eight times; a person waits for three tries, throttling included.
        builder.overrideConfiguration(config -> {
            config.apiCallTimeout(DynamoDbClients.CALL_TIMEOUT).retryStrategy(RetryMode.STANDARD);
            if (profile != null) {
                config.defaultProfileName(profile);
            }
        });
        if (profile != null) {
            builder.credentialsProvider(ProfileCredentialsProvider.create(profile));
        }
        String regionName = region != null ? region
                : environment.getOrDefault("AWS_REGION", environment.get("AWS_DEFAULT_REGION"));
        if (regionName != null && !regionName.isBlank()) {
            builder.region(Region.of(regionName));
        }
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        try {
            return builder.build();
        } catch (SdkClientException e) {
            throw new CliException("cannot make a DynamoDB client: " + TableItems.rootMessage(e)
                    + " (give --region or set AWS_REGION; --profile names a profile)", CliException.USAGE);
        }
    }
}
