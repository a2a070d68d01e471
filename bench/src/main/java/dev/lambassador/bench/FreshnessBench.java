package dev.lambassador.bench;

import dev.lambassador.core.apigw.PayloadVersion;
import dev.lambassador.core.auth.RouteAuth;
import dev.lambassador.core.observe.TelemetrySink;
import dev.lambassador.core.route.RefreshingRouteTable;
import dev.lambassador.core.store.ItemKind;
import dev.lambassador.core.store.TableSchema;
import dev.lambassador.dynamodb.AttributeValues;
import dev.lambassador.dynamodb.DynamoDbClients;
import dev.lambassador.dynamodb.DynamoDbJsonClient;
import dev.lambassador.dynamodb.TableRevision;
import dev.lambassador.local.DevServer;
import dev.lambassador.testing.DynamoDbProxy;
import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * How soon an edit is served, and what a router reads meanwhile, measured as a user of {@code lambassador dev --table}
 * would: the local gateway with its default settings in front of a table in moto, its stream read and handed to the
 * revision function as Lambda would, edits made with a separate client (as {@code aws dynamodb put-item} would) and
 * the gateway asked every {@value #POLL_MS} ms until its answer shows the edit. The router's DynamoDB calls are
 * counted on its own SDK client.
 *
 * <ol>
 *   <li>steady traffic, no edit: the router's reads per minute;</li>
 *   <li>a pause longer than the maximum age, then one request: what checking before answering costs it;</li>
 *   <li>{@code --edits} edits, puts, updates and deletes in turn in {@value #LANES} routes at once, each at a random moment
 *       of the check cycle: propagation p50 and p99.</li>
 * </ol>
 *
 * <p>Usage: {@code FreshnessBench [--edits 24] [--steady-seconds 10] [--ttl-seconds 2] [--out rows.tsv]}.
 */
public final class FreshnessBench {

    private static final int POLL_MS = 50;
    /** Routes edited at once, each by its own client thread, so that 20 edits take a fraction of 20 check cycles. */
    private static final int LANES = 4;
    private static final List<String> KINDS = List.of("put", "update", "delete");
    private static final double MAX_PROPAGATION_MS = 5000;
    /** The target's bound for a container that sees no change: one small item per 5 s. */
    private static final double MAX_READS_PER_MINUTE = 12;

    public static void main(String[] arguments) throws Exception {
        Args args = Args.parse(arguments);
        int edits = Math.max(3, args.integer("edits", 24));
        int steadySeconds = args.integer("steady-seconds", 10);
        Path out = args.path("out", "bench/target/results/freshness.tsv");
        HttpClient http = HttpClient.newHttpClient();
        try (DynamoDbEndpoint dynamoDb = DynamoDbEndpoint.start(System.getenv());
             DynamoDbProxy proxy = DynamoDbProxy.start(dynamoDb.endpoint());
             DynamoDbClient editor = client(dynamoDb.endpoint());
             // What lambassador dev is handed: its reads go through the proxy, which counts and times them.
             DynamoDbClient router = client(proxy.uri())) {
            DynamoDbReadsBench.CallCounter counter = new DynamoDbReadsBench.CallCounter(proxy);
            String table = dynamoDb.createRoutesTable(List.of());
            Map<String, String> environment = new HashMap<>(dynamoDb.functionEnvironment(table));
            environment.put("LAMBASSADOR_HOME", Files.createTempDirectory("lambassador-bench").toString());
            // The stream function's client finds region and keys through the SDK's chain, as lambassador dev's does.
            System.setProperty("aws.region", DynamoDbEndpoint.REGION);
            System.setProperty("aws.accessKeyId", DynamoDbEndpoint.ACCESS_KEY_ID);
            System.setProperty("aws.secretAccessKey", DynamoDbEndpoint.SECRET_ACCESS_KEY);
            Duration ttl = Duration.ofSeconds(args.integer("ttl-seconds", (int) RefreshingRouteTable.DEFAULT_TTL.toSeconds()));
            // What the router derives from the ttl: the default maximum age, or the ttl when that is longer.
            Duration maxAge = ttl.compareTo(RefreshingRouteTable.DEFAULT_MAX_AGE) > 0 ? ttl : RefreshingRouteTable.DEFAULT_MAX_AGE;
            DevServer.Options options = new DevServer.Options("127.0.0.1", 0, null, table, PayloadVersion.V1, ttl,
                    RouteAuth.NONE, Duration.ZERO);
            try (DevServer dev = DevServer.start(options, environment, TelemetrySink.NONE, null, router)) {
                Gateway gateway = new Gateway(http, dev.uri());
                String echo = dev.echoUri().toString();
                List<Row> rows = new ArrayList<>();

                // 1. Steady traffic, nothing edited.
                put(editor, table, "steady", "/steady", echo + "/steady");
                gateway.await("/steady", answer -> answer.statusCode() == 200, System.nanoTime(), Duration.ofSeconds(30));
                Map<String, Long> before = counter.snapshot();
                List<Double> latencies = new ArrayList<>();
                long steadyEnd = System.nanoTime() + Duration.ofSeconds(steadySeconds).toNanos();
                long steadyStart = System.nanoTime();
                while (System.nanoTime() < steadyEnd) {
                    latencies.add(gateway.timed("/steady"));
                    Thread.sleep(POLL_MS);
                }
                double minutes = (System.nanoTime() - steadyStart) / 60e9;
                Map<String, Long> steady = counter.since(before);
                double getsPerMinute = steady.getOrDefault("GetItem", 0L) / minutes;
                double queriesPerMinute = steady.getOrDefault("Query", 0L) / minutes;
                System.out.printf(Locale.ROOT, "  steady, no edit: %s in %.1f s of requests every %d ms: %.1f GetItem and %.1f Query per minute%n",
                        steady, minutes * 60, POLL_MS, getsPerMinute, queriesPerMinute);
                rows.add(new Row("Router reads per container per minute, steady traffic, no edit (" + steady + " in " + steadySeconds
                        + " s of requests every " + POLL_MS + " ms, ROUTES_TTL_SECONDS " + ttl.toSeconds() + ")",
                        String.format(Locale.ROOT, "%.0f GetItem of the revision item + %.0f Query", getsPerMinute, queriesPerMinute),
                        "", "", "≤ 12 small items (1 per 5 s), no Query",
                        getsPerMinute <= MAX_READS_PER_MINUTE && queriesPerMinute == 0 ? "yes" : "NO"));

                // 2. A pause longer than the maximum age, then one request.
                double warm = Stats.median(latencies);
                Map<String, Long> beforePause = counter.snapshot();
                Thread.sleep(maxAge.toMillis() + 500);
                Map<String, Long> duringPause = counter.since(beforePause);
                double first = gateway.timed("/steady");
                Map<String, Long> firstReads = counter.since(beforePause);
                double firstCheck = proxy.lastCallNanos() / 1e6;
                DynamoDbJsonClient editorReads = DynamoDbClients.jsonClient(editor);
                List<Double> checks = new ArrayList<>();
                for (int i = 0; i < 50; i++) {
                    long started = System.nanoTime();
                    TableRevision.read(editorReads, table);
                    checks.add((System.nanoTime() - started) / 1e6);
                }
                System.out.printf(Locale.ROOT, "  idle %d ms: %s read while idle; first request %.2f ms (%s, the GetItem at DynamoDB %.2f ms),"
                        + " warm median %.2f ms; a revision GetItem alone: median %.2f ms%n", maxAge.toMillis() + 500,
                        duringPause.isEmpty() ? "nothing" : duringPause, first, firstReads, firstCheck, warm, Stats.median(checks));
                rows.add(Row.of("Router reads while idle (" + (maxAge.toMillis() + 500) + " ms without requests)",
                        duringPause.values().stream().mapToLong(Long::longValue).sum() + " calls").withTarget("0", duringPause.isEmpty()));
                rows.add(new Row("First request after that pause: the revision checked before it is answered (" + firstReads
                        + ", which took " + Row.millis(firstCheck) + " of it)", Row.millis(first),
                        "warm request " + Row.millis(warm) + "; a revision GetItem alone, median of 50: " + Row.millis(Stats.median(checks)),
                        "", "", ""));

                // 3. Edits: in each of LANES routes at once, put it, update it (another backend path), delete it, in turn.
                Map<String, List<Double>> propagation = new ConcurrentHashMap<>();
                Map<String, Long> beforeEdits = counter.snapshot();
                long editsStart = System.nanoTime();
                ExecutorService lanes = Executors.newFixedThreadPool(LANES);
                try {
                    List<Future<?>> running = new ArrayList<>();
                    for (int lane = 0; lane < LANES; lane++) {
                        String id = "fresh-" + lane;
                        Random random = new Random(14 + lane);
                        int count = edits / LANES + (lane < edits % LANES ? 1 : 0);
                        running.add(lanes.submit(() -> {
                            for (int i = 0; i < count; i++) {
                                // At a random moment of the check cycle, as a person's edit would be.
                                Thread.sleep(random.nextInt((int) ttl.toMillis()));
                                String kind = KINDS.get(i % KINDS.size());
                                long edited = System.nanoTime();
                                Predicate<HttpResponse<byte[]>> served = switch (kind) {
                                    case "put" -> {
                                        put(editor, table, id, "/" + id, echo + "/first");
                                        yield answer -> answer.statusCode() == 200;
                                    }
                                    case "update" -> {
                                        put(editor, table, id, "/" + id, echo + "/second");
                                        yield answer -> answer.statusCode() == 200 && "/second".equals(echoedPath(answer));
                                    }
                                    default -> {
                                        editor.deleteItem(d -> d.tableName(table)
                                                .key(AttributeValues.fromJava(TableSchema.item(ItemKind.ROUTE, id))));
                                        yield answer -> answer.statusCode() == 404;
                                    }
                                };
                                double ms = gateway.await("/" + id, served, edited, Duration.ofSeconds(60));
                                propagation.computeIfAbsent(kind, k -> new CopyOnWriteArrayList<>()).add(ms);
                            }
                            return null;
                        }));
                    }
                    for (Future<?> lane : running) {
                        lane.get();
                    }
                } finally {
                    lanes.shutdownNow();
                }
                double editMinutes = (System.nanoTime() - editsStart) / 60e9;
                Map<String, Long> editReads = counter.since(beforeEdits);
                List<Double> all = propagation.values().stream().flatMap(List::stream).sorted().toList();
                double p50 = percentile(all, 50);
                double p99 = percentile(all, 99);
                System.out.printf(Locale.ROOT, "  %d edits: p50 %.0f ms, p99 %.0f ms, max %.0f ms; by kind %s; router reads meanwhile %s in %.1f s%n",
                        all.size(), p50, p99, all.getLast(), summary(propagation), editReads, editMinutes * 60);
                rows.add(Row.of("Edit propagation p50 (" + all.size() + " edits: put, update, delete; lambassador dev --table, ROUTES_TTL_SECONDS "
                        + ttl.toSeconds() + ")",
                        Row.millis(p50)));
                rows.add(new Row("Edit propagation p99 (by kind " + summary(propagation) + ")", Row.millis(p99), "", "", "≤ 5 s",
                        p99 <= MAX_PROPAGATION_MS ? "yes" : "NO"));
                rows.add(Row.of("Router reads per container per minute while edits come (" + all.size() + " in "
                                + String.format(Locale.ROOT, "%.0f s", editMinutes * 60) + ")",
                        String.format(Locale.ROOT, "%.0f GetItem + %.0f Query", editReads.getOrDefault("GetItem", 0L) / editMinutes,
                                editReads.getOrDefault("Query", 0L) / editMinutes)));
                Row.write(out, rows);
            }
        }
    }

    /** A client of this endpoint with the router's DynamoDB timeouts. */
    private static DynamoDbClient client(URI endpoint) {
        return DynamoDbClient.builder()
                .endpointOverride(endpoint)
                .region(Region.of(DynamoDbEndpoint.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(DynamoDbEndpoint.ACCESS_KEY_ID, DynamoDbEndpoint.SECRET_ACCESS_KEY)))
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(DynamoDbClients.CONNECT_TIMEOUT)
                        .socketTimeout(DynamoDbClients.CALL_TIMEOUT)
                        .build())
                .overrideConfiguration(config -> config.apiCallTimeout(DynamoDbClients.CALL_TIMEOUT))
                .build();
    }

    private static void put(DynamoDbClient client, String table, String id, String path, String backend) {
        Map<String, Object> item = new LinkedHashMap<>(TableSchema.item(ItemKind.ROUTE, id));
        item.put("path", path);
        item.put("backend", backend);
        item.put("auth", "none");
        client.putItem(p -> p.tableName(table).item(AttributeValues.fromJava(item)));
    }

    /** The path the echo backend says it received. */
    private static Object echoedPath(HttpResponse<byte[]> answer) {
        try {
            return JSON.std.mapFrom(answer.body()).get("path");
        } catch (IOException e) {
            return null;
        }
    }

    /** Nearest rank: of 21 values, p99 is the largest. */
    static double percentile(List<Double> sorted, int percent) {
        int rank = (int) Math.ceil(percent / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }

    private static String summary(Map<String, List<Double>> byKind) {
        List<String> parts = new ArrayList<>();
        KINDS.stream().filter(byKind::containsKey).forEach(kind -> parts.add(String.format(Locale.ROOT, "%s max %.0f ms", kind,
                byKind.get(kind).stream().mapToDouble(Double::doubleValue).max().orElse(0))));
        return String.join(", ", parts);
    }

    /** The local gateway, asked as a client would. */
    private record Gateway(HttpClient http, URI base) {

        HttpResponse<byte[]> get(String path) throws Exception {
            return http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        }

        /** Milliseconds one request takes. */
        double timed(String path) throws Exception {
            long started = System.nanoTime();
            HttpResponse<byte[]> answer = get(path);
            double ms = (System.nanoTime() - started) / 1e6;
            if (answer.statusCode() != 200) {
                throw new IllegalStateException(path + " answered " + answer.statusCode());
            }
            return ms;
        }

        /** Asks every {@value #POLL_MS} ms until the answer is the expected one; returns the milliseconds since {@code since}. */
        double await(String path, Predicate<HttpResponse<byte[]>> expected, long since, Duration limit) throws Exception {
            long started = since;
            long deadline = started + limit.toNanos();
            while (true) {
                HttpResponse<byte[]> answer = get(path);
                if (expected.test(answer)) {
                    return (System.nanoTime() - started) / 1e6;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(path + " still answers " + answer.statusCode() + " after " + limit);
                }
                Thread.sleep(POLL_MS);
            }
        }
    }
}
