package dev.lambassador.router;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.jr.ob.JSON;
import dev.lambassador.core.store.TableSchema;
import dev.lambassador.dynamodb.DynamoDbJsonClient;
import dev.lambassador.dynamodb.TableRevision;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The routes table's stream function: bumps the table's revision item once per batch of changes that touches
 * a partition routers load, so that every router sees an edit made by any means (the console, {@code put-item},
 * the CLI) at its next revision check. Changes of other kinds, and the revision item's own change coming back on
 * the stream, bump nothing. The table is the one the records came from, named in their {@code eventSourceARN},
 * so the function needs no setting. A failed bump fails the invocation, and Lambda retries the batch.
 *
 * <p>It ships in the router's jar, whose DynamoDB client it shares, and loads none of the router's own classes.
 */
public final class RevisionHandler implements RequestStreamHandler {

    private final DynamoDbJsonClient client;

    /** Used by Lambda: a client from the function's environment, made at init. */
    public RevisionHandler() {
        this(DynamoDbJsonClient.fromEnvironment(System.getenv()));
    }

    public RevisionHandler(DynamoDbJsonClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    /** Writes {@code {"records": N, "bumped": true|false}}, which Lambda ignores and a reader of its log may not. */
    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        Map<String, Object> event = JSON.std.mapFrom(input);
        if (!(event.get("Records") instanceof List<?> records)) {
            throw new IllegalArgumentException("not a DynamoDB stream event: no Records list");
        }
        String table = null;
        List<String> partitions = new ArrayList<>();
        for (Object element : records) {
            if (!(element instanceof Map<?, ?> record)) {
                throw new IllegalArgumentException("not a DynamoDB stream event: a record is not an object");
            }
            table = tableOf(record.get("eventSourceARN"));
            partitions.add(partitionOf(record.get("dynamodb")));
        }
        boolean bumped = table != null && TableRevision.bumpIfRoutersRead(client, table, partitions);
        output.write(JSON.std.asBytes(Map.of("records", records.size(), "bumped", bumped)));
    }

    /** {@code arn:aws:dynamodb:REGION:ACCOUNT:table/NAME/stream/LABEL} names the table. */
    static String tableOf(Object arn) {
        String[] parts = arn instanceof String text ? text.split(":", 6) : new String[0];
        String[] resource = parts.length == 6 ? parts[5].split("/") : new String[0];
        if (resource.length < 2 || !resource[0].equals("table") || resource[1].isEmpty()) {
            throw new IllegalArgumentException("not a DynamoDB stream record: eventSourceARN is '" + arn + "'");
        }
        return resource[1];
    }

    private static String partitionOf(Object change) {
        if (change instanceof Map<?, ?> dynamodb && dynamodb.get("Keys") instanceof Map<?, ?> keys
                && keys.get(TableSchema.PARTITION_KEY) instanceof Map<?, ?> key && key.get("S") instanceof String value) {
            return value;
        }
        throw new IllegalArgumentException("not a routes table's stream record: no string key '" + TableSchema.PARTITION_KEY + "'");
    }
}
