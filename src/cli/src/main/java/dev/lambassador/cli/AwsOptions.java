package dev.lambassador.cli;

import dev.lambassador.dynamodb.DynamoDbClients;
import java.net.URI;
import java.util.Map;
import picocli.CommandLine.Option;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.StsClientBuilder;

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

    /**
     * Who the credentials are, as STS GetCallerIdentity says ({@code arn:aws:iam::123456789012:user/alice}),
     * asked at the endpoint DynamoDB is asked at when one is set; when STS cannot answer, what went wrong.
     */
    String callerIdentity(Map<String, String> environment) {
        StsClientBuilder builder = StsClient.builder()
                .httpClient(UrlConnectionHttpClient.builder().connectionTimeout(DynamoDbClients.CONNECT_TIMEOUT)
                        .socketTimeout(DynamoDbClients.CALL_TIMEOUT).build())
                .overrideConfiguration(config -> {
                    config.apiCallTimeout(DynamoDbClients.CALL_TIMEOUT).retryStrategy(RetryMode.STANDARD);
                    if (profile != null) {
                        config.defaultProfileName(profile);
                    }
                });
        if (profile != null) {
            builder.credentialsProvider(ProfileCredentialsProvider.create(profile));
        }
        String regionName = regionName(environment);
        if (regionName != null) {
            builder.region(Region.of(regionName));
        }
        String stsEndpoint = environment.getOrDefault("AWS_ENDPOINT_URL_STS", environment.get("AWS_ENDPOINT_URL"));
        URI endpointUri = endpoint != null ? endpoint : stsEndpoint == null || stsEndpoint.isBlank() ? null : URI.create(stsEndpoint);
        if (endpointUri != null) {
            builder.endpointOverride(endpointUri);
        }
        try (StsClient sts = builder.build()) {
            return sts.getCallerIdentity().arn();
        } catch (SdkException e) {
            return "unknown (STS GetCallerIdentity: " + TableItems.rootMessage(e) + ")";
        }
    }

    private String regionName(Map<String, String> environment) {
        String name = region != null ? region : environment.getOrDefault("AWS_REGION", environment.get("AWS_DEFAULT_REGION"));
        return name == null || name.isBlank() ? null : name;
    }

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
        String regionName = regionName(environment);
        if (regionName != null) {
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
