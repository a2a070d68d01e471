package dev.lambassador.dynamodb;

import static dev.lambassador.core.store.TableSchema.PARTITION_KEY;
import static dev.lambassador.core.store.TableSchema.REVISION;
import static dev.lambassador.core.store.TableSchema.REVISION_ID;
import static dev.lambassador.core.store.TableSchema.REVISION_UPDATED_AT;
import static dev.lambassador.core.store.TableSchema.SORT_KEY;

import dev.lambassador.core.store.ItemKind;
import dev.lambassador.core.store.TableSchema;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;

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

    /** The revision item's key, in DynamoDB JSON. */
    public static Map<String, Object> key() {
        return DynamoDbJson.fromJava(Map.of(PARTITION_KEY, ItemKind.META.value(), SORT_KEY, REVISION_ID));
    }

    /**
     * Moves the revision by one and stamps it with the time, creating the item if there is none. Call it after
     * changing the table's routes, APIs or versions where no stream function runs.
     *
     * @return the new revision number
     */
    public static long bump(DynamoDbJsonClient client, String tableName) {
        Map<String, Object> answer = client.call("UpdateItem", Map.of(
                "TableName", Objects.requireNonNull(tableName, "tableName"),
                "Key", key(),
                "UpdateExpression", "ADD #revision :one SET #updatedAt = :now",
                "ExpressionAttributeNames", Map.of("#revision", REVISION, "#updatedAt", REVISION_UPDATED_AT),
                "ExpressionAttributeValues", DynamoDbJson.fromJava(Map.of(":one", 1, ":now", Instant.now().toString())),
                "ReturnValues", "UPDATED_NEW"));
        if (!(answer.get("Attributes") instanceof Map<?, ?> attributes)
                || !(DynamoDbJson.toJava(attributes.get(REVISION)) instanceof BigDecimal revision)) {
            throw new IllegalStateException("DynamoDB UpdateItem on table " + tableName + " returned no revision number: " + answer);
        }
        return revision.longValueExact();
    }

    /**
     * Bumps the revision once if any of these changed items, given by their partition key values, is of a kind
     * routers load. Changes of other kinds (API keys, consumers) and of the revision item itself change nothing a
     * router serves and move nothing; the revision item's own change coming back on the stream is thus no loop.
     *
     * @return whether the revision was bumped
     */
    public static boolean bumpIfRoutersRead(DynamoDbJsonClient client, String tableName, Collection<String> changedPartitions) {
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
    public static String read(DynamoDbJsonClient client, String tableName) {
        Map<String, Object> item = client.getItem(Map.of(
                "TableName", tableName,
                "Key", key(),
                "ConsistentRead", true,
                "ProjectionExpression", "#revision, #updatedAt",
                "ExpressionAttributeNames", Map.of("#revision", REVISION, "#updatedAt", REVISION_UPDATED_AT)), Instant.MAX).orElse(Map.of());
        Object number = item.get(REVISION);
        Object updatedAt = item.get(REVISION_UPDATED_AT);
        return (number instanceof BigDecimal n ? n.toPlainString() : "0") + (updatedAt == null ? "" : " " + updatedAt);
    }
}
