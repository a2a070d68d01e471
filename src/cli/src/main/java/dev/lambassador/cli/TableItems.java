package dev.lambassador.cli;

import dev.lambassador.core.store.ItemKind;
import dev.lambassador.core.store.TableSchema;
import dev.lambassador.dynamodb.AttributeValues;
import dev.lambassador.dynamodb.DynamoDbClients;
import dev.lambassador.dynamodb.DynamoDbException;
import dev.lambassador.dynamodb.TableRevision;
import java.math.BigDecimal;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/**
 * The routes table as the CLI reads and writes it: whole partitions read strongly consistent, and
 * every write made on condition that the item's {@link TableSchema#REVISION} is still the one read,
 * so that an edit made meanwhile (in the console, by another run) is reported, not overwritten.
 * AWS errors become one line that names the table, the region and the endpoint.
 */
final class TableItems {

    /** Another writer got there first: the item is not as it was read. */
    static final class Conflict extends Exception {
        Conflict(String message) {
            super(message);
        }
    }

    private final DynamoDbClient client;
    private final String table;
    private final Audit audit;

    TableItems(DynamoDbClient client, String table) {
        this(client, table, Audit.NONE);
    }

    /** @param audit told of every write and delete, once it is done */
    TableItems(DynamoDbClient client, String table, Audit audit) {
        this.client = Objects.requireNonNull(client, "client");
        this.table = Objects.requireNonNull(table, "table");
        this.audit = Objects.requireNonNull(audit, "audit");
    }

    String table() {
        return table;
    }

    /** Where the table is, for messages: {@code table 'routes' in region us-east-1 at http://localhost:5000}. */
    String where() {
        String region = String.valueOf(client.serviceClientConfiguration().region());
        String endpoint = client.serviceClientConfiguration().endpointOverride().map(URI::toString).orElse("DynamoDB's AWS endpoint");
        return "table '" + table + "' in region " + region + " at " + endpoint;
    }

    /** Every item of a kind, in id order. */
    List<Map<String, Object>> list(ItemKind kind) {
        return call(() -> {
            List<Map<String, Object>> items = new ArrayList<>();
            client.queryPaginator(query -> query.tableName(table)
                            .keyConditionExpression("#kind = :kind")
                            .expressionAttributeNames(Map.of("#kind", TableSchema.PARTITION_KEY))
                            .expressionAttributeValues(Map.of(":kind", AttributeValue.fromS(kind.value())))
                            .consistentRead(true))
                    .items().forEach(item -> items.add(AttributeValues.toJava(item)));
            return items;
        });
    }

    /** Every item of the kinds the CLI manages. */
    List<Map<String, Object>> listManaged() {
        List<Map<String, Object>> items = new ArrayList<>();
        Kinds.MANAGED.forEach(kind -> items.addAll(list(kind)));
        return items;
    }

    /** The item, or a {@link CliException} naming it and the table when there is none. */
    Map<String, Object> require(ItemKind kind, String id) {
        return get(kind, id).orElseThrow(() -> new CliException("no " + kind.value() + " '" + id + "' in " + where()));
    }

    Optional<Map<String, Object>> get(ItemKind kind, String id) {
        return call(() -> {
            Map<String, AttributeValue> item = client.getItem(get -> get.tableName(table).consistentRead(true).key(key(kind, id))).item();
            return item == null || item.isEmpty() ? Optional.<Map<String, Object>>empty() : Optional.of(AttributeValues.toJava(item));
        });
    }

    /**
     * Writes an item whose revision is set to {@code revision}, on condition that the item is absent
     * ({@code read} null) or still at {@code read}'s revision.
     */
    void put(Map<String, Object> item, Map<String, Object> read, long revision) throws Conflict {
        Map<String, Object> written = new LinkedHashMap<>(item);
        written.put(TableSchema.REVISION, revision);
        Map<String, String> names = new HashMap<>();
        Map<String, AttributeValue> values = new HashMap<>();
        String condition = condition(read, names, values);
        try {
            call(() -> client.putItem(put -> {
                put.tableName(table).item(AttributeValues.fromJava(written)).conditionExpression(condition).expressionAttributeNames(names);
                if (!values.isEmpty()) {
                    put.expressionAttributeValues(values);
                }
            }));
        } catch (ConditionalCheckFailedException e) {
            throw conflict(item);
        }
        audit.record(read, written);
        announce(written);
    }

    /** Deletes an item on condition that it is still at {@code read}'s revision. */
    void delete(Map<String, Object> read) throws Conflict {
        Map<String, String> names = new HashMap<>();
        Map<String, AttributeValue> values = new HashMap<>();
        String condition = condition(read, names, values);
        ItemKind kind = Kinds.of(String.valueOf(read.get(TableSchema.PARTITION_KEY)));
        try {
            call(() -> client.deleteItem(delete -> {
                delete.tableName(table).key(key(kind, (String) read.get(TableSchema.SORT_KEY)))
                        .conditionExpression(condition).expressionAttributeNames(names);
                if (!values.isEmpty()) {
                    delete.expressionAttributeValues(values);
                }
            }));
        } catch (ConditionalCheckFailedException e) {
            throw conflict(read);
        }
        audit.record(read, null);
        announce(read);
    }

    /**
     * Moves the table's revision after a change routers serve, so that they see it within seconds even
     * where no stream function runs (an emulator, a table the stacks did not create).
     */
    private void announce(Map<String, Object> changed) {
        if (TableSchema.routerReads(String.valueOf(changed.get(TableSchema.PARTITION_KEY)))) {
            call(() -> TableRevision.bump(DynamoDbClients.jsonClient(client), table));
        }
    }

    /** An item's revision: 0 when it has none (written by other means than the CLI). */
    static long revision(Map<String, ?> item) {
        return item.get(TableSchema.REVISION) instanceof Number number ? new BigDecimal(number.toString()).longValue() : 0;
    }

    private static String condition(Map<String, Object> read, Map<String, String> names, Map<String, AttributeValue> values) {
        if (read == null) {
            names.put("#id", TableSchema.SORT_KEY);
            return "attribute_not_exists(#id)";
        }
        names.put("#revision", TableSchema.REVISION);
        if (!read.containsKey(TableSchema.REVISION)) {
            names.put("#id", TableSchema.SORT_KEY);
            return "attribute_exists(#id) AND attribute_not_exists(#revision)";
        }
        values.put(":revision", AttributeValues.fromJava(read.get(TableSchema.REVISION)));
        return "#revision = :revision";
    }

    private Conflict conflict(Map<String, ?> item) {
        return new Conflict(item.get(TableSchema.PARTITION_KEY) + " '" + item.get(TableSchema.SORT_KEY)
                + "' was changed in the table by someone else since it was read; nothing written for it (read it again and retry)");
    }

    private static Map<String, AttributeValue> key(ItemKind kind, String id) {
        return Map.of(TableSchema.PARTITION_KEY, AttributeValue.fromS(kind.value()), TableSchema.SORT_KEY, AttributeValue.fromS(id));
    }

    interface Call<T> {
        T call();
    }

    /** Runs a DynamoDB call; a failure becomes one line (a failed condition, or a table that exists already, is the caller's to handle). */
    <T> T call(Call<T> call) {
        try {
            return call.call();
        } catch (ConditionalCheckFailedException | ResourceInUseException e) {
            throw e;
        } catch (ResourceNotFoundException e) {
            throw new CliException("no " + where() + "; create it with: lambassador table create --table " + table
                    + " (and the same --region/--endpoint-url), or check the name, region and endpoint", CliException.USAGE);
        } catch (AwsServiceException e) {
            throw new CliException("DynamoDB refused the request for " + where() + ": "
                    + e.awsErrorDetails().errorCode() + ": " + e.awsErrorDetails().errorMessage(), CliException.USAGE);
        } catch (SdkClientException e) {
            throw new CliException("cannot reach DynamoDB for " + where() + ": " + rootMessage(e)
                    + "; is the endpoint right and running, and are credentials and region set?", CliException.USAGE);
        } catch (SdkException e) {
            throw new CliException("DynamoDB call for " + where() + " failed: " + rootMessage(e), CliException.USAGE);
        } catch (DynamoDbException e) {
            // The revision's bump, through the functions' own client: its message names the operation, table and error.
            throw new CliException(e.getMessage(), CliException.USAGE);
        }
    }

    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return message.lines().findFirst().orElse(message);
    }
}
