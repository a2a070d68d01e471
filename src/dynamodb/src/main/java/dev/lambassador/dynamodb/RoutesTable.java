package dev.lambassador.dynamodb;

import static dev.lambassador.core.store.TableSchema.PARTITION_KEY;
import static dev.lambassador.core.store.TableSchema.SORT_KEY;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/**
 * Creates a routes table with the keys of {@link dev.lambassador.core.store.TableSchema}, for tests and
 * benchmarks against an emulator; deployed tables come from the CDK construct or {@code template.yaml}.
 */
public final class RoutesTable {

    private RoutesTable() {
    }

    /**
     * Creates a table with this schema, billed per request, with a stream of the changed items' keys (what the
     * revision's stream function reads, as the stacks' tables have), and waits until it is active.
     */
    public static void create(DynamoDbClient client, String tableName) {
        client.createTable(table -> table
                .tableName(tableName)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                        AttributeDefinition.builder().attributeName(PARTITION_KEY).attributeType(ScalarAttributeType.S).build(),
                        AttributeDefinition.builder().attributeName(SORT_KEY).attributeType(ScalarAttributeType.S).build())
                .keySchema(
                        KeySchemaElement.builder().attributeName(PARTITION_KEY).keyType(KeyType.HASH).build(),
                        KeySchemaElement.builder().attributeName(SORT_KEY).keyType(KeyType.RANGE).build())
                .streamSpecification(stream -> stream.streamEnabled(true).streamViewType(StreamViewType.KEYS_ONLY)));
        client.waiter().waitUntilTableExists(request -> request.tableName(tableName));
    }
}
