package dev.lambassador.dynamodb;

import dev.lambassador.core.route.RouteSource;
import dev.lambassador.core.store.ItemKind;
import dev.lambassador.core.store.TableSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The router's items from the routes table: one strongly consistent Query (paginated) of each of the
 * partitions {@link TableSchema#ROUTER_READS} names ({@code route}, {@code api}, {@code version} and
 * {@code backend}), so a person's edit is seen by the next load and other kinds of item
 * (consumers, API keys) are never read. Its {@link #revision()} is the table's revision item
 * ({@link TableRevision}), one small GetItem, which a router reads between loads.
 */
public final class DynamoDbRouteSource implements RouteSource {

    private final DynamoDbJsonClient client;
    private final String tableName;

    public DynamoDbRouteSource(DynamoDbJsonClient client, String tableName) {
        this.client = Objects.requireNonNull(client, "client");
        this.tableName = Objects.requireNonNull(tableName, "tableName");
    }

    @Override
    public List<Map<String, Object>> load() {
        List<Map<String, Object>> items = new ArrayList<>();
        for (ItemKind kind : TableSchema.ROUTER_READS) {
            items.addAll(client.query(Map.of(
                    "TableName", tableName,
                    "KeyConditionExpression", "#kind = :kind",
                    "ExpressionAttributeNames", Map.of("#kind", TableSchema.PARTITION_KEY),
                    "ExpressionAttributeValues", Map.of(":kind", DynamoDbJson.fromJava(kind.value())),
                    "ConsistentRead", true)));
        }
        return items;
    }

    @Override
    public Optional<String> revision() {
        return Optional.of(TableRevision.read(client, tableName));
    }

    @Override
    public String describe() {
        return "dynamodb table " + tableName;
    }
}
