package dev.lambassador.bench;

import dev.lambassador.core.backend.BackendAddressGuard;
import dev.lambassador.dynamodb.DynamoDbJsonClient;
import dev.lambassador.dynamodb.DynamoDbRouteSource;
import dev.lambassador.local.EchoBackend;
import dev.lambassador.local.LocalApiGateway;
import dev.lambassador.local.LocalContext;
import dev.lambassador.router.RouterConfig;
import dev.lambassador.router.RouterHandler;
import dev.lambassador.testing.DynamoDbProxy;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * DynamoDB calls per request in steady state, counted by a proxy between the router's own client and a
 * real DynamoDB API (moto): the router reads its routes at init and then once per TTL in the
 * background, so with a TTL longer than the run, requests after warm-up must cause none.
 *
 * <p>Usage: {@code DynamoDbReadsBench [--requests 5000] [--out rows.tsv]}.
 */
public final class DynamoDbReadsBench {

    private static final int WARM_UP = 500;
    /** Longer than the run: a reload inside it would be a correct background read, not a per-request one. */
    private static final Duration TTL = Duration.ofMinutes(30);

    /** Counts the router's DynamoDB calls by operation, as a proxy in front of DynamoDB passes them on. */
    record CallCounter(DynamoDbProxy proxy) {

        long total() {
            return snapshot().values().stream().mapToLong(Long::longValue).sum();
        }

        String describe() {
            Map<String, Long> counts = snapshot();
            return counts.isEmpty() ? "none" : counts.toString();
        }

        /** The counts so far, by operation. */
        Map<String, Long> snapshot() {
            return proxy.counts();
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
        try (EchoBackend echo = EchoBackend.start();
             DynamoDbEndpoint dynamoDb = DynamoDbEndpoint.start(System.getenv());
             DynamoDbProxy proxy = DynamoDbProxy.start(dynamoDb.endpoint())) {
            CallCounter counter = new CallCounter(proxy);
            // The router's own client, as its environment makes it, through the counting proxy.
            Map<String, String> environment = new java.util.HashMap<>(dynamoDb.functionEnvironment("unused"));
            environment.put("AWS_ENDPOINT_URL", proxy.uri().toString());
            DynamoDbJsonClient client = DynamoDbJsonClient.fromEnvironment(environment);
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
                            + " warm-up, TTL " + TTL.toMinutes() + " min, the router's own client against moto)",
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
