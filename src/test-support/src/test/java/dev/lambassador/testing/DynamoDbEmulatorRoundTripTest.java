package dev.lambassador.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

@ExtendWith(DynamoDbEmulator.class)
class DynamoDbEmulatorRoundTripTest {

    private final EmulatedDynamoDb dynamoDb;

    DynamoDbEmulatorRoundTripTest(EmulatedDynamoDb dynamoDb) {
        this.dynamoDb = dynamoDb;
    }

    @Test
    void itemPutThroughTheClientIsReadBack() {
        DynamoDbClient client = dynamoDb.client();
        String table = dynamoDb.uniqueTableName("routes");
        client.createTable(create -> create
                .tableName(table)
                .attributeDefinitions(AttributeDefinition.builder()
                        .attributeName("routeId").attributeType(ScalarAttributeType.S).build())
                .keySchema(KeySchemaElement.builder().attributeName("routeId").keyType(KeyType.HASH).build())
                .billingMode(BillingMode.PAY_PER_REQUEST));
        client.waiter().waitUntilTableExists(exists -> exists.tableName(table));

        client.putItem(put -> put.tableName(table).item(Map.of(
                "routeId", AttributeValue.fromS("orders-v2"),
                "backend", AttributeValue.fromS("https://orders.internal/v2"))));
        GetItemResponse read = client.getItem(get -> get
                .tableName(table).key(Map.of("routeId", AttributeValue.fromS("orders-v2"))).consistentRead(true));

        assertThat(read.item()).containsEntry("backend", AttributeValue.fromS("https://orders.internal/v2"));
    }

    @Test
    void methodParameterGetsTheSameEmulatorAsTheConstructor(EmulatedDynamoDb fromMethod) {
        assertThat(fromMethod).isSameAs(dynamoDb);
    }

    @Test
    void environmentMatchesTheClientsEndpointAndRegion() {
        assertThat(dynamoDb.environment())
                .containsEntry("AWS_ENDPOINT_URL", dynamoDb.endpoint().toString())
                .containsEntry("AWS_REGION", dynamoDb.region().id());
    }
}
