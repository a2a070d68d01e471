package dev.lambassador.dynamodb;

import static dev.lambassador.core.store.TableSchema.PARTITION_KEY;
import static dev.lambassador.core.store.TableSchema.REVISION_ATTRIBUTE;
import static dev.lambassador.core.store.TableSchema.REVISION_ID;
import static dev.lambassador.core.store.TableSchema.REVISION_UPDATED_AT;
import static dev.lambassador.core.store.TableSchema.SORT_KEY;

import dev.lambassador.core.store.ItemKind;
import dev.lambassador.core.store.TableSchema;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * The routes table's revision item ({@code kind=meta, id=revision}): a number that moves on every change of the
 * partitions routers load, and the time it last moved. Routers read it, one small item, to learn whether to query
 * the table again; the table's stream function, the local gateway and the route CLI move it.
 *
 * <p>By hand, the same as {@link #bump}: {@code aws dynamodb update-item --table-name routes --key
 * '{"kind":{"S":"meta"},"id":{"S":"revision"}}' --update-expression 'ADD revision :one SET updatedAt = :now'
 * --expression-attribute-values '{":one":{"N":"1"},":now":{"S":"2026-01-01T00:00:00Z"}}'}.
 */
public final class TableRevision {

    private TableRevision() {
    }

    /** The revision item's key. */
    public static Map<String, AttributeValue> key() {
        return Map.of(PARTITION_KEY, AttributeValue.fromS(ItemKind.META.value()), SORT_KEY, AttributeValue.fromS(REVISION_ID));
    }

    /**
     * Moves the revision by one and stamps it with the time, creating the item if there is none. Call it after
     * changing the table's routes, APIs or versions where no stream function runs.
     *
     * @return the new revision number
     */
    public static long bump(DynamoDbClient client, String tableName) {
        Map<String, AttributeValue> after = client.updateItem(update -> update
                .tableName(Objects.requireNonNull(tableName, "tableName"))
                .key(key())
                .updateExpression("ADD #revision :one SET #updatedAt = :now")
                .expressionAttributeNames(Map.of("#revision", REVISION_ATTRIBUTE, "#updatedAt", REVISION_UPDATED_AT))
                .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1"), ":now", AttributeValue.fromS(Instant.now().toString())))
                .returnValues(ReturnValue.UPDATED_NEW)).attributes();
        return Long.parseLong(after.get(REVISION_ATTRIBUTE).n());
    }

    /**
     * Bumps the revision once if any of these changed items, given by their partition key values, is of a kind
     * routers load. Changes of other kinds (API keys, consumers) and of the revision item itself change nothing a
     * router serves and move nothing; the revision item's own change coming back on the stream is thus no loop.
     *
     * @return whether the revision was bumped
     */
    public static boolean bumpIfRoutersRead(DynamoDbClient client, String tableName, Collection<String> changedPartitions) {
        if (changedPartitions.stream().noneMatch(TableSchema::routerReads)) {
            return false;
        }
        bump(client, tableName);
        return true;
    }

    /**
     * The revision as a token that differs whenever it moved: the number and the time, so that an item deleted and
     * bumped back to an earlier number still counts as moved. A table that was never bumped reads as {@code 0}.
     * One strongly consistent GetItem of a two-attribute item: half a read unit's worth of data, billed as one.
     */
    public static String read(DynamoDbClient client, String tableName) {
        Map<String, AttributeValue> item = client.getItem(get -> get
                .tableName(tableName)
                .key(key())
                .consistentRead(true)
                .projectionExpression("#revision, #updatedAt")
                .expressionAttributeNames(Map.of("#revision", REVISION_ATTRIBUTE, "#updatedAt", REVISION_UPDATED_AT))).item();
        if (item == null || item.isEmpty()) {
            return "0";
        }
        AttributeValue number = item.get(REVISION_ATTRIBUTE);
        AttributeValue updatedAt = item.get(REVISION_UPDATED_AT);
        return (number == null ? "0" : number.n()) + (updatedAt == null ? "" : " " + updatedAt.s());
    }
}
