package dev.lambassador.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lambassador.dynamodb.AttributeValues;
import dev.lambassador.testing.DynamoDbEmulator;
import dev.lambassador.testing.EmulatedDynamoDb;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

/** {@code lambassador history} and {@code rollback}: every change the CLI makes is kept, with who made it, and can be undone. */
@ExtendWith(DynamoDbEmulator.class)
@SuppressWarnings("unchecked")
class HistoryRollbackTest {

    private final EmulatedDynamoDb dynamoDb;
    private final Cli cli;
    private final String table;

    @TempDir
    Path dir;

    HistoryRollbackTest(EmulatedDynamoDb dynamoDb) {
        this.dynamoDb = dynamoDb;
        this.cli = new Cli(dynamoDb, Map.of());
        this.table = dynamoDb.uniqueTableName("routes");
        assertThat(cli.run("table", "create", "--table", table).status()).isZero();
    }

    private String route(String backend) throws IOException {
        return Files.writeString(dir.resolve("orders.yaml"), "{id: orders, path: /orders, backend: '" + backend + "'}").toString();
    }

    private List<Map<String, Object>> auditItems() {
        return dynamoDb.client().query(query -> query.tableName(table).keyConditionExpression("kind = :audit")
                        .expressionAttributeValues(Map.of(":audit", AttributeValue.fromS("audit"))))
                .items().stream().map(AttributeValues::toJava).toList();
    }

    @Test
    void theTableExpiresTheHistoryThroughItsTtlAttribute() {
        assertThat(dynamoDb.client().describeTimeToLive(ttl -> ttl.tableName(table)).timeToLiveDescription())
                .satisfies(ttl -> {
                    assertThat(ttl.attributeName()).isEqualTo("expiresAt");
                    assertThat(ttl.timeToLiveStatus()).isIn(TimeToLiveStatus.ENABLED, TimeToLiveStatus.ENABLING);
                });
    }

    @Test
    void everyChangeIsRecordedWithWhoWhenBeforeAndAfter() throws IOException {
        cli.run("routes", "put", route("http://a.internal"), "--table", table);
        cli.run("routes", "put", route("http://b.internal"), "--table", table);
        cli.run("routes", "delete", "orders", "--table", table);

        List<Map<String, Object>> audit = auditItems();
        Cli.Result history = cli.run("history", "--table", table);

        assertThat(audit).hasSize(3).allSatisfy(item -> {
            assertThat((String) item.get("who")).startsWith("arn:aws:");
            assertThat(((BigDecimal) item.get("expiresAt")).longValue())
                    .isCloseTo(Instant.now().plus(Duration.ofDays(90)).getEpochSecond(), org.assertj.core.data.Offset.offset(600L));
        });
        assertThat(audit).extracting(item -> item.get("action")).containsExactly("add", "change", "remove");
        assertThat(audit.get(1)).containsEntry("itemKind", "route").containsEntry("itemId", "orders");
        assertThat((Map<String, Object>) audit.get(1).get("before")).containsEntry("backend", "http://a.internal");
        assertThat((Map<String, Object>) audit.get(1).get("after")).containsEntry("backend", "http://b.internal").containsEntry("revision", BigDecimal.TWO);
        assertThat(history.status()).isZero();
        assertThat(history.out().lines().map(line -> line.replaceAll(" +", " ").replaceAll("^\\S+ \\S+ ", "")).toList())
                .containsExactly("ACTION ITEM REVISION FIELDS", "remove route/orders 2 -> -", "change route/orders 1 -> 2 backend",
                        "add route/orders - -> 1");
    }

    @Test
    void applyRecordsEachItemItWrites() throws IOException {
        String gateway = Files.writeString(dir.resolve("gateway.yaml"), """
                routes:
                  - {id: a, path: /a, backend: http://a.internal}
                  - {id: b, path: /b, backend: http://b.internal}
                """).toString();

        cli.run("apply", gateway, "--table", table);
        Cli.Result onlyA = cli.run("history", "--table", table, "--item", "route/a", "--output", "yaml");

        assertThat(auditItems()).hasSize(2);
        assertThat(onlyA.out()).contains("item: route/a", "action: add").doesNotContain("route/b");
    }

    @Test
    void rollbackRestoresAnEarlierRevisionAsANewOne() throws IOException {
        cli.run("routes", "put", route("http://a.internal"), "--table", table);
        cli.run("routes", "put", route("http://b.internal"), "--table", table);

        Cli.Result result = cli.run("rollback", "route/orders", "--to", "1", "--table", table);

        assertThat(result.status()).as(result.err()).isZero();
        assertThat(result.out()).isEqualTo("~ route 'orders'\n    ~ backend: \"http://b.internal\" -> \"http://a.internal\"\n");
        assertThat(cli.item(table, "route", "orders").orElseThrow())
                .containsEntry("backend", "http://a.internal").containsEntry("revision", new BigDecimal(3));
        assertThat(auditItems()).hasSize(3);
    }

    @Test
    void rollbackToBeforeTheItemWasAddedRemovesIt() throws IOException {
        cli.run("routes", "put", route("http://a.internal"), "--table", table);

        Cli.Result dryRun = cli.run("rollback", "route/orders", "--to", "0", "--table", table, "--dry-run");
        assertThat(cli.item(table, "route", "orders")).isPresent();
        Cli.Result result = cli.run("rollback", "route/orders", "--to", "0", "--table", table);

        assertThat(dryRun.out().strip()).isEqualTo("- route 'orders'");
        assertThat(result.status()).isZero();
        assertThat(cli.item(table, "route", "orders")).isEmpty();
    }

    @Test
    void aRevisionTheHistoryDoesNotHaveIsSaidSo() throws IOException {
        cli.run("routes", "put", route("http://a.internal"), "--table", table);

        Cli.Result unknown = cli.run("rollback", "route/orders", "--to", "7", "--table", table);
        Cli.Result noHistory = cli.run("rollback", "route/other", "--to", "1", "--table", table);
        Cli.Result badItem = cli.run("rollback", "orders", "--to", "1", "--table", table);

        assertThat(unknown.status()).isEqualTo(1);
        assertThat(unknown.err()).contains("no revision 7 of route/orders in its history; 'history --item route/orders' lists what there is");
        assertThat(noHistory.err()).contains("(it has none: changes are recorded when made through the CLI, and kept 90 days)");
        assertThat(badItem.status()).isEqualTo(2);
        assertThat(badItem.err()).contains("KIND/ID must be a kind and an id, such as route/orders-get");
    }
}
