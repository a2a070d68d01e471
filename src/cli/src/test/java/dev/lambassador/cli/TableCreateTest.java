package dev.lambassador.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lambassador.testing.DynamoDbEmulator;
import dev.lambassador.testing.EmulatedDynamoDb;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

/** {@code lambassador table create}, and the one-line errors of a table that is missing or cannot be reached. */
@ExtendWith(DynamoDbEmulator.class)
class TableCreateTest {

    private final EmulatedDynamoDb dynamoDb;
    private final Cli cli;

    TableCreateTest(EmulatedDynamoDb dynamoDb) {
        this.dynamoDb = dynamoDb;
        this.cli = new Cli(dynamoDb, Map.of());
    }

    @Test
    void createsTheRoutesTableWithItsKeysAndWaitsUntilItIsActive() {
        String table = dynamoDb.uniqueTableName("routes");

        Cli.Result result = cli.run("table", "create", "--table", table);

        assertThat(result.status()).as(result.err()).isZero();
        assertThat(result.out()).contains("Created table '" + table + "' in region us-east-1 at " + dynamoDb.endpoint(), "ACTIVE");
        TableDescription description = dynamoDb.client().describeTable(describe -> describe.tableName(table)).table();
        assertThat(description.tableStatus()).isEqualTo(TableStatus.ACTIVE);
        assertThat(description.keySchema()).containsExactly(
                KeySchemaElement.builder().attributeName("kind").keyType(KeyType.HASH).build(),
                KeySchemaElement.builder().attributeName("id").keyType(KeyType.RANGE).build());
    }

    @Test
    void anExistingTableIsSaidSoAndLeftAsItIs() {
        String table = cli.newTable();
        cli.putDirectly(table, Map.of("kind", "route", "id", "kept", "path", "/kept", "backend", "http://kept.internal"));

        Cli.Result result = cli.run("table", "create", "--table", table);

        assertThat(result.status()).isEqualTo(1);
        assertThat(result.err().strip().lines().toList().getLast()).isEqualTo("lambassador table create: table '" + table + "' in region us-east-1 at "
                + dynamoDb.endpoint() + " exists already; nothing was changed");
        assertThat(cli.item(table, "route", "kept")).isPresent();
    }

    @Test
    void aMissingTableIsOneLineNamingTableRegionEndpointAndAHint() {
        Cli.Result result = cli.run("routes", "list", "--table", "no-such-table");

        assertThat(result.status()).isEqualTo(2);
        assertThat(result.err().strip()).isEqualTo("lambassador routes list: no table 'no-such-table' in region us-east-1 at "
                + dynamoDb.endpoint() + "; create it with: lambassador table create --table no-such-table"
                + " (and the same --region/--endpoint-url), or check the name, region and endpoint");
        assertThat(result.out()).isEmpty();
    }

    @Test
    void anUnreachableEndpointIsOneLineAndFast() {
        long started = System.nanoTime();

        Cli.Result result = cli.run("export", "--table", "routes", "--endpoint-url", "http://127.0.0.1:1", "--region", "eu-west-1");

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        assertThat(result.status()).isEqualTo(2);
        assertThat(result.err()).startsWith("lambassador export: cannot reach DynamoDB for table 'routes' in region eu-west-1"
                + " at http://127.0.0.1:1: Connection refused").hasLineCount(1);
    }

    @Test
    void theOptionsNameTheRegionAndEndpointOverTheEnvironment() {
        String table = cli.newTable();

        Cli.Result result = cli.run("routes", "list", "--table", table, "--region", "us-east-1", "--endpoint-url", dynamoDb.endpoint().toString());

        assertThat(result.status()).as(result.err()).isZero();
        assertThat(result.out()).startsWith("ID");
    }
}
