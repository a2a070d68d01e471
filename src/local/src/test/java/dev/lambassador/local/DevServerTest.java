package dev.lambassador.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.lambassador.dynamodb.AttributeValues;
import dev.lambassador.dynamodb.RoutesTable;
import dev.lambassador.testing.DynamoDbEmulator;
import dev.lambassador.testing.EmulatedDynamoDb;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** End to end: a real HTTP client, the local API Gateway, the real router, the demo backend. */
@ExtendWith(DynamoDbEmulator.class)
@SuppressWarnings("unchecked")
class DevServerTest {

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static DevServer rest;
    private static DevServer http;

    @BeforeAll
    static void startBothPayloadVersions() throws Exception {
        rest = DevServer.start(options(PayloadVersion.V1, null), Map.of(), null);
        http = DevServer.start(options(PayloadVersion.V2, null), Map.of(), null);
    }

    @AfterAll
    static void stop() {
        rest.close();
        http.close();
    }

    private static DevServer.Options options(PayloadVersion payload, String table) {
        return new DevServer.Options("127.0.0.1", 0, null, table, payload, Duration.ofSeconds(30));
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
    void pathParameterIsMappedIntoTheBackendPath() throws Exception {
        HttpResponse<byte[]> response = send(HttpRequest.newBuilder(URI.create(rest.uri() + "/orders/42")));

        assertThat(json(response)).containsEntry("path", "/internal/orders/42");
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
        DevServer.Options options = new DevServer.Options("127.0.0.1", 0, null, table, PayloadVersion.V1, Duration.ZERO);
        try (DevServer server = DevServer.start(options, dynamoDb.environment(), null)) {
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
}
