package dev.lambassador.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lambassador.core.auth.ApiKeys;
import dev.lambassador.core.auth.Consumer;
import dev.lambassador.dynamodb.DynamoDbApiKeyStore;
import dev.lambassador.dynamodb.RoutesTable;
import dev.lambassador.local.LocalApiKeyStore;
import dev.lambassador.testing.DynamoDbEmulator;
import dev.lambassador.testing.EmulatedDynamoDb;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code lambassador keys create --table}: the key goes to the routes table, hashed, where the authorizer looks. */
@ExtendWith(DynamoDbEmulator.class)
class KeysCreateInTableTest {

    @Test
    void keyIsStoredInTheTableAndNotInTheLocalStore(EmulatedDynamoDb dynamoDb, @TempDir Path home) {
        String table = dynamoDb.uniqueTableName("routes");
        RoutesTable.create(dynamoDb.client(), table);
        Map<String, String> environment = new HashMap<>(dynamoDb.environment());
        environment.put("LAMBASSADOR_HOME", home.toString());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int status = Lambassador.run(List.of("keys", "create", "--consumer", "acme", "--plan", "gold", "--scope", "orders:read",
                "--table", table), environment, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
        String key = out.toString(StandardCharsets.UTF_8).strip();
        assertThat(new DynamoDbApiKeyStore(dynamoDb.client(), table).find(ApiKeys.hash(key)))
                .hasValue(new Consumer("acme", "acme", "gold", Set.of("orders:read"), true));
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("in DynamoDB table " + table);
        assertThat(Files.exists(home.resolve(LocalApiKeyStore.FILE))).isFalse();
    }
}
