package dev.lambassador.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.lambassador.authorizer.AuthorizerConfig;
import dev.lambassador.authorizer.AuthorizerHandler;
import dev.lambassador.core.apigw.PayloadVersion;
import dev.lambassador.core.auth.ApiKeys;
import dev.lambassador.core.auth.Consumer;
import dev.lambassador.core.backend.BackendAddressGuard;
import dev.lambassador.dynamodb.AttributeValues;
import dev.lambassador.dynamodb.DynamoDbClients;
import dev.lambassador.dynamodb.TableRevision;
import dev.lambassador.dynamodb.DynamoDbApiKeyStore;
import dev.lambassador.dynamodb.DynamoDbClients;
import dev.lambassador.dynamodb.DynamoDbRouteSource;
import dev.lambassador.dynamodb.RoutesTable;
import dev.lambassador.router.RouterConfig;
import dev.lambassador.router.RouterHandler;
import dev.lambassador.testing.DynamoDbEmulator;
import dev.lambassador.testing.EmulatedDynamoDb;
import dev.lambassador.testing.LoopbackPorts;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The fault matrix (docs/reliability.md): each fault comes from a real server on loopback (a
 * backend, the JWKS endpoint, DynamoDB behind a TCP proxy that can refuse or hold), and a client
 * sends real HTTP to the local gateway, which runs the real authorizer and router with the routes
 * and API keys in a DynamoDB table, as {@code lambassador dev --table} does. For each fault the
 * row asserts what the client observes (the status, the JSON error and the request id, in the body
 * where the router answered and in API Gateway's request id header always) and that the next good
 * request succeeds.
 *
 * <p>It runs here rather than in the router's module because only here does a request pass every
 * layer a deployed one does: API Gateway's quotas and its answers to an authorizer's refusal, the
 * authorizer with its key store and issuers, then the router and its table.
 *
 * <p>A row is one scenario method and one line in {@link #rows()}.
 */
@ExtendWith(DynamoDbEmulator.class)
@Timeout(180)
class FaultMatrixTest {

    private static final Duration ROUTES_TTL = Duration.ofMillis(300);
    private static final Duration JWKS_TTL = Duration.ofSeconds(1);
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    /** A body of control bytes that JSON escaping would grow sixfold, under the 4.4 MB cap on a backend's answer. */
    private static final byte[] CONTROL_BYTES = filled(4_300_000, (byte) 0x01);
    /** A body of quotes that JSON escaping would double. */
    private static final byte[] QUOTES = filled(4_300_000, (byte) '"');

    private static EmulatedDynamoDb dynamoDb;
    private static String table;
    private static TcpProxy dynamo;
    private static FaultServer backend;
    private static FaultServer jwks;
    private static int closedPort;
    private static DevIdentity identity;
    private static Gateway gateway;

    @BeforeAll
    static void start(EmulatedDynamoDb emulated, @TempDir Path home) {
        dynamoDb = emulated;
        table = dynamoDb.uniqueTableName("routes");
        RoutesTable.create(dynamoDb.client(), table);
        dynamo = TcpProxy.to(dynamoDb.endpoint());
        identity = DevIdentity.loadOrCreate(home);
        jwks = FaultServer.start().on("/jwks", FaultServer.ok("application/json", identity.jwks().getBytes(StandardCharsets.UTF_8)));
        closedPort = LoopbackPorts.free();
        backend = FaultServer.start()
                .on("/ok", FaultServer.ok("text/plain", "ok".getBytes(StandardCharsets.UTF_8)))
                .on("/reset", FaultServer.resetMidBody())
                .on("/slow", FaultServer.slow(3_000))
                .on("/big", FaultServer.ok("application/octet-stream", new byte[5_000_000]))
                .on("/inflated", FaultServer.ok("text/plain", CONTROL_BYTES))
                .on("/inflated-json", FaultServer.ok("application/json", QUOTES));
        String url = backend.uri().toString();
        put(route("ok", "/ok", url));
        put(route("refused", "/refused", "http://127.0.0.1:" + closedPort));
        put(route("reset", "/reset", url));
        put(with(route("slow", "/slow", url), "timeoutMs", 500));
        put(route("big", "/big", url));
        put(route("inflated", "/inflated", url));
        put(route("inflated-json", "/inflated-json", url));
        put(with(route("private", "/private", url + "/ok"), "auth", "jwt"));
        put(with(route("keyed", "/keyed", url + "/ok"), "auth", "apiKey"));
        // Invalid: a backend that is not http(s). Its path holds its place and answers 503.
        put(route("broken", "/broken", "ftp://files.internal/"));
        gateway = Gateway.start();
    }

    @AfterAll
    static void stop() {
        gateway.close();
        backend.close();
        jwks.close();
        dynamo.close();
    }

    /** One fault: what it is, and the scenario that causes it, checks the answer and then a good request. */
    record Row(String fault, Scenario scenario) {
        @Override
        public String toString() {
            return fault;
        }
    }

    @FunctionalInterface
    interface Scenario {
        void run() throws Exception;
    }

    static Stream<Row> rows() {
        return Stream.of(
                new Row("connection refused", FaultMatrixTest::connectionRefused),
                new Row("reset mid-body", FaultMatrixTest::resetMidBody),
                new Row("slower than the timeout", FaultMatrixTest::slowerThanTheTimeout),
                new Row("oversized answer", FaultMatrixTest::oversizedAnswer),
                new Row("escaping-inflated answer", FaultMatrixTest::escapingInflatedAnswer),
                new Row("DynamoDB unreachable at cold start", FaultMatrixTest::dynamoDbUnreachableAtColdStart),
                new Row("DynamoDB unreachable after warm-up", FaultMatrixTest::dynamoDbUnreachableAfterWarmUp),
                new Row("an invalid item", FaultMatrixTest::invalidItem),
                new Row("JWKS endpoint down, keys cached", FaultMatrixTest::jwksDownWithCachedKeys),
                new Row("JWKS endpoint down, no keys cached", FaultMatrixTest::jwksDownWithoutCachedKeys),
                new Row("a huge header", FaultMatrixTest::hugeHeader),
                new Row("a huge body", FaultMatrixTest::hugeBody),
                new Row("a slow API-key table", FaultMatrixTest::slowApiKeyTable));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void theClientGetsAClearAnswerAndTheNextGoodRequestSucceeds(Row row) throws Exception {
        row.scenario().run();
    }

    // The rows.

    static void connectionRefused() throws Exception {
        assertRouterError(gateway.get("/refused"), 502, "backend refused the connection");
        assertGood(gateway);
    }

    static void resetMidBody() throws Exception {
        assertRouterError(gateway.get("/reset"), 502, "backend connection failed");
        assertGood(gateway);
    }

    static void slowerThanTheTimeout() throws Exception {
        long started = System.nanoTime();
        Answer answer = gateway.get("/slow");
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertRouterError(answer, 504, "backend did not answer in time");
        assertThat(took).as("the route's 500 ms, not the backend's 3 s").isLessThan(Duration.ofMillis(2_500));
        assertGood(gateway);
    }

    static void oversizedAnswer() throws Exception {
        assertRouterError(gateway.get("/big"), 502, "backend answer is too large for the gateway");
        assertGood(gateway);
    }

    /** Escaped as JSON, these bodies would not fit in a Lambda response; as base64 they do, and arrive intact. */
    static void escapingInflatedAnswer() throws Exception {
        Answer control = gateway.get("/inflated");
        Answer quotes = gateway.get("/inflated-json");

        assertThat(control.status()).isEqualTo(200);
        assertThat(control.body()).as("the backend's bytes").isEqualTo(CONTROL_BYTES);
        assertThat(quotes.status()).isEqualTo(200);
        assertThat(quotes.body()).as("the backend's bytes").isEqualTo(QUOTES);
        assertThat(quotes.header("Content-Type")).isEqualTo("application/json");
        assertGood(gateway);
    }

    static void dynamoDbUnreachableAtColdStart() throws Exception {
        dynamo.refuse();
        try (Gateway cold = Gateway.start()) {
            assertRouterError(cold.get("/ok"), 503, "routes are not loaded yet; see the gateway's log");

            dynamo.forward();
            eventually("the first table loads once DynamoDB answers", () -> cold.get("/ok").status() == 200);
            assertGood(cold);
        } finally {
            dynamo.forward();
        }
    }

    static void dynamoDbUnreachableAfterWarmUp() throws Exception {
        assertGood(gateway);
        dynamo.refuse();
        try {
            put(route("late", "/late", backend.uri() + "/ok"));
            Thread.sleep(ROUTES_TTL.multipliedBy(3).toMillis());
            for (int i = 0; i < 3; i++) {
                assertGood(gateway);
                Thread.sleep(ROUTES_TTL.toMillis());
            }
            assertThat(gateway.get("/late").status()).as("added while DynamoDB was unreachable: not in the last good table").isEqualTo(404);
        } finally {
            dynamo.forward();
        }
        eventually("reloads resume", () -> gateway.get("/late").status() == 200);
    }

    static void invalidItem() throws Exception {
        assertRouterError(gateway.get("/broken"), 503, "route broken is unavailable: its configuration is invalid");
        assertGood(gateway);
    }

    static void jwksDownWithCachedKeys() throws Exception {
        assertThat(gateway.get("/private", bearer("before-the-outage")).status()).as("the keys are fetched").isEqualTo(200);
        jwks.stop();
        try {
            Thread.sleep(JWKS_TTL.plusMillis(500).toMillis());
            // A token not seen before: verified with the last keys the endpoint served.
            Answer answer = gateway.get("/private", bearer("during-the-outage"));
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.text()).isEqualTo("ok");
        } finally {
            jwks.restart();
        }
        assertThat(gateway.get("/private", bearer("after-the-outage")).status()).isEqualTo(200);
    }

    static void jwksDownWithoutCachedKeys() throws Exception {
        jwks.stop();
        try (Gateway fresh = Gateway.start()) {
            Map<String, String> token = bearer("first-caller");
            try {
                assertApiGatewayError(fresh.get("/private", token), 401, "Unauthorized");
            } finally {
                jwks.restart();
            }
            eventually("the keys are fetched once the endpoint is back", () -> fresh.get("/private", token).status() == 200);
        } finally {
            jwks.restart();
        }
    }

    static void hugeHeader() throws Exception {
        Answer answer = gateway.send("GET", "/ok", Map.of("X-Big", "x".repeat(12_000)), new byte[0]);

        assertApiGatewayError(answer, 431, "the request line and headers are larger than API Gateway's quota of 10240 bytes");
        assertGood(gateway);
    }

    static void hugeBody() throws Exception {
        Answer answer = gateway.send("POST", "/ok", Map.of("Content-Type", "application/octet-stream"),
                new byte[LocalApiGateway.MAX_BODY_BYTES + 1]);

        assertApiGatewayError(answer, 413, "the request body is larger than API Gateway's payload quota of 10485760 bytes");
        assertGood(gateway);
    }

    static void slowApiKeyTable() throws Exception {
        String key = ApiKeys.generate();
        new DynamoDbApiKeyStore(DynamoDbClients.jsonClient(dynamoDb.client()), table).save(ApiKeys.hash(key),
                new Consumer("acme", "Acme", "gold", Set.of(), true));
        dynamo.hold();
        try {
            long started = System.nanoTime();
            Answer answer = gateway.get("/keyed", Map.of("x-api-key", key));
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertApiGatewayError(answer, 401, "Unauthorized");
            assertThat(took).as("refused before the authorizer's 10 s timeout").isLessThan(Duration.ofSeconds(10));
        } finally {
            dynamo.forward();
        }
        assertThat(gateway.get("/keyed", Map.of("x-api-key", key)).status()).isEqualTo(200);
    }

    // What the client observes.

    /** An error the router answered: its JSON names the request id, which API Gateway's header and X-Request-Id repeat. */
    static void assertRouterError(Answer answer, int status, String message) throws IOException {
        Map<String, Object> error = assertJsonError(answer, status, message);
        assertThat(error.get("requestId")).as("requestId").isEqualTo(answer.requestId());
        assertThat(answer.header("X-Request-Id")).isEqualTo(answer.requestId());
    }

    /** An error API Gateway answered itself (a quota, an authorizer's refusal): its JSON has a message, its header the request id. */
    static void assertApiGatewayError(Answer answer, int status, String message) throws IOException {
        assertJsonError(answer, status, message);
    }

    private static Map<String, Object> assertJsonError(Answer answer, int status, String message) throws IOException {
        assertThat(answer.status()).as("status of %s", answer).isEqualTo(status);
        assertThat(answer.header("Content-Type")).isEqualTo("application/json");
        assertThat(answer.requestId()).as("API Gateway's request id header").isNotBlank();
        Map<String, Object> error = JSON.std.mapFrom(answer.body());
        assertThat(error.get("message")).as("message").isEqualTo(message);
        return error;
    }

    static void assertGood(Gateway gateway) throws Exception {
        Answer answer = gateway.get("/ok");
        assertThat(answer.status()).as("the next good request").isEqualTo(200);
        assertThat(answer.text()).isEqualTo("ok");
    }

    static void eventually(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    static Map<String, String> bearer(String subject) {
        return Map.of("Authorization", "Bearer " + identity.mint(subject, Set.of(), Duration.ofMinutes(5), null));
    }

    // The table.

    static Map<String, Object> route(String id, String path, String backendUrl) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("kind", "route");
        item.put("id", id);
        item.put("path", path);
        item.put("backend", backendUrl);
        item.put("auth", "none");
        return item;
    }

    static Map<String, Object> with(Map<String, Object> item, String attribute, Object value) {
        item.put(attribute, value);
        return item;
    }

    /** Writes an item and moves the table's revision, as the table's stream function does in AWS. */
    static void put(Map<String, Object> item) {
        dynamoDb.client().putItem(put -> put.tableName(table).item(AttributeValues.fromJava(item)));
        TableRevision.bump(DynamoDbClients.jsonClient(dynamoDb.client()), table);
    }

    private static byte[] filled(int length, byte value) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, value);
        return bytes;
    }

    // The gateway under test, and what it answers.

    /** The local gateway with the real authorizer and router, reading the table through the proxy. */
    record Gateway(LocalApiGateway http, DynamoDbClient client) implements AutoCloseable {

        static Gateway start() {
            DynamoDbClient client = DynamoDbClients.builder(Map.of("AWS_ENDPOINT_URL", dynamo.uri().toString()))
                    .region(Region.US_EAST_1)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                    .build();
            AuthorizerHandler authorizer = new AuthorizerHandler(AuthorizerConfig.builder()
                    .issuer(DevIdentity.ISSUER, URI.create(jwks.uri() + "/jwks"))
                    .audiences(DevIdentity.AUDIENCE)
                    .jwksTtl(JWKS_TTL)
                    .apiKeys(new DynamoDbApiKeyStore(DynamoDbClients.jsonClient(client), table))
                    .build());
            RouterHandler router = new RouterHandler(new RouterConfig(new DynamoDbRouteSource(DynamoDbClients.jsonClient(client), table), ROUTES_TTL)
                    .withBackendGuard(BackendAddressGuard.LOOPBACK_ALLOWED));
            try {
                return new Gateway(LocalApiGateway.start(new InetSocketAddress("127.0.0.1", 0), router,
                        new LocalAuthorizer(authorizer, List.of(), Duration.ZERO), PayloadVersion.V1, null), client);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        Answer get(String path) {
            return send("GET", path, Map.of(), new byte[0]);
        }

        Answer get(String path, Map<String, String> headers) {
            return send("GET", path, headers, new byte[0]);
        }

        Answer send(String method, String path, Map<String, String> headers, byte[] body) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(http.uri() + path)).timeout(Duration.ofSeconds(30))
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
            headers.forEach(request::header);
            try {
                HttpResponse<byte[]> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
                return new Answer(response.statusCode(), response.headers().map(), response.body());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(method + " " + path + " got no answer", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void close() {
            http.close();
            client.close();
        }
    }

    /** What the client got. */
    record Answer(int status, Map<String, List<String>> headers, byte[] body) {

        String header(String name) {
            return headers.entrySet().stream().filter(entry -> entry.getKey().equalsIgnoreCase(name))
                    .map(entry -> entry.getValue().getFirst()).findFirst().orElse(null);
        }

        String requestId() {
            return header(LocalApiGateway.requestIdHeader(PayloadVersion.V1));
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return status + " " + (body.length > 300 ? body.length + " bytes" : text());
        }
    }
}
