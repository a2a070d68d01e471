package dev.lambassador.cli;

import dev.lambassador.dynamodb.DynamoDbClients;
import java.net.URI;
import java.util.Map;
import picocli.CommandLine.Option;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.apigateway.ApiGatewayClient;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;
import software.amazon.awssdk.services.sts.StsClient;

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
            description = "another endpoint: an emulator or LocalStack (default: AWS_ENDPOINT_URL)")
    URI endpoint;

    /**
     * Who the credentials are, as STS GetCallerIdentity says ({@code arn:aws:iam::123456789012:user/alice}),
     * asked at the endpoint DynamoDB is asked at when one is set; when STS cannot answer, what went wrong.
     */
    String callerIdentity(Map<String, String> environment) {
        try (StsClient sts = configure(StsClient.builder(), "AWS_ENDPOINT_URL_STS", environment).build()) {
            return sts.getCallerIdentity().arn();
        } catch (SdkException e) {
            return "unknown (STS GetCallerIdentity: " + TableItems.rootMessage(e) + ")";
        }
    }

    /** An API Gateway client, with the same region, profile, endpoint and timeouts as the DynamoDB one. */
    ApiGatewayClient apiGateway(Map<String, String> environment) {
        try {
            return configure(ApiGatewayClient.builder(), "AWS_ENDPOINT_URL_API_GATEWAY", environment).build();
        } catch (SdkClientException e) {
            throw new CliException("cannot make an API Gateway client: " + TableItems.rootMessage(e)
                    + " (give --region or set AWS_REGION; --profile names a profile)", CliException.USAGE);
        }
    }

    /** A CloudFormation client, with the same region, profile, endpoint and timeouts as the others. */
    CloudFormationClient cloudFormation(Map<String, String> environment) {
        try {
            return configure(CloudFormationClient.builder(), "AWS_ENDPOINT_URL_CLOUDFORMATION", environment).build();
        } catch (SdkClientException e) {
            throw new CliException("cannot make a CloudFormation client: " + TableItems.rootMessage(e)
                    + " (give --region or set AWS_REGION; --profile names a profile)", CliException.USAGE);
        }
    }

    /**
     * Sets what every client of the CLI shares: the URLConnection HTTP client with the functions' short
     * timeouts, three tries, the profile, the region, and the endpoint ({@code --endpoint-url}, else the
     * service's own variable, else {@code AWS_ENDPOINT_URL}), so that an emulator answers for every service.
     */
    private <B extends AwsSyncClientBuilder<B, C> & AwsClientBuilder<B, C>, C> B configure(B builder, String endpointVariable,
                                                                                       Map<String, String> environment) {
        builder.httpClient(UrlConnectionHttpClient.builder().connectionTimeout(DynamoDbClients.CONNECT_TIMEOUT)
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
        String fromEnvironment = environment.getOrDefault(endpointVariable, environment.get("AWS_ENDPOINT_URL"));
        URI endpointUri = endpoint != null ? endpoint : fromEnvironment == null || fromEnvironment.isBlank() ? null : URI.create(fromEnvironment);
        if (endpointUri != null) {
            builder.endpointOverride(endpointUri);
        }
        return builder;
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
