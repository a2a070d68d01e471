package dev.lambassador.bench;

import dev.lambassador.core.backend.BackendAddressGuard;
import dev.lambassador.dynamodb.DynamoDbClients;
import dev.lambassador.dynamodb.DynamoDbRouteSource;
import dev.lambassador.local.EchoBackend;
import dev.lambassador.local.LocalApiGateway;
import dev.lambassador.local.LocalContext;
import dev.lambassador.router.RouterConfig;
import dev.lambassador.router.RouterHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * DynamoDB calls per request in steady state, counted on a real SDK client talking to a real
 * DynamoDB API (moto): the router reads its routes at init and then once per TTL in the
 * background, so with a TTL longer than the run, requests after warm-up must cause none.
 *
 * <p>Usage: {@code DynamoDbReadsBench [--requests 5000] [--out rows.tsv]}.
 */
public final class DynamoDbReadsBench {

    private static final int WARM_UP = 500;
    /** Longer than the run: a reload inside it would be a correct background read, not a per-request one. */
    private static final Duration TTL = Duration.ofMinutes(30);

    /** Counts the SDK's API calls by operation, after they are sent. */
    static final class CallCounter implements ExecutionInterceptor {
        private final Map<String, LongAdder> calls = new ConcurrentHashMap<>();

        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            calls.computeIfAbsent(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME), name -> new LongAdder()).increment();
        }

        long total() {
            return calls.values().stream().mapToLong(LongAdder::sum).sum();
        }

        String describe() {
            return calls.isEmpty() ? "none" : calls.toString();
        }

        /** The counts so far, by operation. */
        Map<String, Long> snapshot() {
            Map<String, Long> counts = new java.util.TreeMap<>();
            calls.forEach((operation, count) -> counts.put(operation, count.sum()));
            return counts;
        }

        /** The calls made since a {@link #snapshot()}, by operation; operations not called since are left out. */
        Map<String, Long> since(Map<String, Long> snapshot) {
            Map<String, Long> counts = new java.util.TreeMap<>();
            snapshot().forEach((operation, count) -> {
                long made = count - snapshot.getOrDefault(operation, 0L);
                if (made > 0) {
                    counts.put(operation, made);
                }
            });
            return counts;
        }
    }

    public static void main(String[] arguments) throws Exception {
        Args args = Args.parse(arguments);
        int requests = args.integer("requests", 5000);
        Path out = args.path("out", "bench/target/results/dynamodb.tsv");
        CallCounter counter = new CallCounter();
        try (EchoBackend echo = EchoBackend.start();
             DynamoDbEndpoint dynamoDb = DynamoDbEndpoint.start(System.getenv());
             DynamoDbClient client = DynamoDbClient.builder()
                     .endpointOverride(dynamoDb.endpoint())
                     .region(Region.of(DynamoDbEndpoint.REGION))
                     .credentialsProvider(StaticCredentialsProvider.create(
                             AwsBasicCredentials.create(DynamoDbEndpoint.ACCESS_KEY_ID, DynamoDbEndpoint.SECRET_ACCESS_KEY)))
                     // The router's own timeouts (DynamoDbClients), plus the counter.
                     .httpClient(UrlConnectionHttpClient.builder()
                             .connectionTimeout(DynamoDbClients.CONNECT_TIMEOUT)
                             .socketTimeout(DynamoDbClients.CALL_TIMEOUT)
                             .build())
                     .overrideConfiguration(config -> config.apiCallTimeout(DynamoDbClients.CALL_TIMEOUT)
                             .addExecutionInterceptor(counter))
                     .build()) {
            String table = dynamoDb.createRoutesTable(List.of(StaticRoutes.echoItem(echo.uri())));
            RouterHandler router = new RouterHandler(new RouterConfig(new DynamoDbRouteSource(client, table), TTL)
                    .withBackendGuard(BackendAddressGuard.LOOPBACK_ALLOWED));
            long atInit = counter.total();
            String initCalls = counter.describe();
            byte[] event = Events.load(Events.REST_V1_GET);
            for (int i = 0; i < WARM_UP; i++) {
                invoke(router, event);
            }
            long beforeRun = counter.total();
            for (int i = 0; i < requests; i++) {
                invoke(router, event);
            }
            long duringRun = counter.total() - beforeRun;
            double perRequest = (double) duringRun / requests;
            System.out.printf("  DynamoDB calls: %d at init (%s), %d during %d requests after %d warm-up requests%n",
                    atInit, initCalls, duringRun, requests, WARM_UP);
            Row.write(out, List.of(
                    new Row("DynamoDB calls per request, steady state (" + requests + " requests after " + WARM_UP
                            + " warm-up, TTL " + TTL.toMinutes() + " min, real SDK client against moto)",
                            duringRun + " calls = " + perRequest + " per request", "", "", "0", duringRun == 0 ? "yes" : "NO"),
                    Row.of("DynamoDB calls at init (route load)", atInit + " " + initCalls)));
        }
    }

    private static void invoke(RouterHandler router, byte[] event) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        router.handleRequest(new ByteArrayInputStream(event), out, new LocalContext("reads", LocalApiGateway.FUNCTION_NAME, 1024, LocalApiGateway.FUNCTION_TIMEOUT));
        String answer = out.toString(StandardCharsets.UTF_8);
        if (!answer.contains("\"statusCode\":200")) {
            throw new IllegalStateException("the router did not reach the echo backend: " + answer);
        }
    }
}
