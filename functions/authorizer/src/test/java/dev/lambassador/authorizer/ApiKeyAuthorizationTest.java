package dev.lambassador.authorizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lambassador.core.auth.ApiKeys;
import dev.lambassador.core.auth.Consumer;
import dev.lambassador.dynamodb.AttributeValues;
import dev.lambassador.dynamodb.DynamoDbApiKeyStore;
import dev.lambassador.dynamodb.DynamoDbClients;
import dev.lambassador.dynamodb.RoutesTable;
import dev.lambassador.testing.DynamoDbEmulator;
import dev.lambassador.testing.EmulatedDynamoDb;
import dev.lambassador.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** API keys through the handler, looked up in DynamoDB items written as docs/auth.md describes them. */
@ExtendWith(DynamoDbEmulator.class)
class ApiKeyAuthorizationTest {

    private final EmulatedDynamoDb dynamoDb;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-29T12:00:00Z"));
    private String table;
    private DynamoDbApiKeyStore keys;
    private String key;

    ApiKeyAuthorizationTest(EmulatedDynamoDb dynamoDb) {
        this.dynamoDb = dynamoDb;
    }

    @BeforeEach
    void tableWithOneKey() {
        table = dynamoDb.uniqueTableName("routes");
        RoutesTable.create(dynamoDb.client(), table);
        keys = new DynamoDbApiKeyStore(DynamoDbClients.jsonClient(dynamoDb.client()), table);
        key = ApiKeys.generate();
        keys.save(ApiKeys.hash(key), new Consumer("acme", "Acme", "gold", Set.of("orders:read", "orders:write"), true));
    }

    private AuthorizerHandler handler(Duration cacheTtl) {
        return new AuthorizerHandler(AuthorizerConfig.builder().apiKeys(keys).credentialCacheTtl(cacheTtl).build(), clock);
    }

    private Map<String, Object> authorize(AuthorizerHandler handler, String apiKey) {
        return Events.invoke(handler, Events.rest(Map.of("x-api-key", apiKey)));
    }

    private void put(Map<String, Object> item) {
        dynamoDb.client().putItem(put -> put.tableName(table).item(AttributeValues.fromJava(item)));
    }

    private void deleteKey(String apiKey) {
        dynamoDb.client().deleteItem(delete -> delete.tableName(table).key(AttributeValues.fromJava(
                Map.of("kind", "apikey", "id", ApiKeys.hash(apiKey)))));
    }

    @Test
    void validKeyIsAllowedAsItsConsumer() {
        Map<String, Object> response = authorize(handler(Duration.ZERO), key);

        assertThat(response).containsEntry("principalId", "acme").containsEntry("usageIdentifierKey", key);
        assertThat(response.get("context")).isEqualTo(Map.of(
                "auth", "apiKey", "subject", "acme", "consumer", "acme", "scopes", "orders:read orders:write", "plan", "gold", "issuer", ""));
    }

    @Test
    void unknownKeyIsRefused() {
        assertThatThrownBy(() -> authorize(handler(Duration.ZERO), ApiKeys.generate())).isInstanceOf(UnauthorizedException.class);
    }

    @Test
    void disabledKeyIsRefused() {
        put(Map.of("kind", "apikey", "id", ApiKeys.hash(key), "consumer", "acme", "enabled", false));

        assertThatThrownBy(() -> authorize(handler(Duration.ZERO), key)).isInstanceOf(UnauthorizedException.class);
    }

    @Test
    void keyOfADisabledConsumerIsRefused() {
        put(Map.of("kind", "consumer", "id", "acme", "enabled", false));

        assertThatThrownBy(() -> authorize(handler(Duration.ZERO), key)).isInstanceOf(UnauthorizedException.class);
    }

    @Test
    void keyWhoseConsumerIsGoneIsRefused() {
        dynamoDb.client().deleteItem(delete -> delete.tableName(table).key(AttributeValues.fromJava(Map.of("kind", "consumer", "id", "acme"))));

        assertThatThrownBy(() -> authorize(handler(Duration.ZERO), key)).isInstanceOf(UnauthorizedException.class);
    }

    @Test
    void keysAreRefusedWhenNoKeyStoreIsConfigured() {
        AuthorizerHandler noKeys = new AuthorizerHandler(AuthorizerConfig.builder().build(), clock);

        assertThatThrownBy(() -> authorize(noKeys, key)).isInstanceOf(UnauthorizedException.class);
    }

    @Test
    void unreadableKeyStoreRefusesTheKeyAndLogsAnErrorWithoutIt() {
        DynamoDbApiKeyStore missingTable = new DynamoDbApiKeyStore(DynamoDbClients.jsonClient(dynamoDb.client()), "no-such-table");
        AuthorizerHandler handler = new AuthorizerHandler(AuthorizerConfig.builder().apiKeys(missingTable).build(), clock);

        try (LogCapture log = LogCapture.of(AuthorizerHandler.class)) {
            assertThatThrownBy(() -> authorize(handler, key)).isInstanceOf(UnauthorizedException.class);

            assertThat(log.levels()).containsExactly(Level.SEVERE);
            assertThat(log.lines()).singleElement().asString().contains("no-such-table").doesNotContain(key);
        }
    }

    @Test
    void allowedKeyIsRememberedForTheCacheTtl() {
        AuthorizerHandler handler = handler(Duration.ofSeconds(60));
        authorize(handler, key);
        deleteKey(key);

        clock.advance(Duration.ofSeconds(59));
        assertThat(authorize(handler, key)).containsEntry("principalId", "acme");

        clock.advance(Duration.ofSeconds(1));
        assertThatThrownBy(() -> authorize(handler, key)).isInstanceOf(UnauthorizedException.class);
    }

    @Test
    void withoutACacheEveryRequestLooksTheKeyUp() {
        AuthorizerHandler handler = handler(Duration.ZERO);
        authorize(handler, key);
        deleteKey(key);

        assertThatThrownBy(() -> authorize(handler, key)).isInstanceOf(UnauthorizedException.class);
    }

    @Test
    void refusedKeyIsNotRemembered() {
        AuthorizerHandler handler = handler(Duration.ofSeconds(60));
        String newKey = ApiKeys.generate();
        assertThatThrownBy(() -> authorize(handler, newKey)).isInstanceOf(UnauthorizedException.class);

        keys.save(ApiKeys.hash(newKey), new Consumer("beta", "Beta", "", Set.of(), true));

        assertThat(authorize(handler, newKey)).containsEntry("principalId", "beta");
    }
}
