package dev.lambassador.dynamodb;

import dev.lambassador.core.auth.ApiKeyStore;
import dev.lambassador.core.auth.Consumer;
import dev.lambassador.core.store.ItemKind;
import dev.lambassador.core.store.TableSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * API keys in the routes table: an item of kind {@code apikey} per key, whose {@code id} is the
 * key's SHA-256 and whose {@code consumer} names an item of kind {@code consumer}. A lookup is two
 * GetItems by primary key (eventually consistent: a new key may take a moment to be seen, which
 * costs half as much as a strongly consistent read on every cold credential), so the reader needs
 * nothing but {@code dynamodb:GetItem} on those two partitions.
 */
public final class DynamoDbApiKeyStore implements ApiKeyStore {

    /** How {@link dev.lambassador.core.auth.ApiKeys#hash} writes a hash: 64 lower-case hex digits. */
    private static final Pattern KEY_HASH = Pattern.compile("[0-9a-f]{64}");

    private final DynamoDbJsonClient client;
    private final String tableName;
    private final Clock clock;

    public DynamoDbApiKeyStore(DynamoDbJsonClient client, String tableName) {
        this(client, tableName, Clock.systemUTC());
    }

    /** @param clock stamps the {@code created} attribute of saved keys */
    public DynamoDbApiKeyStore(DynamoDbJsonClient client, String tableName, Clock clock) {
        this.client = Objects.requireNonNull(client, "client");
        this.tableName = Objects.requireNonNull(tableName, "tableName");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * @throws UncheckedIOException when DynamoDB cannot be read (the message names the table, never the key)
     * @throws IllegalArgumentException when a stored item is malformed (the message names the item)
     */
    @Override
    public Optional<Consumer> find(String keyHash) {
        return find(keyHash, Instant.MAX);
    }

    /**
     * As {@link #find(String)}, each GetItem given the time left before the deadline as its call
     * timeout (the client's own, {@link DynamoDbJsonClient#CALL_TIMEOUT}, when that is shorter).
     *
     * @throws UncheckedIOException also when DynamoDB did not answer by the deadline
     */
    @Override
    public Optional<Consumer> find(String keyHash, Instant deadline) {
        Objects.requireNonNull(deadline, "deadline");
        if (keyHash == null || !KEY_HASH.matcher(keyHash).matches()) {
            // Not a hash ApiKeys could have made, so no item can have it: no need to ask.
            return Optional.empty();
        }
        Optional<Map<String, Object>> key = get(ItemKind.API_KEY, keyHash, false, deadline);
        if (key.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Object> keyItem = key.get();
        // Belt and braces: the item must be the one asked for, whatever the store returned.
        if (!(keyItem.get(TableSchema.SORT_KEY) instanceof String storedHash)
                || !MessageDigest.isEqual(storedHash.getBytes(StandardCharsets.US_ASCII), keyHash.getBytes(StandardCharsets.US_ASCII))) {
            return Optional.empty();
        }
        if (!(keyItem.get("consumer") instanceof String consumerId) || consumerId.isBlank()) {
            throw new IllegalArgumentException("apikey item " + abbreviate(keyHash) + " in table " + tableName
                    + " has no 'consumer' string attribute");
        }
        boolean keyEnabled;
        try {
            keyEnabled = Consumer.enabled(keyItem, ItemKind.API_KEY.value());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("apikey item " + abbreviate(keyHash) + " in table " + tableName + ": " + e.getMessage(), e);
        }
        return readConsumer(consumerId, false, deadline).map(consumer -> keyEnabled ? consumer
                : new Consumer(consumer.id(), consumer.name(), consumer.plan(), consumer.scopes(), false));
    }

    /** @throws IllegalArgumentException when the stored item is malformed (the message names the item) */
    @Override
    public Optional<Consumer> consumer(String id) {
        return readConsumer(id, true, Instant.MAX);
    }

    private Optional<Consumer> readConsumer(String id, boolean consistent, Instant deadline) {
        return get(ItemKind.CONSUMER, id, consistent, deadline).map(item -> {
            try {
                return Consumer.fromItem(item);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("consumer item '" + id + "' in table " + tableName + ": " + e.getMessage(), e);
            }
        });
    }

    @Override
    public String describe() {
        return "DynamoDB table " + tableName;
    }

    /**
     * Creates the consumer if it is not there (a conditional put, so a concurrent edit is never
     * overwritten), then the key: a key never names a consumer that does not exist.
     */
    @Override
    public void save(String keyHash, Consumer consumer) {
        if (keyHash == null || !KEY_HASH.matcher(keyHash).matches()) {
            throw new IllegalArgumentException("an API key hash is 64 lower-case hex digits (ApiKeys.hash), was '" + keyHash + "'");
        }
        Objects.requireNonNull(consumer, "consumer");
        Map<String, Object> keyItem = TableSchema.item(ItemKind.API_KEY, keyHash);
        keyItem.put("consumer", consumer.id());
        keyItem.put("enabled", true);
        keyItem.put("created", clock.instant().truncatedTo(ChronoUnit.SECONDS).toString());
        try {
            try {
                client.call("PutItem", Map.of("TableName", tableName, "Item", DynamoDbJson.fromJava(consumer.toItem()),
                        "ConditionExpression", "attribute_not_exists(#id)",
                        "ExpressionAttributeNames", Map.of("#id", TableSchema.SORT_KEY)));
            } catch (DynamoDbException e) {
                if (!e.type().equals("ConditionalCheckFailedException")) {
                    throw e;
                }
                // The consumer is there already, and stays as it is.
            }
            client.call("PutItem", Map.of("TableName", tableName, "Item", DynamoDbJson.fromJava(keyItem)));
        } catch (DynamoDbException e) {
            throw new UncheckedIOException(new IOException("cannot write API key for consumer '" + consumer.id()
                    + "' to table " + tableName + ": " + e.getMessage(), e));
        }
    }

    private Optional<Map<String, Object>> get(ItemKind kind, String id, boolean consistent, Instant deadline) {
        if (!deadline.equals(Instant.MAX) && !Instant.now().isBefore(deadline)) {
            throw new UncheckedIOException(new IOException("no time left to read " + kind.value() + " items from table "
                    + tableName + " before the deadline"));
        }
        try {
            // The client gives up, retries included, at the deadline or its own call timeout, whichever comes first.
            return client.getItem(Map.of("TableName", tableName, "ConsistentRead", consistent,
                    "Key", DynamoDbJson.fromJava(Map.of(TableSchema.PARTITION_KEY, kind.value(), TableSchema.SORT_KEY, id))), deadline);
        } catch (DynamoDbException e) {
            throw new UncheckedIOException(new IOException("cannot read " + kind.value() + " items from table " + tableName + ": "
                    + e.getMessage(), e));
        }
    }

    /** Enough of a hash to find the item in the console, not the whole of it in every log. */
    private static String abbreviate(String keyHash) {
        return keyHash.substring(0, 12) + "...";
    }
}
