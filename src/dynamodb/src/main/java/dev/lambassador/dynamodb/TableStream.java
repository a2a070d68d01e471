package dev.lambassador.dynamodb;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClientBuilder;

/**
 * Reads a table's DynamoDB stream, shard by shard, as Lambda's event source mapping does for a stream
 * function: where no Lambda service runs the table's stream function (the local gateway against an emulator), the
 * records are read here and handed to it. Not thread-safe: one poller per instance.
 */
public final class TableStream {

    private final DynamoDbStreamsClient streams;
    private final String streamArn;
    /** The next iterator of each shard being read, by shard id; a closed shard's entry is removed once read to its end. */
    private final Map<String, String> iterators = new LinkedHashMap<>();
    private final List<String> done = new ArrayList<>();

    private TableStream(DynamoDbStreamsClient streams, String streamArn) {
        this.streams = streams;
        this.streamArn = streamArn;
    }

    /**
     * Starts reading the table's current stream at its oldest records (at most 24 hours old), as an event source
     * mapping starting at {@code TRIM_HORIZON} does. An edit made between a router's first load and this call is thus
     * not missed, which reading from the latest records would risk while the stream is being opened; older records
     * cost a stream function that only moves the revision one more bump.
     *
     * @throws IllegalStateException when the table has no stream enabled
     */
    public static TableStream fromOldest(DynamoDbClient dynamoDb, DynamoDbStreamsClient streams, String tableName) {
        String arn = dynamoDb.describeTable(describe -> describe.tableName(tableName)).table().latestStreamArn();
        if (arn == null || arn.isEmpty()) {
            throw new IllegalStateException("table " + tableName + " has no stream; enable one with StreamViewType KEYS_ONLY");
        }
        TableStream stream = new TableStream(Objects.requireNonNull(streams, "streams"), arn);
        for (Shard shard : stream.shards()) {
            stream.iterators.put(shard.shardId(), stream.iterator(shard.shardId(), ShardIteratorType.TRIM_HORIZON));
        }
        return stream;
    }

    /**
     * A DynamoDB Streams client with {@link DynamoDbClients}' timeouts; {@code AWS_ENDPOINT_URL_DYNAMODB_STREAMS} or
     * {@code AWS_ENDPOINT_URL} points it at an emulator. (Here rather than in {@code DynamoDbClients}, which the
     * authorizer's trimmed jar carries without the streams client.)
     */
    public static DynamoDbStreamsClient clientFromEnvironment(Map<String, String> environment) {
        DynamoDbStreamsClientBuilder builder = DynamoDbStreamsClient.builder()
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(DynamoDbClients.CONNECT_TIMEOUT)
                        .socketTimeout(DynamoDbClients.CALL_TIMEOUT)
                        .build())
                .overrideConfiguration(config -> config.apiCallTimeout(DynamoDbClients.CALL_TIMEOUT));
        String endpoint = environment.getOrDefault("AWS_ENDPOINT_URL_DYNAMODB_STREAMS", environment.get("AWS_ENDPOINT_URL"));
        if (endpoint != null && !endpoint.isBlank()) {
            builder.endpointOverride(URI.create(endpoint));
        }
        return builder.build();
    }

    /** The stream's ARN, as a stream function's records name it in {@code eventSourceARN}. */
    public String streamArn() {
        return streamArn;
    }

    /** The records written since the last poll (or the start), in each shard's order; shards that appeared since are read from their start. */
    public List<Record> poll() {
        for (Shard shard : shards()) {
            if (!iterators.containsKey(shard.shardId()) && !done.contains(shard.shardId())) {
                iterators.put(shard.shardId(), iterator(shard.shardId(), ShardIteratorType.TRIM_HORIZON));
            }
        }
        List<Record> records = new ArrayList<>();
        for (Map.Entry<String, String> shard : List.copyOf(iterators.entrySet())) {
            var answer = streams.getRecords(get -> get.shardIterator(shard.getValue()));
            records.addAll(answer.records());
            if (answer.nextShardIterator() == null) {
                iterators.remove(shard.getKey());
                done.add(shard.getKey());
            } else {
                iterators.put(shard.getKey(), answer.nextShardIterator());
            }
        }
        return records;
    }

    /**
     * These records as Lambda hands them to a stream function: {@code {"Records": [...]}} with each record's
     * event name, keys, sequence number and {@code eventSourceARN}, for a {@code KEYS_ONLY} stream.
     */
    public byte[] lambdaEvent(List<Record> records) {
        String region = streamArn.split(":", 5).length > 3 ? streamArn.split(":", 5)[3] : "";
        List<Map<String, Object>> events = new ArrayList<>();
        for (Record record : records) {
            Map<String, Object> keys = new LinkedHashMap<>();
            record.dynamodb().keys().forEach((name, value) -> keys.put(name, value.s() != null
                    ? Map.of("S", value.s())
                    : Map.of("N", String.valueOf(value.n()))));
            Map<String, Object> change = new LinkedHashMap<>();
            change.put("Keys", keys);
            change.put("SequenceNumber", record.dynamodb().sequenceNumber());
            change.put("StreamViewType", "KEYS_ONLY");
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("eventID", record.eventID());
            event.put("eventName", record.eventNameAsString());
            event.put("eventVersion", "1.1");
            event.put("eventSource", "aws:dynamodb");
            event.put("awsRegion", region);
            event.put("dynamodb", change);
            event.put("eventSourceARN", streamArn);
            events.add(event);
        }
        try {
            return JSON.std.asBytes(Map.of("Records", events));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<Shard> shards() {
        return streams.describeStream(describe -> describe.streamArn(streamArn)).streamDescription().shards();
    }

    private String iterator(String shardId, ShardIteratorType type) {
        return streams.getShardIterator(get -> get.streamArn(streamArn).shardId(shardId).shardIteratorType(type)).shardIterator();
    }
}
