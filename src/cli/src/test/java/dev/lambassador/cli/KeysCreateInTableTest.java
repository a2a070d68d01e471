package dev.lambassador.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lambassador.core.auth.ApiKeys;
import dev.lambassador.core.auth.Consumer;
import dev.lambassador.dynamodb.DynamoDbApiKeyStore;
import dev.lambassador.dynamodb.DynamoDbClients;
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
import software.amazon.awssdk.services.apigateway.ApiGatewayClient;
import software.amazon.awssdk.services.apigateway.model.UsagePlanKey;

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
        assertThat(new DynamoDbApiKeyStore(DynamoDbClients.jsonClient(dynamoDb.client()), table).find(ApiKeys.hash(key)))
                .hasValue(new Consumer("acme", "acme", "gold", Set.of("orders:read"), true));
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("in DynamoDB table " + table);
        assertThat(Files.exists(home.resolve(LocalApiKeyStore.FILE))).isFalse();
    }

    @Test
    void withAUsagePlanTheKeyIsAlsoAnApiGatewayKeyInThatPlan(EmulatedDynamoDb dynamoDb, @TempDir Path home) {
        String table = dynamoDb.uniqueTableName("routes");
        RoutesTable.create(dynamoDb.client(), table);
        try (ApiGatewayClient apiGateway = ApiGatewayClient.builder().endpointOverride(dynamoDb.endpoint()).region(dynamoDb.region())
                .credentialsProvider(dynamoDb.credentials()).build()) {
            String plan = apiGateway.createUsagePlan(create -> create.name("basic-" + table)).id();
            Cli cli = new Cli(dynamoDb, Map.of("LAMBASSADOR_HOME", home.toString()));

            Cli.Result result = cli.run("keys", "create", "--consumer", "acme", "--plan", "basic", "--table", table, "--usage-plan", plan);

            assertThat(result.status()).as(result.err()).isZero();
            String key = result.out().strip();
            List<UsagePlanKey> planKeys = apiGateway.getUsagePlanKeys(get -> get.usagePlanId(plan)).items();
            assertThat(planKeys).singleElement().satisfies(planKey -> {
                assertThat(planKey.value()).isEqualTo(key);
                assertThat(planKey.type()).isEqualTo("API_KEY");
            });
            assertThat(result.err()).contains("API Gateway API key " + planKeys.getFirst().id() + " is in usage plan " + plan);
            assertThat(new DynamoDbApiKeyStore(DynamoDbClients.jsonClient(dynamoDb.client()), table).find(ApiKeys.hash(key))).isPresent();
        }
    }

    @Test
    void anUnknownUsagePlanCreatesNothing(EmulatedDynamoDb dynamoDb, @TempDir Path home) {
        String table = dynamoDb.uniqueTableName("routes");
        RoutesTable.create(dynamoDb.client(), table);
        Cli cli = new Cli(dynamoDb, Map.of("LAMBASSADOR_HOME", home.toString()));

        Cli.Result result = cli.run("keys", "create", "--consumer", "acme", "--table", table, "--usage-plan", "nope");
        Cli.Result withoutTable = cli.run("keys", "create", "--consumer", "acme", "--usage-plan", "nope");

        assertThat(result.status()).isEqualTo(2);
        assertThat(result.err()).contains("no API Gateway usage plan 'nope' in region us-east-1; nothing was created");
        assertThat(result.out()).isEmpty();
        assertThat(new DynamoDbApiKeyStore(DynamoDbClients.jsonClient(dynamoDb.client()), table).consumer("acme")).isEmpty();
        assertThat(withoutTable.status()).isEqualTo(2);
        assertThat(withoutTable.err()).contains("--usage-plan needs --table");
    }
}
