package dev.lambassador.cli;

import dev.lambassador.dynamodb.AttributeValues;
import dev.lambassador.dynamodb.RoutesTable;
import dev.lambassador.testing.EmulatedDynamoDb;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Runs {@code lambassador} in-process against the emulator, as a user would from a shell with AWS_ENDPOINT_URL set. */
final class Cli {

    /** What a run showed: its exit code, and what it printed on each stream. */
    record Result(int status, String out, String err) {
    }

    private final EmulatedDynamoDb dynamoDb;
    private final Map<String, String> environment;

    Cli(EmulatedDynamoDb dynamoDb, Map<String, String> variables) {
        this.dynamoDb = dynamoDb;
        this.environment = new HashMap<>(dynamoDb.environment());
        this.environment.putAll(variables);
    }

    Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Lambassador.run(List.of(args), environment, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** A new, empty routes table. */
    String newTable() {
        String table = dynamoDb.uniqueTableName("routes");
        RoutesTable.create(dynamoDb.client(), table);
        return table;
    }

    /** Writes an item as someone would with the console or {@code aws dynamodb put-item}. */
    void putDirectly(String table, Map<String, Object> item) {
        dynamoDb.client().putItem(put -> put.tableName(table).item(AttributeValues.fromJava(item)));
    }

    Optional<Map<String, Object>> item(String table, String kind, String id) {
        Map<String, AttributeValue> item = dynamoDb.client().getItem(get -> get.tableName(table).consistentRead(true)
                .key(Map.of("kind", AttributeValue.fromS(kind), "id", AttributeValue.fromS(id)))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(AttributeValues.toJava(item));
    }

    /** How many items the table holds, its history (audit items) left out. */
    int count(String table) {
        return dynamoDb.client().scan(scan -> scan.tableName(table).filterExpression("kind <> :audit")
                .expressionAttributeValues(Map.of(":audit", AttributeValue.fromS("audit")))).count();
    }
}
