package dev.lambassador.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
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

/** {@code lambassador routes|apis|versions|backends|consumers list|get|put|delete}. */
@ExtendWith(DynamoDbEmulator.class)
class ItemCommandsTest {

    private final EmulatedDynamoDb dynamoDb;
    private final Cli cli;
    private final String table;

    @TempDir
    Path dir;

    ItemCommandsTest(EmulatedDynamoDb dynamoDb) {
        this.dynamoDb = dynamoDb;
        this.cli = new Cli(dynamoDb, Map.of());
        this.table = cli.newTable();
    }

    private String file(String name, String yaml) throws IOException {
        return Files.writeString(dir.resolve(name), yaml).toString();
    }

    @Test
    void putAddsAValidRouteAtRevision1() throws IOException {
        Cli.Result result = cli.run("routes", "put", file("orders.yaml", """
                id: orders
                path: /orders/{id}
                backend: http://orders.internal/{id}
                metadata: {owner: team-a}
                """), "--table", table);

        assertThat(result.status()).as(result.err()).isZero();
        assertThat(result.out().strip()).isEqualTo("+ route 'orders'");
        assertThat(cli.item(table, "route", "orders")).hasValue(Map.of("kind", "route", "id", "orders", "path", "/orders/{id}",
                "backend", "http://orders.internal/{id}", "metadata", Map.of("owner", "team-a"), "revision", BigDecimal.ONE));
    }

    @Test
    void aChangeRoutersServeMovesTheTablesRevisionAndAConsumerDoesNot() throws IOException {
        cli.run("consumers", "put", file("acme.yaml", "{id: acme, plan: gold}"), "--table", table);
        assertThat(cli.item(table, "meta", "revision")).as("consumers are not routes").isEmpty();

        cli.run("routes", "put", file("a.yaml", "{id: a, path: /a, backend: http://a.internal}"), "--table", table);
        cli.run("routes", "delete", "a", "--table", table);

        assertThat(cli.item(table, "meta", "revision").orElseThrow()).containsEntry("revision", BigDecimal.valueOf(2));
    }

    @Test
    void putOfAnInvalidItemWritesNothingAndNamesEachField() throws IOException {
        Cli.Result result = cli.run("routes", "put", file("bad.yaml", "{id: bad, path: orders, methods: [FETCH]}"), "--table", table);

        assertThat(result.status()).isEqualTo(1);
        assertThat(result.out().strip()).startsWith("route 'bad': ").contains("backend: is required", "methods: unknown method 'FETCH'",
                "path: ");
        assertThat(result.err()).contains("invalid; nothing was written to table '" + table + "'");
        assertThat(cli.item(table, "route", "bad")).isEmpty();
    }

    @Test
    void putOfAChangeShowsItFieldByFieldAndBumpsTheRevision() throws IOException {
        cli.putDirectly(table, Map.of("kind", "route", "id", "orders", "path", "/orders", "backend", "http://a.internal", "timeoutMs", 2000));

        Cli.Result result = cli.run("routes", "put", file("orders.yaml", """
                {id: orders, path: /orders, backend: http://b.internal, auth: none}
                """), "--table", table);

        assertThat(result.status()).as(result.err()).isZero();
        assertThat(result.out().lines()).containsExactly("~ route 'orders'",
                "    + auth: \"none\"",
                "    ~ backend: \"http://a.internal\" -> \"http://b.internal\"",
                "    - timeoutMs: 2000");
        assertThat(cli.item(table, "route", "orders")).hasValueSatisfying(item -> {
            assertThat(item).containsEntry("backend", "http://b.internal").containsEntry("revision", BigDecimal.ONE).doesNotContainKey("timeoutMs");
        });
    }

    @Test
    void putOfTheSameItemWritesNothing() throws IOException {
        String orders = file("orders.yaml", "{id: orders, path: /orders, backend: http://a.internal}");
        cli.run("routes", "put", orders, "--table", table);

        Cli.Result again = cli.run("routes", "put", orders, "--table", table);

        assertThat(again.status()).isZero();
        assertThat(again.out().strip()).isEqualTo("= route 'orders' is unchanged");
        assertThat(cli.item(table, "route", "orders").orElseThrow()).containsEntry("revision", BigDecimal.ONE);
    }

    @Test
    void putBasedOnAnOlderRevisionIsAConflictAndLeavesTheTableAsItIs() throws IOException {
        cli.putDirectly(table, Map.of("kind", "route", "id", "orders", "path", "/orders", "backend", "http://theirs.internal", "revision", 5));

        Cli.Result result = cli.run("routes", "put", file("orders.yaml", "{id: orders, path: /orders, backend: http://mine.internal, revision: 4}"),
                "--table", table);

        assertThat(result.status()).isEqualTo(1);
        assertThat(result.out()).contains("! route 'orders': changed in the table since the file was written (revision 4 in the file, 5 in the table)");
        assertThat(cli.item(table, "route", "orders").orElseThrow()).containsEntry("backend", "http://theirs.internal");
    }

    @Test
    void aVersionIsValidatedAgainstItsApiInTheTable() throws IOException {
        String version = file("v1.yaml", "{id: 'shop:v1', status: current, backend: http://shop-v1.internal}");
        Cli.Result alone = cli.run("versions", "put", version, "--table", table);
        cli.putDirectly(table, Map.of("kind", "api", "id", "shop", "basePath", "/shop", "defaultVersion", "v1"));

        Cli.Result withItsApi = cli.run("versions", "put", version, "--table", table);

        assertThat(alone.status()).isEqualTo(1);
        assertThat(alone.out()).contains("version 'shop:v1': its API 'shop' is not loaded");
        assertThat(withItsApi.status()).as(withItsApi.out() + withItsApi.err()).isZero();
        assertThat(cli.item(table, "version", "shop:v1")).isPresent();
    }

    @Test
    void aConsumerIsValidatedAsTheAuthorizerReadsIt() throws IOException {
        Cli.Result bad = cli.run("consumers", "put", file("acme.yaml", "{id: acme, scopes: [''], enabled: true}"), "--table", table);
        Cli.Result good = cli.run("consumers", "put", file("acme2.yaml", "{id: acme, plan: gold, scopes: [orders:read]}"), "--table", table);

        assertThat(bad.status()).isEqualTo(1);
        assertThat(bad.out()).contains("consumer 'acme': a scope must be a non-empty string without spaces");
        assertThat(good.status()).isZero();
        assertThat(cli.item(table, "consumer", "acme").orElseThrow()).containsEntry("plan", "gold");
    }

    @Test
    void aFileOfAnotherKindIsRefused() throws IOException {
        Cli.Result result = cli.run("routes", "put", file("api.yaml", "{kind: api, id: shop, basePath: /shop}"), "--table", table);

        assertThat(result.status()).isEqualTo(2);
        assertThat(result.err()).contains("holds a api, not a route");
    }

    @Test
    void listPrintsATableJsonOrYaml() throws Exception {
        cli.putDirectly(table, Map.of("kind", "route", "id", "b", "path", "/b", "backend", "http://b.internal", "methods", List.of("GET")));
        cli.putDirectly(table, Map.of("kind", "route", "id", "a", "path", "/a", "backend", "http://a.internal", "revision", 3));
        cli.putDirectly(table, Map.of("kind", "api", "id", "shop", "basePath", "/shop", "defaultVersion", "v1"));

        Cli.Result table1 = cli.run("routes", "list", "--table", table);
        Cli.Result json = cli.run("routes", "list", "--table", table, "--output", "json");
        Cli.Result yaml = cli.run("routes", "list", "--table", table, "--output", "yaml");

        assertThat(table1.out().replaceAll(" +", " ")).isEqualTo("""
                ID PATH METHODS BACKEND AUTH ENABLED REVISION
                a /a - http://a.internal - - 3
                b /b GET http://b.internal - - 0
                """);
        List<String> ids = JSON.std.listFrom(json.out()).stream().map(item -> String.valueOf(((Map<?, ?>) item).get("id"))).toList();
        assertThat(ids).containsExactly("a", "b");
        assertThat(yaml.out()).startsWith("  - kind: route\n    id: a\n");
    }

    @Test
    void getPrintsEveryAttributeAndAMissingItemFails() {
        cli.putDirectly(table, Map.of("kind", "backend", "id", "orders", "url", "http://orders.internal", "description", "the orders service"));

        Cli.Result found = cli.run("backends", "get", "orders", "--table", table, "--output", "yaml");
        Cli.Result missing = cli.run("backends", "get", "nope", "--table", table);

        assertThat(found.status()).isZero();
        assertThat(found.out()).isEqualTo("kind: backend\nid: orders\ndescription: the orders service\nurl: http://orders.internal\n");
        assertThat(missing.status()).isEqualTo(1);
        assertThat(missing.err().strip()).isEqualTo("lambassador backends get: no backend 'nope' in table '" + table
                + "' in region us-east-1 at " + dynamoDb.endpoint());
    }

    @Test
    void deleteRemovesTheItemAndAMissingOneFails() {
        cli.putDirectly(table, Map.of("kind", "route", "id", "old", "path", "/old", "backend", "http://old.internal", "revision", 2));

        Cli.Result deleted = cli.run("routes", "delete", "old", "--table", table);
        Cli.Result again = cli.run("routes", "delete", "old", "--table", table);

        assertThat(deleted.status()).isZero();
        assertThat(deleted.out().strip()).isEqualTo("- route 'old' (revision 2)");
        assertThat(cli.item(table, "route", "old")).isEmpty();
        assertThat(again.status()).isEqualTo(1);
        assertThat(again.err()).contains("no route 'old' in table");
    }

}
