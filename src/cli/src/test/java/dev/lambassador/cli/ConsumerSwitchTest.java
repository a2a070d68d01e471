package dev.lambassador.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lambassador.testing.DynamoDbEmulator;
import dev.lambassador.testing.EmulatedDynamoDb;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code lambassador consumers disable|enable}: the consumer's item, its history, and the authorizer cache. */
@ExtendWith(DynamoDbEmulator.class)
class ConsumerSwitchTest {

    @Test
    void disableTurnsTheConsumerOffAsANewRevisionRecordedInTheHistory(EmulatedDynamoDb dynamoDb) {
        Cli cli = new Cli(dynamoDb, Map.of());
        String table = cli.newTable();
        cli.putDirectly(table, Map.of("kind", "consumer", "id", "acme", "name", "Acme", "plan", "gold", "enabled", true, "revision", 4));

        Cli.Result disabled = cli.run("consumers", "disable", "acme", "--table", table);
        Cli.Result again = cli.run("consumers", "disable", "acme", "--table", table);

        assertThat(disabled.status()).as(disabled.err()).isZero();
        assertThat(disabled.out()).isEqualTo("~ consumer 'acme': disabled (revision 5)\n");
        assertThat(cli.item(table, "consumer", "acme")).hasValueSatisfying(item -> {
            assertThat(item).containsEntry("enabled", false).containsEntry("name", "Acme").containsEntry("plan", "gold");
            assertThat(TableItems.revision(item)).isEqualTo(5);
        });
        assertThat(again.status()).isZero();
        assertThat(again.out()).isEqualTo("= consumer 'acme' is already disabled (revision 5)\n");
        Cli.Result history = cli.run("history", "--table", table, "--item", "consumer/acme");
        assertThat(history.out()).contains("consumer/acme").contains("4 -> 5").contains("enabled");
    }

    @Test
    void enableTurnsItBackOn(EmulatedDynamoDb dynamoDb) {
        Cli cli = new Cli(dynamoDb, Map.of());
        String table = cli.newTable();
        cli.putDirectly(table, Map.of("kind", "consumer", "id", "acme", "enabled", false));

        Cli.Result enabled = cli.run("consumers", "enable", "acme", "--table", table);

        assertThat(enabled.status()).as(enabled.err()).isZero();
        assertThat(enabled.out()).isEqualTo("~ consumer 'acme': enabled (revision 1)\n");
        assertThat(cli.item(table, "consumer", "acme")).hasValueSatisfying(item -> assertThat(item).containsEntry("enabled", true));
    }

    @Test
    void aFlushTheEndpointDoesNotDoIsOneLineAndItsOwnExitCodeWithTheConsumerDisabled(EmulatedDynamoDb dynamoDb) {
        Cli cli = new Cli(dynamoDb, Map.of());
        String table = cli.newTable();
        cli.putDirectly(table, Map.of("kind", "consumer", "id", "acme", "enabled", true));

        Cli.Result result = cli.run("consumers", "disable", "acme", "--table", table, "--rest-api-id", "a1b2c3", "--stage", "prod");

        assertThat(result.status()).isEqualTo(3);
        assertThat(result.out()).isEqualTo("~ consumer 'acme': disabled (revision 1)\n");
        List<String> lines = result.err().lines().toList();
        assertThat(lines).singleElement().asString()
                .startsWith("lambassador consumers disable: consumer 'acme' is disabled, but flushing the authorizer cache of stage 'prod' of REST API a1b2c3 failed (")
                .endsWith("); decisions cached before the change hold until they expire, after the authorizer cache TTL");
        assertThat(cli.item(table, "consumer", "acme")).hasValueSatisfying(item -> assertThat(item).containsEntry("enabled", false));
    }

    @Test
    void aMissingConsumerIsOneLine(EmulatedDynamoDb dynamoDb) {
        Cli cli = new Cli(dynamoDb, Map.of());
        String table = cli.newTable();

        Cli.Result result = cli.run("consumers", "disable", "ghost", "--table", table);

        assertThat(result.status()).isEqualTo(1);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).isEqualTo("lambassador consumers disable: no consumer 'ghost' in table '" + table
                + "' in region us-east-1 at " + dynamoDb.endpoint() + "\n");
    }

    @Test
    void aStageWithoutItsRestApiIsAUsageError(EmulatedDynamoDb dynamoDb) {
        Cli cli = new Cli(dynamoDb, Map.of());

        Cli.Result result = cli.run("consumers", "disable", "acme", "--table", "t", "--stage", "prod");

        assertThat(result.status()).isEqualTo(2);
        assertThat(result.err()).contains("--rest-api-id");
    }
}
