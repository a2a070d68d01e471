package dev.lambassador.router;

import dev.lambassador.core.GatewayException;
import dev.lambassador.core.backend.LambdaForwarder;
import dev.lambassador.core.route.RouteDefinition;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.LambdaClientBuilder;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeRequest;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.LambdaException;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;
import software.amazon.awssdk.services.lambda.model.TooManyRequestsException;

/**
 * Invokes the functions of {@code lambda} backends with the AWS SDK's Lambda client: one client per
 * container, made on first use (a router whose routes name no function never pays for it) and
 * shared by every request after. The SDK does not retry: an invocation is not idempotent, and a
 * retry is the route's to decide. Each call's timeout is the route's; a call that runs past it is a
 * 504, Lambda's own refusals are a 502 that names the cause (no such function, not allowed) or a 503
 * (throttled).
 */
public final class LambdaInvoker implements LambdaForwarder.FunctionInvoker {

    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

    private final Supplier<LambdaClient> client;
    private volatile LambdaClient made;

    /** @param client made once, on the first invocation */
    public LambdaInvoker(Supplier<LambdaClient> client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    /**
     * A client as the router makes it: region and credentials from the usual chain,
     * {@code AWS_ENDPOINT_URL_LAMBDA} (or {@code AWS_ENDPOINT_URL}) as its endpoint when set.
     */
    public static LambdaInvoker fromEnvironment(Map<String, String> environment) {
        return new LambdaInvoker(() -> builder(environment).build());
    }

    /** The builder {@link #fromEnvironment} builds, for callers (the local gateway, tests) that set more. */
    public static LambdaClientBuilder builder(Map<String, String> environment) {
        LambdaClientBuilder builder = LambdaClient.builder()
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(CONNECT_TIMEOUT)
                        // Each call's own timeout bounds it; the socket's must not cut a long route short.
                        .socketTimeout(RouteDefinition.MAX_TIMEOUT)
                        .build())
                .overrideConfiguration(config -> config.retryStrategy(AwsRetryStrategy.doNotRetry()));
        String endpoint = environment.getOrDefault("AWS_ENDPOINT_URL_LAMBDA", environment.get("AWS_ENDPOINT_URL"));
        if (endpoint != null && !endpoint.isBlank()) {
            builder.endpointOverride(URI.create(endpoint));
        }
        return builder;
    }

    @Override
    public LambdaForwarder.Invocation invoke(String function, String qualifier, byte[] event, Duration timeout) throws Exception {
        InvokeRequest.Builder request = InvokeRequest.builder()
                .functionName(function)
                .invocationType(InvocationType.REQUEST_RESPONSE)
                .payload(SdkBytes.fromByteArrayUnsafe(event))
                .overrideConfiguration(config -> config.apiCallTimeout(timeout).apiCallAttemptTimeout(timeout));
        if (!qualifier.isEmpty()) {
            request.qualifier(qualifier);
        }
        InvokeResponse response;
        try {
            response = client().invoke(request.build());
        } catch (ApiCallTimeoutException | ApiCallAttemptTimeoutException e) {
            throw new HttpTimeoutException("function " + function + " did not answer within " + timeout.toMillis() + " ms");
        } catch (ResourceNotFoundException e) {
            throw new GatewayException(502, "the backend function does not exist: " + describe(function, qualifier));
        } catch (TooManyRequestsException e) {
            throw new GatewayException(503, "the backend function is throttled: " + describe(function, qualifier));
        } catch (LambdaException e) {
            if (e.statusCode() == 403) {
                throw new GatewayException(502, "the gateway may not invoke the backend function " + describe(function, qualifier)
                        + " (the stack's lambdaBackendFunctions or LambdaBackendPrefix names the functions it may)");
            }
            throw new GatewayException(502, "Lambda refused to invoke the backend function " + describe(function, qualifier)
                    + ": " + (e.awsErrorDetails() == null ? "status " + e.statusCode() : e.awsErrorDetails().errorCode()));
        } catch (SdkClientException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getMessage(), e);
        }
        String functionError = response.functionError();
        return new LambdaForwarder.Invocation(response.payload() == null ? new byte[0] : response.payload().asByteArrayUnsafe(),
                functionError);
    }

    private LambdaClient client() {
        LambdaClient current = made;
        if (current == null) {
            synchronized (this) {
                current = made;
                if (current == null) {
                    current = Objects.requireNonNull(client.get(), "client");
                    made = current;
                }
            }
        }
        return current;
    }

    private static String describe(String function, String qualifier) {
        return qualifier.isEmpty() ? function : function + ":" + qualifier;
    }
}
