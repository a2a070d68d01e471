package dev.lambassador.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lambassador.core.auth.ApiKeys;
import dev.lambassador.core.auth.Consumer;
import dev.lambassador.testing.DynamoDbEmulator;
import dev.lambassador.testing.EmulatedDynamoDb;
import dev.lambassador.testing.LoopbackPorts;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

@ExtendWith(DynamoDbEmulator.class)
class DynamoDbApiKeyStoreTest {

    private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");

    private final EmulatedDynamoDb dynamoDb;
    private String table;
    private DynamoDbApiKeyStore store;

    DynamoDbApiKeyStoreTest(EmulatedDynamoDb dynamoDb) {
        this.dynamoDb = dynamoDb;
    }

    @BeforeEach
    void createTable() {
        table = dynamoDb.uniqueTableName("routes");
        RoutesTable.create(dynamoDb.client(), table);
        store = new DynamoDbApiKeyStore(DynamoDbClients.jsonClient(dynamoDb.client()), table, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private void put(Map<String, Object> item) {
        dynamoDb.client().putItem(put -> put.tableName(table).item(AttributeValues.fromJava(item)));
    }

    private Map<String, AttributeValue> get(String kind, String id) {
        return dynamoDb.client().getItem(get -> get.tableName(table).key(AttributeValues.fromJava(Map.of("kind", kind, "id", id)))).item();
    }

    private static Consumer acme() {
        return new Consumer("acme", "Acme Inc.", "gold", Set.of("orders:read", "orders:write"), true);
    }

    @Test
    void savedKeyFindsItsConsumer() {
        String hash = ApiKeys.hash(ApiKeys.generate());
        store.save(hash, acme());

        assertThat(store.find(hash)).contains(acme());
    }

    @Test
    void saveWritesTheDocumentedItems() {
        String hash = ApiKeys.hash("lmb_example");
        store.save(hash, acme());

        assertThat(AttributeValues.toJava(get("apikey", hash))).containsExactlyInAnyOrderEntriesOf(Map.of(
                "kind", "apikey", "id", hash, "consumer", "acme", "enabled", true, "created", "2026-11-29T12:00:00Z"));
        assertThat(AttributeValues.toJava(get("consumer", "acme"))).containsExactlyInAnyOrderEntriesOf(Map.of(
                "kind", "consumer", "id", "acme", "name", "Acme Inc.", "plan", "gold",
                "scopes", List.of("orders:read", "orders:write"), "enabled", true));
    }

    @Test
    void consumerIsFoundByIdAndTheStoreNamesItsTable() {
        store.save(ApiKeys.hash(ApiKeys.generate()), acme());

        assertThat(store.consumer("acme")).hasValue(acme());
        assertThat(store.consumer("nobody")).isEmpty();
        assertThat(store.describe()).isEqualTo("DynamoDB table " + table);
    }

    @Test
    void unknownKeyIsNotFound() {
        store.save(ApiKeys.hash("lmb_known"), acme());

        assertThat(store.find(ApiKeys.hash("lmb_unknown"))).isEmpty();
    }

    @Test
    void keyWhoseConsumerIsMissingIsNotFound() {
        String hash = ApiKeys.hash("lmb_orphan");
        put(Map.of("kind", "apikey", "id", hash, "consumer", "gone"));

        assertThat(store.find(hash)).isEmpty();
    }

    @Test
    void disabledKeyReadsAsADisabledConsumer() {
        String hash = ApiKeys.hash("lmb_disabled");
        store.save(hash, acme());
        put(Map.of("kind", "apikey", "id", hash, "consumer", "acme", "enabled", false));

        assertThat(store.find(hash)).hasValueSatisfying(consumer -> {
            assertThat(consumer.id()).isEqualTo("acme");
            assertThat(consumer.enabled()).isFalse();
        });
    }

    @Test
    void disabledConsumerIsFoundDisabled() {
        String hash = ApiKeys.hash("lmb_of_disabled_consumer");
        store.save(hash, new Consumer("acme", "Acme", "", Set.of(), false));

        assertThat(store.find(hash)).hasValueSatisfying(consumer -> assertThat(consumer.enabled()).isFalse());
    }

    @Test
    void anotherKeyNeverRewritesAConsumerThatWasDisabledMeanwhile() {
        store.save(ApiKeys.hash("lmb_first"), acme());
        put(Map.of("kind", "consumer", "id", "acme", "enabled", false));

        store.save(ApiKeys.hash("lmb_second"), acme());

        assertThat(store.consumer("acme")).hasValueSatisfying(consumer -> assertThat(consumer.enabled()).isFalse());
        assertThat(store.find(ApiKeys.hash("lmb_first"))).hasValueSatisfying(consumer -> assertThat(consumer.enabled()).isFalse());
    }

    @Test
    void enabledWrittenAsAStringMakesTheKeyMalformedNotEnabled() {
        String hash = ApiKeys.hash("lmb_string_flag");
        store.save(hash, acme());
        put(Map.of("kind", "apikey", "id", hash, "consumer", "acme", "enabled", "false"));

        assertThatThrownBy(() -> store.find(hash)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("apikey enabled must be a boolean");
    }

    @Test
    void handWrittenItemsWithStringSetScopesAndDefaultsAreRead() {
        String hash = ApiKeys.hash("lmb_by_hand");
        put(Map.of("kind", "apikey", "id", hash, "consumer", "beta"));
        Map<String, AttributeValue> consumer = new LinkedHashMap<>(AttributeValues.fromJava(Map.of("kind", "consumer", "id", "beta")));
        consumer.put("scopes", AttributeValue.fromSs(List.of("b", "a")));
        dynamoDb.client().putItem(put -> put.tableName(table).item(consumer));

        assertThat(store.find(hash)).contains(new Consumer("beta", "beta", "", Set.of("a", "b"), true));
    }

    @Test
    void keyItemWithoutConsumerIsReportedWithoutTheWholeHash() {
        String hash = ApiKeys.hash("lmb_broken");
        put(Map.of("kind", "apikey", "id", hash));

        assertThatThrownBy(() -> store.find(hash))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("consumer")
                .hasMessageContaining(hash.substring(0, 12))
                .hasMessageNotContaining(hash);
    }

    @Test
    void somethingThatIsNotAHashIsNotLookedUp() {
        assertThat(store.find("lmb_a-key-rather-than-its-hash")).isEmpty();
        assertThat(store.find(null)).isEmpty();
    }

    @Test
    void unreadableTableIsAnIoFailureThatNamesTheTable() {
        DynamoDbApiKeyStore missing = new DynamoDbApiKeyStore(DynamoDbClients.jsonClient(dynamoDb.client()), "no-such-table");

        assertThatThrownBy(() -> missing.find(ApiKeys.hash("lmb_x")))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("no-such-table")
                .hasMessageContaining("ResourceNotFoundException");
    }

    @Test
    void unreachableDynamoDbIsAnIoFailure() {
        int closedPort = LoopbackPorts.free();
        DynamoDbJsonClient unreachable = new DynamoDbJsonClient(URI.create("http://127.0.0.1:" + closedPort), dynamoDb.region().id(),
                () -> new AwsCredentials("test", "test", null), Duration.ofSeconds(5));
        DynamoDbApiKeyStore down = new DynamoDbApiKeyStore(unreachable, table);

        assertThatThrownBy(() -> down.find(ApiKeys.hash("lmb_x")))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("cannot read apikey items from table " + table)
                .hasMessageContaining("ConnectException");
    }

    @Test
    void saveRefusesSomethingThatIsNotAHash() {
        assertThatThrownBy(() -> store.save("lmb_plain_key", acme()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ApiKeys.hash");
    }
}
