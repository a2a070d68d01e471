package dev.lambassador.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.lambassador.core.apigw.PayloadVersion;
import dev.lambassador.core.auth.ApiKeys;
import dev.lambassador.core.auth.Consumer;
import dev.lambassador.core.auth.RouteAuth;
import dev.lambassador.dynamodb.AttributeValues;
import dev.lambassador.dynamodb.DynamoDbApiKeyStore;
import dev.lambassador.dynamodb.DynamoDbClients;
import dev.lambassador.dynamodb.RoutesTable;
import dev.lambassador.testing.DynamoDbEmulator;
import dev.lambassador.testing.EmulatedDynamoDb;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * End to end: a real HTTP client, the local API Gateway, the real authorizer and router, the demo
 * backend, with tokens signed by the development key and API keys in the local key store.
 */
@ExtendWith(DynamoDbEmulator.class)
@SuppressWarnings("unchecked")
class DevServerTest {

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    static Path home;
    private static Map<String, String> environment;
    private static DevIdentity identity;
    private static DevServer rest;
    private static DevServer http;
    private static String acmeKey;

    @BeforeAll
    static void startBothPayloadVersions() throws Exception {
        environment = Map.of("LAMBASSADOR_HOME", home.toString());
        identity = DevIdentity.loadOrCreate(home);
        acmeKey = ApiKeys.generate();
        new LocalApiKeyStore(home.resolve(LocalApiKeyStore.FILE))
                .save(ApiKeys.hash(acmeKey), new Consumer("acme", "Acme Ltd", "basic", Set.of("orders:read"), true));
        rest = DevServer.start(options(PayloadVersion.V1, null), environment, null);
        http = DevServer.start(options(PayloadVersion.V2, null), environment, null);
    }

    @AfterAll
    static void stop() {
        rest.close();
        http.close();
    }

    private static DevServer.Options options(PayloadVersion payload, String table) {
        return new DevServer.Options("127.0.0.1", 0, null, table, payload, Duration.ofSeconds(30), RouteAuth.ANY, Duration.ZERO);
    }

    /** The gateway serving a table of the emulator, open to anonymous callers, its routes checked with a ttl of zero. */
    private static DevServer startOnTable(EmulatedDynamoDb dynamoDb, String table) throws Exception {
        DevServer.Options options = new DevServer.Options("127.0.0.1", 0, null, table, PayloadVersion.V1, Duration.ZERO,
                RouteAuth.NONE, Duration.ZERO);
        Map<String, String> variables = new HashMap<>(dynamoDb.environment());
        variables.putAll(environment);
        return DevServer.start(options, variables, null);
    }

    private static String token(String... scopes) {
        return identity.mint("alice", Set.of(scopes), Duration.ofMinutes(5), "web-app");
    }

    private static HttpRequest.Builder get(DevServer server, String path) {
        return HttpRequest.newBuilder(URI.create(server.uri() + path));
    }

    private static HttpResponse<byte[]> send(HttpRequest.Builder request) throws Exception {
        return CLIENT.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static Map<String, Object> json(HttpResponse<byte[]> response) throws Exception {
        return JSON.std.mapFrom(response.body());
    }

    @Test
    void echoRouteForwardsPathQueryAndHeaders() throws Exception {
        for (DevServer server : List.of(rest, http)) {
            HttpResponse<byte[]> response = send(HttpRequest.newBuilder(URI.create(server.uri() + "/echo/hello?name=world&tag=a&tag=b"))
                    .header("X-Custom", "yes"));

            assertThat(response.statusCode()).isEqualTo(200);
            Map<String, Object> echo = json(response);
            assertThat(echo).containsEntry("method", "GET").containsEntry("path", "/hello")
                    .containsEntry("query", "name=world&tag=a&tag=b");
            assertThat((Map<String, Object>) echo.get("headers")).containsEntry("X-Custom", "yes").containsKey("X-Request-Id")
                    .containsEntry("X-Forwarded-Proto", "http");
        }
    }

    @Test
    void tokenWithTheRouteScopeIsServedAndTheBackendLearnsTheCaller() throws Exception {
        for (DevServer server : List.of(rest, http)) {
            HttpResponse<byte[]> response = send(get(server, "/orders/42").header("Authorization", "Bearer " + token("orders:read")));

            assertThat(response.statusCode()).as(server.payload().describe()).isEqualTo(200);
            assertThat(json(response)).containsEntry("path", "/internal/orders/42");
            assertThat((Map<String, Object>) json(response).get("headers")).containsEntry("X-Authenticated-Subject", "alice")
                    .containsEntry("X-Consumer-Id", "web-app").containsEntry("X-Authenticated-Scopes", "orders:read");
        }
    }

    @Test
    void protectedRouteWithoutCredentialsIs401() throws Exception {
        for (DevServer server : List.of(rest, http)) {
            HttpResponse<byte[]> response = send(get(server, "/orders/42"));

            assertThat(response.statusCode()).as(server.payload().describe()).isEqualTo(401);
            assertThat(json(response)).containsEntry("message", "this route needs a bearer token");
            assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        }
    }

    @Test
    void tokenWithoutTheRouteScopeIs403() throws Exception {
        for (DevServer server : List.of(rest, http)) {
            HttpResponse<byte[]> response = send(get(server, "/orders/42").header("Authorization", "Bearer " + token("profile")));

            assertThat(response.statusCode()).as(server.payload().describe()).isEqualTo(403);
            assertThat(json(response)).containsEntry("message", "missing scope orders:read");
        }
    }

    @Test
    void invalidTokenIsRefusedByTheAuthorizer() throws Exception {
        String expired = identity.mint("alice", Set.of("orders:read"), Duration.ofMinutes(-10), null);
        String tampered = token("orders:read").replaceFirst("\\.[^.]+\\.", "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString("{\"sub\":\"root\",\"scope\":\"orders:read\"}".getBytes(StandardCharsets.UTF_8)) + ".");
        for (String bad : List.of(expired, tampered, "not-a-jwt")) {
            HttpResponse<byte[]> restResponse = send(get(rest, "/echo/x").header("Authorization", "Bearer " + bad));
            HttpResponse<byte[]> httpResponse = send(get(http, "/echo/x").header("Authorization", "Bearer " + bad));

            assertThat(restResponse.statusCode()).as("REST API: Unauthorized").isEqualTo(401);
            assertThat(httpResponse.statusCode()).as("HTTP API: isAuthorized false").isEqualTo(403);
        }
    }

    @Test
    void apiKeyReachesRoutesThatAcceptKeysAndNeverTheBackend() throws Exception {
        HttpResponse<byte[]> response = send(get(rest, "/whoami").header("x-api-key", acmeKey));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat((Map<String, Object>) json(response).get("headers")).containsEntry("X-Consumer-Id", "acme")
                .containsEntry("X-Consumer-Plan", "basic").doesNotContainKey("X-Api-Key");
    }

    @Test
    void apiKeyOnATokenOnlyRouteIs401() throws Exception {
        HttpResponse<byte[]> response = send(get(rest, "/orders/42").header("x-api-key", acmeKey));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(json(response)).containsEntry("message", "this route needs a bearer token");
    }

    @Test
    void unknownApiKeyIsRefusedByTheAuthorizer() throws Exception {
        assertThat(send(get(rest, "/echo/x").header("x-api-key", ApiKeys.generate())).statusCode()).isEqualTo(401);
        assertThat(send(get(http, "/echo/x").header("x-api-key", ApiKeys.generate())).statusCode()).isEqualTo(403);
    }

    @Test
    void keyCreatedWhileRunningWorksAtOnce() throws Exception {
        String key = ApiKeys.generate();
        new LocalApiKeyStore(home.resolve(LocalApiKeyStore.FILE))
                .save(ApiKeys.hash(key), new Consumer("late", null, null, Set.of(), true));

        assertThat(send(get(rest, "/whoami").header("x-api-key", key)).statusCode()).isEqualTo(200);
    }

    @Test
    void cachedDecisionsNeedTheAuthorizationHeaderOnEveryRequest() throws Exception {
        DevServer.Options cached = new DevServer.Options("127.0.0.1", 0, null, null, PayloadVersion.V1, Duration.ofSeconds(30),
                RouteAuth.ANY, Duration.ofMinutes(5));
        try (DevServer server = DevServer.start(cached, environment, null)) {
            assertThat(send(get(server, "/echo/x")).statusCode()).as("public route, but no identity source").isEqualTo(401);
            String token = token("orders:read");
            for (int i = 0; i < 2; i++) {
                assertThat(send(get(server, "/orders/1").header("Authorization", "Bearer " + token)).statusCode()).isEqualTo(200);
                assertThat(send(get(server, "/whoami").header("Authorization", "Bearer " + token)).statusCode())
                        .as("the cached stage-wide Allow covers the caller's other routes").isEqualTo(200);
            }
        }
    }

    @Test
    void binaryBodyRoundTripsThroughBothPayloadVersions() throws Exception {
        byte[] binary = {0, 1, 2, (byte) 0xfe, (byte) 0xff, '\n'};
        for (DevServer server : List.of(rest, http)) {
            HttpResponse<byte[]> response = send(HttpRequest.newBuilder(URI.create(server.uri() + "/echo/upload"))
                    .header("Content-Type", "application/octet-stream")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(binary)));

            Map<String, Object> echo = json(response);
            assertThat(echo).containsEntry("bodyBase64", true).containsEntry("body", Base64.getEncoder().encodeToString(binary));
        }
    }

    @Test
    void cookiesReachTheBackendThroughHttpApiEvents() throws Exception {
        HttpResponse<byte[]> response = send(HttpRequest.newBuilder(URI.create(http.uri() + "/echo/c"))
                .header("Cookie", "a=1; b=2"));

        assertThat((Map<String, Object>) json(response).get("headers")).containsEntry("Cookie", "a=1; b=2");
    }

    @Test
    void slowBackendIs504() throws Exception {
        HttpResponse<byte[]> response = send(HttpRequest.newBuilder(URI.create(rest.uri() + "/slow")));

        assertThat(response.statusCode()).isEqualTo(504);
        assertThat(json(response)).containsEntry("message", "backend did not answer in time").containsKey("requestId");
    }

    @Test
    void unknownPathIs404AndWrongMethodIs405() throws Exception {
        assertThat(send(HttpRequest.newBuilder(URI.create(rest.uri() + "/nowhere"))).statusCode()).isEqualTo(404);
        HttpResponse<byte[]> wrongMethod = send(HttpRequest.newBuilder(URI.create(http.uri() + "/orders/42")).DELETE());
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(wrongMethod.headers().firstValue("Allow")).contains("GET");
    }

    @Test
    void ambiguousPathsAre400() throws Exception {
        for (DevServer server : List.of(rest, http)) {
            for (String path : List.of("/echo//x", "/echo/a%2Fb", "/echo/%2e%2e/x", "/echo/%C3")) {
                HttpResponse<byte[]> response = send(HttpRequest.newBuilder(URI.create(server.uri() + path)));

                assertThat(response.statusCode()).as(server.payload() + " " + path).isEqualTo(400);
                assertThat(json(response)).containsKey("message");
            }
        }
    }

    @Test
    void clientForwardingHeadersAreExtendedNotDuplicated() throws Exception {
        for (DevServer server : List.of(rest, http)) {
            HttpResponse<byte[]> response = send(HttpRequest.newBuilder(URI.create(server.uri() + "/echo/f"))
                    .header("X-Forwarded-For", "192.0.2.1")
                    .header("X-Forwarded-Proto", "https"));

            Map<String, Object> headers = (Map<String, Object>) json(response).get("headers");
            assertThat(headers).as(server.payload().describe())
                    .containsEntry("X-Forwarded-For", "192.0.2.1, 127.0.0.1")
                    .containsEntry("X-Forwarded-Proto", "http");
        }
    }

    @Test
    void routeAddedToTheDynamoDbTableIsServedWithoutARestart(EmulatedDynamoDb dynamoDb) throws Exception {
        String table = dynamoDb.uniqueTableName("routes");
        RoutesTable.create(dynamoDb.client(), table);
        try (DevServer server = startOnTable(dynamoDb, table)) {
            URI uri = URI.create(server.uri() + "/db/x");
            assertThat(send(HttpRequest.newBuilder(uri)).statusCode()).isEqualTo(404);

            dynamoDb.client().putItem(put -> put.tableName(table).item(AttributeValues.fromJava(Map.of(
                    "kind", "route", "id", "from-dynamodb", "path", "/db/{proxy+}", "backend", server.echoUri() + "/{proxy}"))));

            HttpResponse<byte[]> response = send(HttpRequest.newBuilder(uri));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (response.statusCode() == 404 && System.nanoTime() < deadline) {
                Thread.sleep(50);
                response = send(HttpRequest.newBuilder(uri));
            }
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(json(response)).containsEntry("path", "/x");
        }
    }

    @Test
    void putUpdateAndDeleteInAnEmulatorsTableAreServedThroughItsStream(EmulatedDynamoDb dynamoDb) throws Exception {
        String table = dynamoDb.uniqueTableName("routes");
        RoutesTable.create(dynamoDb.client(), table);
        try (DevServer server = startOnTable(dynamoDb, table)) {
            assertThat(server.changesDescription()).contains("stream");
            Map<String, Object> route = new HashMap<>(Map.of("kind", "route", "id", "edited", "path", "/edited/{proxy+}",
                    "backend", server.echoUri() + "/first/{proxy}"));

            dynamoDb.client().putItem(put -> put.tableName(table).item(AttributeValues.fromJava(route)));
            assertThat(json(awaitAnswer(server, "/edited/x", response -> response.statusCode() == 200))).containsEntry("path", "/first/x");

            route.put("backend", server.echoUri() + "/second/{proxy}");
            dynamoDb.client().putItem(put -> put.tableName(table).item(AttributeValues.fromJava(route)));
            awaitAnswer(server, "/edited/x", response -> "/second/x".equals(json(response).get("path")));

            dynamoDb.client().deleteItem(delete -> delete.tableName(table)
                    .key(AttributeValues.fromJava(Map.of("kind", "route", "id", "edited"))));
            awaitAnswer(server, "/edited/x", response -> response.statusCode() == 404);
        }
    }

    @Test
    void aTableWithoutAStreamGetsOneAndATableMadeAfterTheStartIsFollowedToo(EmulatedDynamoDb dynamoDb) throws Exception {
        String table = dynamoDb.uniqueTableName("late");
        try (DevServer server = startOnTable(dynamoDb, table)) {
            assertThat(send(get(server, "/late/x")).statusCode()).as("no table yet").isEqualTo(503);
            dynamoDb.client().createTable(create -> create.tableName(table)
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(
                            AttributeDefinition.builder().attributeName("kind").attributeType(ScalarAttributeType.S).build(),
                            AttributeDefinition.builder().attributeName("id").attributeType(ScalarAttributeType.S).build())
                    .keySchema(
                            KeySchemaElement.builder().attributeName("kind").keyType(KeyType.HASH).build(),
                            KeySchemaElement.builder().attributeName("id").keyType(KeyType.RANGE).build()));
            Map<String, Object> route = new HashMap<>(Map.of("kind", "route", "id", "late", "path", "/late/{proxy+}",
                    "backend", server.echoUri() + "/first/{proxy}"));
            dynamoDb.client().putItem(put -> put.tableName(table).item(AttributeValues.fromJava(route)));
            awaitAnswer(server, "/late/x", response -> response.statusCode() == 200);
            // The stream is enabled and read once the table can be read; an edit after that is served through it.
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (dynamoDb.client().describeTable(d -> d.tableName(table)).table().latestStreamArn() == null
                    && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            Thread.sleep(2 * LocalStreamTrigger.POLL.toMillis());

            route.put("backend", server.echoUri() + "/second/{proxy}");
            dynamoDb.client().putItem(put -> put.tableName(table).item(AttributeValues.fromJava(route)));

            awaitAnswer(server, "/late/x", response -> "/second/x".equals(json(response).get("path")));
            assertThat(dynamoDb.client().describeTable(d -> d.tableName(table)).table().streamSpecification().streamViewTypeAsString())
                    .isEqualTo("KEYS_ONLY");
        }
    }

    /** Asks every 50 ms until the answer is the expected one, for at most 5 s: the freshness the gateway promises. */
    private static HttpResponse<byte[]> awaitAnswer(DevServer server, String path, ExpectedAnswer expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        HttpResponse<byte[]> response = send(get(server, path));
        while (!expected.test(response) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            response = send(get(server, path));
        }
        assertThat(expected.test(response)).as("within 5 s: " + new String(response.body(), java.nio.charset.StandardCharsets.UTF_8))
                .isTrue();
        return response;
    }

    @FunctionalInterface
    private interface ExpectedAnswer {
        boolean test(HttpResponse<byte[]> response) throws Exception;
    }

    @Test
    void apiKeysAreReadFromTheRoutesTableWhenRoutesAre(EmulatedDynamoDb dynamoDb) throws Exception {
        String table = dynamoDb.uniqueTableName("routes");
        RoutesTable.create(dynamoDb.client(), table);
        String key = ApiKeys.generate();
        new DynamoDbApiKeyStore(DynamoDbClients.jsonClient(dynamoDb.client()), table).save(ApiKeys.hash(key), new Consumer("acme", null, "gold", Set.of(), true));
        dynamoDb.client().putItem(put -> put.tableName(table).item(AttributeValues.fromJava(Map.of(
                "kind", "route", "id", "keys-only", "path", "/k", "backend", "http://127.0.0.1:1", "auth", "apiKey"))));
        DevServer.Options options = new DevServer.Options("127.0.0.1", 0, null, table, PayloadVersion.V1, Duration.ofSeconds(30),
                RouteAuth.ANY, Duration.ZERO);
        Map<String, String> variables = new HashMap<>(dynamoDb.environment());
        variables.putAll(environment);
        try (DevServer server = DevServer.start(options, variables, null)) {
            assertThat(send(get(server, "/k")).statusCode()).isEqualTo(401);
            assertThat(send(get(server, "/k").header("x-api-key", key)).statusCode()).as("allowed; the backend refuses").isEqualTo(502);
        }
    }
}
