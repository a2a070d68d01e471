package dev.lambassador.dynamodb;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The table's key schema, shared by everything that reads or writes it (the router, the CLI, the
 * infrastructure). One table holds several kinds of item, each kind in its own partition:
 * {@code kind} (partition key) says what an item is, {@code id} (sort key) names it.
 */
public final class RoutesTable {

    public static final String PARTITION_KEY = "kind";
    public static final String SORT_KEY = "id";
    public static final String ROUTE_KIND = "route";

    private RoutesTable() {
    }

    /** Creates a table with this schema, billed per request, and waits until it is active. */
    public static void create(DynamoDbClient client, String tableName) {
        client.createTable(table -> table
                .tableName(tableName)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                        AttributeDefinition.builder().attributeName(PARTITION_KEY).attributeType(ScalarAttributeType.S).build(),
                        AttributeDefinition.builder().attributeName(SORT_KEY).attributeType(ScalarAttributeType.S).build())
                .keySchema(
                        KeySchemaElement.builder().attributeName(PARTITION_KEY).keyType(KeyType.HASH).build(),
                        KeySchemaElement.builder().attributeName(SORT_KEY).keyType(KeyType.RANGE).build()));
        client.waiter().waitUntilTableExists(request -> request.tableName(tableName));
    }
}
