package dev.lambassador.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lambassador.core.route.YamlRouteSource;
import dev.lambassador.testing.DynamoDbEmulator;
import dev.lambassador.testing.EmulatedDynamoDb;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code lambassador export} and {@code apply}: a declarative sync with a diff, conditional writes and a round trip. */
@ExtendWith(DynamoDbEmulator.class)
class ExportApplyTest {

    private static final String EXAMPLES = Path.of("../../examples/routes.yaml").toString();
    /** How many items the example file holds, as the router reads it. */
    private static final int EXAMPLE_ITEMS = exampleItems();

    private static int exampleItems() {
        try {
            return YamlRouteSource.file(Path.of(EXAMPLES), Map.of("ECHO_URL", "http://127.0.0.1:9000", "GRPC_TARGET", "127.0.0.1:50051")).load().size();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private final EmulatedDynamoDb dynamoDb;
    private final Cli cli;
    private final String table;

    @TempDir
    Path dir;

    ExportApplyTest(EmulatedDynamoDb dynamoDb) {
        this.dynamoDb = dynamoDb;
        this.cli = new Cli(dynamoDb, Map.of("ECHO_URL", "http://127.0.0.1:9000", "GRPC_TARGET", "127.0.0.1:50051"));
        this.table = cli.newTable();
    }

    private String file(String name, String yaml) throws IOException {
        return Files.writeString(dir.resolve(name), yaml).toString();
    }

    private String export() {
        Cli.Result result = cli.run("export", "--table", table);
        assertThat(result.status()).as(result.err()).isZero();
        return result.out();
    }

    @Test
    void applyingTheExamplesAddsEveryItemWithItsVariablesFilled() {
        Cli.Result result = cli.run("apply", EXAMPLES, "--table", table);

        assertThat(result.status()).as(result.err()).isZero();
        assertThat(result.out()).contains("+ route 'echo'\n", "+ api 'shop'\n", "+ version 'shop:v1'\n")
                .endsWith("Applied to table '" + table + "' in region us-east-1 at " + dynamoDb.endpoint()
                        + ": " + EXAMPLE_ITEMS + " added, 0 changed, 0 removed, 0 unchanged.\n");
        assertThat(cli.count(table)).as("the items and the table's revision").isEqualTo(EXAMPLE_ITEMS + 1);
        assertThat(cli.item(table, "route", "echo").orElseThrow())
                .containsEntry("backend", "http://127.0.0.1:9000/{proxy}").containsEntry("revision", BigDecimal.ONE);
    }

    @Test
    void exportApplyExportRoundTripsIdenticallyMetadataIncluded() throws IOException {
        cli.run("apply", EXAMPLES, "--table", table);
        cli.putDirectly(table, Map.of("kind", "consumer", "id", "acme", "name", "Acme", "plan", "gold", "scopes", List.of("orders:read"),
                "enabled", true, "metadata", Map.of("contact", "ops@acme.example", "tier", 2)));
        cli.putDirectly(table, Map.of("kind", "backend", "id", "orders", "url", "http://orders.internal", "metadata", Map.of("team", "a")));
        String first = export();

        Cli.Result applied = cli.run("apply", file("gateway.yaml", first), "--table", table);
        String second = export();

        assertThat(applied.status()).as(applied.err()).isZero();
        assertThat(applied.out()).endsWith(": 0 added, 0 changed, 0 removed, " + (EXAMPLE_ITEMS + 2) + " unchanged.\n");
        assertThat(second).isEqualTo(first);
        assertThat(first).contains("consumers:\n  - id: acme\n", "      contact: ops@acme.example\n", "backends:\n", "  - id: orders\n");
        assertThat(first).doesNotContain("kind:");
    }

    @Test
    void exportIntoAnEmptyTableGivesTheSameExport() throws IOException {
        cli.run("apply", EXAMPLES, "--table", table);
        String first = export();
        String other = cli.newTable();

        Cli.Result applied = cli.run("apply", file("gateway.yaml", first), "--table", other);

        assertThat(applied.status()).isZero();
        assertThat(cli.run("export", "--table", other).out()).isEqualTo(first);
    }

    @Test
    void theDiffShowsAddedChangedFieldByFieldAndRemovedItemsAndADryRunWritesNothing() throws IOException {
        cli.putDirectly(table, Map.of("kind", "route", "id", "orders", "path", "/orders", "backend", "http://a.internal", "timeoutMs", 2000));
        cli.putDirectly(table, Map.of("kind", "route", "id", "old", "path", "/old", "backend", "http://old.internal"));
        String gateway = file("gateway.yaml", """
                routes:
                  - {id: orders, path: /orders, backend: http://b.internal, timeoutMs: 2000, auth: none}
                  - {id: new, path: /new, backend: http://new.internal}
                """);

        Cli.Result dryRun = cli.run("apply", gateway, "--table", table, "--prune", "--dry-run");

        assertThat(dryRun.status()).isZero();
        assertThat(dryRun.out()).isEqualTo("""
                ~ route 'orders'
                    + auth: "none"
                    ~ backend: "http://a.internal" -> "http://b.internal"
                + route 'new'
                - route 'old'
                Dry run: 1 to add, 1 to change, 1 to remove, 0 unchanged; nothing written.
                """);
        assertThat(cli.item(table, "route", "new")).isEmpty();
        assertThat(cli.item(table, "route", "old")).isPresent();
        assertThat(cli.item(table, "route", "orders").orElseThrow()).containsEntry("backend", "http://a.internal");
    }

    @Test
    void withoutPruneItemsMissingFromTheFileStayAndWithPruneTheyGo() throws IOException {
        cli.putDirectly(table, Map.of("kind", "route", "id", "old", "path", "/old", "backend", "http://old.internal"));
        cli.putDirectly(table, Map.of("kind", "apikey", "id", "f".repeat(64), "consumer", "acme"));
        String gateway = file("gateway.yaml", "routes:\n  - {id: new, path: /new, backend: http://new.internal}\n");

        Cli.Result kept = cli.run("apply", gateway, "--table", table);
        assertThat(cli.item(table, "route", "old")).isPresent();
        Cli.Result pruned = cli.run("apply", gateway, "--table", table, "--prune");

        assertThat(kept.out()).doesNotContain("- route 'old'");
        assertThat(pruned.status()).isZero();
        assertThat(pruned.out()).contains("- route 'old'\n", "0 added, 0 changed, 1 removed, 1 unchanged");
        assertThat(cli.item(table, "route", "old")).isEmpty();
        assertThat(cli.item(table, "apikey", "f".repeat(64))).as("API keys are never in a file, never pruned").isPresent();
    }

    @Test
    void anInvalidFileWritesNothing() throws IOException {
        String gateway = file("gateway.yaml", """
                routes:
                  - {id: good, path: /good, backend: http://good.internal}
                  - {id: bad, path: /bad}
                """);

        Cli.Result result = cli.run("apply", gateway, "--table", table);

        assertThat(result.status()).isEqualTo(1);
        assertThat(result.out().strip()).isEqualTo("route 'bad': backend: is required");
        assertThat(result.err()).contains("1 invalid items; nothing was written");
        assertThat(cli.count(table)).isZero();
    }

    @Test
    void anEditMadeInTheTableSinceTheExportIsReportedNotOverwritten() throws IOException {
        cli.run("apply", EXAMPLES, "--table", table);
        String exported = export();
        // Someone else changes the route meanwhile, through the CLI: its revision moves to 2.
        cli.run("routes", "put", file("slow.yaml", "{id: slow, path: /slow, backend: http://elsewhere.internal, timeoutMs: 1000, auth: none}"),
                "--table", table);
        String mine = exported.replace("backend: http://127.0.0.1:9000/whoami", "backend: http://127.0.0.1:9000/who")
                .replace("timeoutMs: 1000\n", "timeoutMs: 1500\n");

        Cli.Result result = cli.run("apply", file("gateway.yaml", mine), "--table", table);

        assertThat(result.status()).isEqualTo(1);
        assertThat(result.out()).contains("! route 'slow': changed in the table since the file was written (revision 1 in the file, 2 in the table)",
                "~ route 'whoami'\n    ~ backend: \"http://127.0.0.1:9000/whoami\" -> \"http://127.0.0.1:9000/who\"\n",
                "0 added, 1 changed, 0 removed, " + (EXAMPLE_ITEMS - 2) + " unchanged; 1 in conflict, not written.");
        assertThat(cli.item(table, "route", "slow").orElseThrow()).containsEntry("backend", "http://elsewhere.internal");
        assertThat(cli.item(table, "route", "whoami").orElseThrow()).containsEntry("backend", "http://127.0.0.1:9000/who")
                .containsEntry("revision", BigDecimal.TWO);
    }

    @Test
    void aWriteRacingTheApplyIsDetectedByItsCondition() {
        cli.putDirectly(table, Map.of("kind", "route", "id", "orders", "path", "/orders", "backend", "http://a.internal", "revision", 1));
        TableItems items = new TableItems(dynamoDb.client(), table);
        List<Map<String, Object>> current = items.listManaged();
        Sync.Plan plan = Sync.plan(List.of(Map.of("kind", "route", "id", "orders", "path", "/orders", "backend", "http://mine.internal")),
                current, false);
        // Another writer gets there between the read and the write.
        cli.putDirectly(table, Map.of("kind", "route", "id", "orders", "path", "/orders", "backend", "http://theirs.internal", "revision", 2));

        List<String> conflicts = Sync.apply(plan, items).stream().map(Sync.Failure::message).toList();

        assertThat(conflicts).containsExactly("route 'orders' was changed in the table by someone else since it was read;"
                + " nothing written for it (read it again and retry)");
        assertThat(cli.item(table, "route", "orders").orElseThrow()).containsEntry("backend", "http://theirs.internal");
    }

    @Test
    void aFileWithTwoItemsOfTheSameIdIsRefused() throws IOException {
        String gateway = file("gateway.yaml", "consumers:\n  - {id: acme}\n  - {id: acme, plan: gold}\n");

        Cli.Result result = cli.run("apply", gateway, "--table", table);

        assertThat(result.status()).isEqualTo(1);
        assertThat(result.err()).contains("the file has two consumers with id 'acme'");
        assertThat(cli.count(table)).isZero();
    }
}
