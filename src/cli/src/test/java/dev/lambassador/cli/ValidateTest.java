package dev.lambassador.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lambassador.testing.DynamoDbEmulator;
import dev.lambassador.testing.EmulatedDynamoDb;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code lambassador validate}: the router's validation, each problem named by item and field, and exit codes for CI. */
@ExtendWith(DynamoDbEmulator.class)
class ValidateTest {

    private final Cli cli;

    @TempDir
    Path dir;

    ValidateTest(EmulatedDynamoDb dynamoDb) {
        this.cli = new Cli(dynamoDb, Map.of("ECHO_URL", "http://127.0.0.1:9000", "GRPC_TARGET", "127.0.0.1:50051"));
    }

    private Path file(String yaml) throws IOException {
        return Files.writeString(dir.resolve("gateway.yaml"), yaml);
    }

    @Test
    void theExampleFileIsValid() {
        Cli.Result result = cli.run("validate", Path.of("../../examples/routes.yaml").toString());

        assertThat(result.status()).as(result.out() + result.err()).isZero();
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).contains("15 items, all valid.");
    }

    @Test
    void everyProblemIsNamedByItemAndFieldAndTheExitCodeIs1() throws IOException {
        Path file = file("""
                routes:
                  - id: orders
                    path: /orders/{id}
                    backend: http://orders.internal/{id}
                    timeoutMs: 0
                    scope: [orders:read]
                  - id: fine
                    path: /fine
                    backend: http://fine.internal
                versions:
                  - id: shop:v1
                    status: current
                    backend: http://shop.internal
                consumers:
                  - id: acme
                    scopes: "orders read"
                    enabled: "false"
                """);

        Cli.Result result = cli.run("validate", file.toString());

        assertThat(result.status()).isEqualTo(1);
        assertThat(result.out().lines()).containsExactlyInAnyOrder(
                "consumer 'acme': consumer enabled must be a boolean (DynamoDB type BOOL), was false",
                "route 'orders': scope: is not a known attribute; did you mean 'scopes'? (keep your own notes under 'metadata');"
                        + " timeoutMs: must be a whole number from 1 to 900000, was 0",
                "version 'shop:v1': its API 'shop' is not loaded (no valid item of kind api with that id)");
        assertThat(result.err()).contains("3 invalid of 4 items.");
    }

    @Test
    void aBrokenBackendItemAndTheRoutesThatNameItAreNamed() throws IOException {
        Path file = file("""
                backends:
                  - id: orders
                    url: http://orders.internal/v1
                routes:
                  - id: list
                    path: /orders
                    backend: {ref: orders}
                  - id: typo
                    path: /typo
                    backend: {ref: ordrs}
                """);

        Cli.Result result = cli.run("validate", file.toString());

        assertThat(result.status()).isEqualTo(1);
        assertThat(result.out()).contains("backend 'orders': url:").contains("route 'typo': backend.ref: no backend 'ordrs'");
    }

    @Test
    void routesThatCannotBothBeServedAreNamed() throws IOException {
        Path file = file("""
                routes:
                  - {id: a, path: /same, backend: http://a.internal}
                  - {id: b, path: /same, backend: http://b.internal}
                """);

        Cli.Result result = cli.run("validate", file.toString());

        assertThat(result.status()).isEqualTo(1);
        assertThat(result.out().strip()).isEqualTo("route 'b': same host, path shape, method and conditions as route 'a'");
    }

    @Test
    void aFileThatIsNotYamlIsNamedWithLineAndColumnAndTheExitCodeIs2() throws IOException {
        Path file = file("routes:\n  - id: a\n    path: [/a\n  - id: b\n");

        Cli.Result result = cli.run("validate", file.toString());

        assertThat(result.status()).isEqualTo(2);
        assertThat(result.err()).startsWith("lambassador validate: " + file + ":4:7: not valid YAML: expected ',' or ']', but got : (while parsing a flow sequence)").hasLineCount(1);
    }

    @Test
    void aMissingFileOrAnUnsetVariableIsAUsageError() throws IOException {
        Cli.Result missing = cli.run("validate", dir.resolve("nope.yaml").toString());
        Cli.Result unset = cli.run("validate", file("routes:\n  - {id: a, path: /a, backend: '${NOT_SET}'}\n").toString());
        Cli.Result neither = cli.run("validate");

        assertThat(List.of(missing.status(), unset.status(), neither.status())).containsOnly(2);
        assertThat(missing.err()).contains("nope.yaml: no such file");
        assertThat(unset.err()).contains("uses ${NOT_SET}, which is not set");
        assertThat(neither.err()).contains("give a FILE or --table NAME, one of the two");
    }

    @Test
    void aTableIsValidatedAsTheRouterWouldLoadIt() {
        String table = cli.newTable();
        cli.putDirectly(table, Map.of("kind", "route", "id", "ok", "path", "/ok", "backend", "http://ok.internal", "revision", 2));
        cli.putDirectly(table, Map.of("kind", "route", "id", "typo", "path", "/typo", "backend", "http://typo.internal", "auht", "none"));
        cli.putDirectly(table, Map.of("kind", "apikey", "id", "0".repeat(64), "consumer", "acme"));

        Cli.Result result = cli.run("validate", "--table", table);

        assertThat(result.status()).isEqualTo(1);
        assertThat(result.out().strip()).isEqualTo(
                "route 'typo': auht: is not a known attribute; did you mean 'auth'? (keep your own notes under 'metadata')");
        assertThat(result.err()).contains("table '" + table + "'", "1 invalid of 2 items.");
    }

    @Test
    void aValidTableExits0() {
        String table = cli.newTable();
        cli.putDirectly(table, Map.of("kind", "route", "id", "ok", "path", "/ok", "backend", "http://ok.internal"));

        Cli.Result result = cli.run("validate", "--table", table);

        assertThat(result.status()).isZero();
        assertThat(result.err()).contains("1 items, all valid.");
    }
}
