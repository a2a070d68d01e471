package dev.lambassador.router;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.jr.ob.JSON;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.lambassador.core.backend.BackendAddressGuard;
import dev.lambassador.core.store.ItemKind;
import dev.lambassador.core.store.TableSchema;
import dev.lambassador.dynamodb.AttributeValues;
import dev.lambassador.dynamodb.DynamoDbClients;
import dev.lambassador.dynamodb.DynamoDbRouteSource;
import dev.lambassador.dynamodb.RoutesTable;
import dev.lambassador.dynamodb.TableRevision;
import dev.lambassador.dynamodb.TableStream;
import dev.lambassador.testing.DynamoDbEmulator;
import dev.lambassador.testing.EmulatedDynamoDb;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/** The stream function, fed the real records an emulator's stream holds, in the event shape Lambda gives it. */
@ExtendWith(DynamoDbEmulator.class)
class RevisionHandlerTest {

    @RegisterExtension
    static final WireMockExtension backend = WireMockExtension.newInstance()
            .options(options().dynamicPort().bindAddress("127.0.0.1")).build();

    private final EmulatedDynamoDb dynamoDb;
    private DynamoDbStreamsClient streams;
    private TableStream stream;
    private String table;

    RevisionHandlerTest(EmulatedDynamoDb dynamoDb) {
        this.dynamoDb = dynamoDb;
    }

    @BeforeEach
    void createTable() {
        table = dynamoDb.uniqueTableName("routes");
        RoutesTable.create(dynamoDb.client(), table);
        streams = TableStream.clientFromEnvironment(dynamoDb.environment());
        stream = TableStream.fromOldest(dynamoDb.client(), streams, table);
    }

    @AfterEach
    void closeStreams() {
        streams.close();
    }

    private void put(ItemKind kind, String id, Map<String, Object> attributes) {
        Map<String, Object> item = new LinkedHashMap<>(TableSchema.item(kind, id));
        item.putAll(attributes);
        dynamoDb.client().putItem(put -> put.tableName(table).item(AttributeValues.fromJava(item)));
    }

    /** What Lambda would invoke the function with for the records written since the last call, and its answer. */
    private Map<String, Object> deliverTheStream() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new RevisionHandler(DynamoDbClients.jsonClient(dynamoDb.client())).handleRequest(new ByteArrayInputStream(stream.lambdaEvent(stream.poll())), out, null);
        return JSON.std.mapFrom(out.toByteArray());
    }

    private static int status(RouterHandler router, String path) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        router.handleRequest(new ByteArrayInputStream(("{\"httpMethod\":\"GET\",\"path\":\"" + path + "\"}")
                .getBytes(StandardCharsets.UTF_8)), out, null);
        return ((Number) JSON.std.mapFrom(out.toByteArray()).get("statusCode")).intValue();
    }

    @Test
    void aRouteWrittenByAnyMeansIsServedOnceTheStreamFunctionRan() throws Exception {
        backend.stubFor(get(urlEqualTo("/hello")).willReturn(aResponse().withStatus(200).withBody("hello")));
        // Checked on every request, so that the test needs no clock.
        RouterHandler router = new RouterHandler(new RouterConfig(new DynamoDbRouteSource(DynamoDbClients.jsonClient(dynamoDb.client()), table), Duration.ZERO)
                .withRoutesMaxAge(Duration.ZERO).withBackendGuard(BackendAddressGuard.LOOPBACK_ALLOWED));
        assertThat(status(router, "/hello")).isEqualTo(404);

        put(ItemKind.ROUTE, "hello", Map.of("path", "/hello", "backend", backend.baseUrl(), "auth", "none"));
        assertThat(status(router, "/hello")).as("not announced yet").isEqualTo(404);

        assertThat(deliverTheStream()).containsEntry("records", 1).containsEntry("bumped", true);
        assertThat(status(router, "/hello")).isEqualTo(200);
    }

    @Test
    void theRevisionItemsOwnChangeBumpsNothing() throws Exception {
        put(ItemKind.ROUTE, "hello", Map.of("path", "/hello", "backend", "http://b"));
        deliverTheStream();
        String revision = TableRevision.read(DynamoDbClients.jsonClient(dynamoDb.client()), table);

        assertThat(deliverTheStream()).containsEntry("bumped", false);

        assertThat(TableRevision.read(DynamoDbClients.jsonClient(dynamoDb.client()), table)).isEqualTo(revision).startsWith("1 ");
    }

    @Test
    void changesOfConsumersAndApiKeysBumpNothing() throws Exception {
        put(ItemKind.CONSUMER, "acme", Map.of("name", "Acme"));
        put(ItemKind.API_KEY, "0f3a", Map.of("consumer", "acme"));

        assertThat(deliverTheStream()).containsEntry("records", 2).containsEntry("bumped", false);
        assertThat(TableRevision.read(DynamoDbClients.jsonClient(dynamoDb.client()), table)).isEqualTo("0");
    }

    @Test
    void somethingElseThanAStreamEventIsRefusedSayingWhatIsWrong() {
        RevisionHandler handler = new RevisionHandler(DynamoDbClients.jsonClient(dynamoDb.client()));

        assertThatThrownBy(() -> handler.handleRequest(new ByteArrayInputStream("{\"httpMethod\":\"GET\"}".getBytes(StandardCharsets.UTF_8)),
                new ByteArrayOutputStream(), null)).hasMessageContaining("no Records list");
        assertThatThrownBy(() -> handler.handleRequest(new ByteArrayInputStream(
                "{\"Records\":[{\"eventSourceARN\":\"arn:aws:sqs:us-east-1:1:queue\",\"dynamodb\":{}}]}".getBytes(StandardCharsets.UTF_8)),
                new ByteArrayOutputStream(), null)).hasMessageContaining("eventSourceARN");
        assertThatThrownBy(() -> handler.handleRequest(new ByteArrayInputStream(
                ("{\"Records\":[{\"eventSourceARN\":\"arn:aws:dynamodb:us-east-1:1:table/routes/stream/x\","
                        + "\"dynamodb\":{\"Keys\":{\"id\":{\"S\":\"a\"}}}}]}").getBytes(StandardCharsets.UTF_8)),
                new ByteArrayOutputStream(), null)).hasMessageContaining("no string key 'kind'");
    }

    @Test
    void theTableIsNamedByTheRecordsStreamArn() {
        assertThat(RevisionHandler.tableOf("arn:aws:dynamodb:eu-west-1:123456789012:table/my-routes/stream/2026-12-01T08:00:00.000"))
                .isEqualTo("my-routes");
    }
}
