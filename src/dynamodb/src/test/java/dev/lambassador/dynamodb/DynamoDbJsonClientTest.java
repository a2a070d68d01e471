package dev.lambassador.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lambassador.testing.DynamoDbEmulator;
import dev.lambassador.testing.DynamoDbProxy;
import dev.lambassador.testing.EmulatedDynamoDb;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The client against a real DynamoDB API (moto): queries over several pages, items of every type, DynamoDB's errors. */
@ExtendWith(DynamoDbEmulator.class)
class DynamoDbJsonClientTest {

    private final EmulatedDynamoDb dynamoDb;
    private final DynamoDbJsonClient client;
    private String table;

    DynamoDbJsonClientTest(EmulatedDynamoDb dynamoDb) {
        this.dynamoDb = dynamoDb;
        this.client = DynamoDbJsonClient.fromEnvironment(dynamoDb.environment());
    }

    @BeforeEach
    void createTable() {
        table = dynamoDb.uniqueTableName("json-client");
        RoutesTable.create(dynamoDb.client(), table);
    }

    private void put(String kind, String id, Map<String, Object> attributes) {
        Map<String, Object> item = new LinkedHashMap<>(attributes);
        item.put("kind", kind);
        item.put("id", id);
        dynamoDb.client().putItem(put -> put.tableName(table).item(AttributeValues.fromJava(item)));
    }

    private static Map<String, Object> query(String table, String kind) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("TableName", table);
        request.put("KeyConditionExpression", "#kind = :kind");
        request.put("ExpressionAttributeNames", Map.of("#kind", "kind"));
        request.put("ExpressionAttributeValues", Map.of(":kind", Map.of("S", kind)));
        request.put("ConsistentRead", true);
        return request;
    }

    @Test
    void aQueryFollowsLastEvaluatedKeyToTheEnd() {
        for (int i = 0; i < 7; i++) {
            put("route", "r" + i, Map.of("path", "/r" + i));
        }
        put("consumer", "acme", Map.of());
        Map<String, Object> request = query(table, "route");
        request.put("Limit", 2);

        try (DynamoDbProxy proxy = DynamoDbProxy.start(dynamoDb.endpoint())) {
            DynamoDbJsonClient counted = new DynamoDbJsonClient(proxy.uri(), client.region(), () -> new AwsCredentials("test", "test", null));
            List<Map<String, Object>> items = counted.query(request);

            assertThat(items).extracting(item -> item.get("id")).containsExactly("r0", "r1", "r2", "r3", "r4", "r5", "r6");
            assertThat(proxy.calls("Query")).as("pages of 2, the last one empty or short").isBetween(4L, 5L);
        }
    }

    @Test
    void aQueryOfMoreThanOneMegabyteComesInPages() {
        String large = "x".repeat(100_000);
        for (int i = 0; i < 12; i++) {
            put("route", String.format("r%02d", i), Map.of("path", "/r" + i, "blob", large));
        }

        try (DynamoDbProxy proxy = DynamoDbProxy.start(dynamoDb.endpoint())) {
            DynamoDbJsonClient counted = new DynamoDbJsonClient(proxy.uri(), client.region(), () -> new AwsCredentials("test", "test", null));
            List<Map<String, Object>> items = counted.query(query(table, "route"));

            assertThat(items).hasSize(12).allSatisfy(item -> assertThat(item.get("blob")).isEqualTo(large));
            assertThat(proxy.calls("Query")).as("DynamoDB answers at most 1 MB a page").isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void itemsOfEveryTypeReadAsTheSdkModelReadsThem() {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put("kind", AttributeValue.fromS("route"));
        item.put("id", AttributeValue.fromS("typed"));
        item.put("s", AttributeValue.fromS("caf\u00e9 \u20ac"));
        item.put("n", AttributeValue.fromN("12.50"));
        item.put("bool", AttributeValue.fromBool(false));
        item.put("null", AttributeValue.fromNul(true));
        item.put("l", AttributeValue.fromL(List.of(AttributeValue.fromS("a"), AttributeValue.fromN("1"))));
        item.put("m", AttributeValue.fromM(Map.of("inner", AttributeValue.fromM(Map.of("x", AttributeValue.fromBool(true))))));
        item.put("ss", AttributeValue.fromSs(List.of("b", "a")));
        item.put("ns", AttributeValue.fromNs(List.of("3", "1.5")));
        item.put("b", AttributeValue.fromB(software.amazon.awssdk.core.SdkBytes.fromByteArray(new byte[] {0, 1, (byte) 0xff})));
        item.put("bs", AttributeValue.fromBs(List.of(software.amazon.awssdk.core.SdkBytes.fromByteArray(new byte[] {7}))));
        dynamoDb.client().putItem(put -> put.tableName(table).item(item));
        Map<String, Object> viaSdk = AttributeValues.toJava(dynamoDb.client().getItem(get -> get.tableName(table)
                .key(Map.of("kind", item.get("kind"), "id", item.get("id"))).consistentRead(true)).item());

        Map<String, Object> read = client.getItem(Map.of("TableName", table, "ConsistentRead", true,
                "Key", DynamoDbJson.fromJava(Map.of("kind", "route", "id", "typed"))), Instant.MAX).orElseThrow();

        assertThat(read.keySet()).isEqualTo(viaSdk.keySet());
        viaSdk.forEach((name, value) -> {
            if (value instanceof List<?> list && !list.isEmpty() && list.getFirst() instanceof byte[]) {
                assertThat(read.get(name)).asList().singleElement().isEqualTo(new byte[] {7});
            } else if (name.equals("ss") || name.equals("ns")) {
                // A set's order is DynamoDB's, not the writer's.
                assertThat(Set.copyOf((List<?>) read.get(name))).as(name).isEqualTo(Set.copyOf((List<?>) value));
            } else {
                assertThat(read.get(name)).as(name).isEqualTo(value);
            }
        });
        assertThat(read.get("n")).isEqualTo(new BigDecimal("12.50"));
        assertThat(read.get("b")).isEqualTo(new byte[] {0, 1, (byte) 0xff});
        assertThat(read).containsEntry("null", null);
    }

    @Test
    void aMissingItemIsEmpty() {
        assertThat(client.getItem(Map.of("TableName", table, "Key", DynamoDbJson.fromJava(Map.of("kind", "route", "id", "none"))),
                Instant.MAX)).isEmpty();
    }

    @Test
    void aMissingTableIsNamedWithDynamoDbsError() {
        assertThatThrownBy(() -> client.query(query("no-such-table", "route")))
                .isInstanceOf(DynamoDbException.class)
                .hasMessageContaining("DynamoDB Query on table no-such-table")
                .hasMessageContaining("ResourceNotFoundException")
                .hasMessageContaining("HTTP 400")
                .satisfies(e -> {
                    assertThat(((DynamoDbException) e).type()).isEqualTo("ResourceNotFoundException");
                    assertThat(((DynamoDbException) e).status()).isEqualTo(400);
                });
    }

    @Test
    void aConditionalWriteThatFailsSaysSo() {
        put("consumer", "acme", Map.of());

        assertThatThrownBy(() -> client.call("PutItem", Map.of("TableName", table,
                "Item", DynamoDbJson.fromJava(Map.of("kind", "consumer", "id", "acme")),
                "ConditionExpression", "attribute_not_exists(id)")))
                .isInstanceOf(DynamoDbException.class)
                .satisfies(e -> assertThat(((DynamoDbException) e).type()).isEqualTo("ConditionalCheckFailedException"));
    }

    @Test
    void credentialsTheSdkCannotResolveFailTheCallWithTheProvidersMessage() {
        // As an expired SSO session does for the CLI: the SDK client's provider throws, and the call says why.
        DynamoDbClient sdk = DynamoDbClient.builder()
                .endpointOverride(dynamoDb.endpoint())
                .region(Region.of(client.region()))
                .credentialsProvider(() -> {
                    throw SdkClientException.create("the SSO session has expired");
                })
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
        try (sdk) {
            assertThatThrownBy(() -> DynamoDbClients.jsonClient(sdk).call("GetItem", Map.of("TableName", table,
                    "Key", DynamoDbJson.fromJava(Map.of("kind", "consumer", "id", "acme")))))
                    .isInstanceOf(DynamoDbException.class)
                    .hasMessageContaining("cannot resolve AWS credentials: the SSO session has expired");
        }
    }
}
