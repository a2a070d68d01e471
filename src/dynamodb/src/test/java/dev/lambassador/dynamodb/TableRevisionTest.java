package dev.lambassador.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lambassador.core.store.ItemKind;
import dev.lambassador.core.store.TableSchema;
import dev.lambassador.testing.DynamoDbEmulator;
import dev.lambassador.testing.EmulatedDynamoDb;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

@ExtendWith(DynamoDbEmulator.class)
class TableRevisionTest {

    private final EmulatedDynamoDb dynamoDb;
    private DynamoDbStreamsClient streams;
    private String table;

    TableRevisionTest(EmulatedDynamoDb dynamoDb) {
        this.dynamoDb = dynamoDb;
    }

    @BeforeEach
    void createTable() {
        table = dynamoDb.uniqueTableName("revision");
        RoutesTable.create(dynamoDb.client(), table);
        streams = TableStream.clientFromEnvironment(dynamoDb.environment());
    }

    @AfterEach
    void closeStreams() {
        streams.close();
    }

    private void put(ItemKind kind, String id) {
        Map<String, Object> item = new LinkedHashMap<>(TableSchema.item(kind, id));
        item.put("path", "/" + id);
        dynamoDb.client().putItem(put -> put.tableName(table).item(AttributeValues.fromJava(item)));
    }

    private static List<String> partitions(List<Record> records) {
        return records.stream().map(record -> record.dynamodb().keys().get(TableSchema.PARTITION_KEY).s()).toList();
    }

    @Test
    void aTableNeverBumpedReadsAsZeroAndEachBumpMovesIt() {
        assertThat(TableRevision.read(DynamoDbClients.jsonClient(dynamoDb.client()), table)).isEqualTo("0");

        assertThat(TableRevision.bump(DynamoDbClients.jsonClient(dynamoDb.client()), table)).isEqualTo(1);
        String first = TableRevision.read(DynamoDbClients.jsonClient(dynamoDb.client()), table);
        assertThat(TableRevision.bump(DynamoDbClients.jsonClient(dynamoDb.client()), table)).isEqualTo(2);

        assertThat(first).startsWith("1 ");
        assertThat(TableRevision.read(DynamoDbClients.jsonClient(dynamoDb.client()), table)).startsWith("2 ").isNotEqualTo(first);
    }

    @Test
    void theRevisionIsTheMetaItemOfTheSchema() {
        TableRevision.bump(DynamoDbClients.jsonClient(dynamoDb.client()), table);

        Map<String, Object> item = AttributeValues.toJava(dynamoDb.client().getItem(get -> get.tableName(table)
                .key(AttributeValues.fromJava(TableSchema.item(ItemKind.META, TableSchema.REVISION_ID)))).item());

        assertThat(item).containsEntry("kind", "meta").containsEntry("id", "revision").containsKey("updatedAt");
        assertThat(((Number) item.get("revision")).intValue()).isEqualTo(1);
    }

    @Test
    void realStreamRecordsOfARouteChangeBumpOnceAndTheBumpsOwnRecordDoesNot() {
        TableStream stream = TableStream.fromOldest(dynamoDb.client(), streams, table);
        put(ItemKind.ROUTE, "orders");
        put(ItemKind.VERSION, "orders-v2");
        dynamoDb.client().deleteItem(delete -> delete.tableName(table)
                .key(AttributeValues.fromJava(TableSchema.item(ItemKind.ROUTE, "orders"))));

        List<Record> changes = stream.poll();
        assertThat(changes).extracting(record -> record.eventNameAsString()).containsExactly("INSERT", "INSERT", "REMOVE");
        assertThat(TableRevision.bumpIfRoutersRead(DynamoDbClients.jsonClient(dynamoDb.client()), table, partitions(changes))).isTrue();
        assertThat(TableRevision.read(DynamoDbClients.jsonClient(dynamoDb.client()), table)).as("one bump for the batch").startsWith("1 ");

        List<Record> bump = stream.poll();
        assertThat(partitions(bump)).isNotEmpty().containsOnly("meta");
        assertThat(TableRevision.bumpIfRoutersRead(DynamoDbClients.jsonClient(dynamoDb.client()), table, partitions(bump))).as("no loop").isFalse();
        assertThat(stream.poll()).isEmpty();
        assertThat(TableRevision.read(DynamoDbClients.jsonClient(dynamoDb.client()), table)).startsWith("1 ");
    }

    @Test
    void changesOfKindsRoutersDoNotReadMoveNothing() {
        TableStream stream = TableStream.fromOldest(dynamoDb.client(), streams, table);
        put(ItemKind.CONSUMER, "acme");
        put(ItemKind.API_KEY, "hash");

        assertThat(TableRevision.bumpIfRoutersRead(DynamoDbClients.jsonClient(dynamoDb.client()), table, partitions(stream.poll()))).isFalse();
        assertThat(TableRevision.read(DynamoDbClients.jsonClient(dynamoDb.client()), table)).isEqualTo("0");
    }
}
