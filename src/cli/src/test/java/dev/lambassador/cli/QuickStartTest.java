package dev.lambassador.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lambassador.local.DevServer;
import dev.lambassador.testing.DynamoDbEmulator;
import dev.lambassador.testing.EmulatedDynamoDb;
import dev.lambassador.testing.LoopbackPorts;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The README's quick start with a table: create it, apply the examples with the CLI, and serve them
 * with {@code dev --table}, whose echo backend listens where the applied routes say.
 */
@ExtendWith(DynamoDbEmulator.class)
class QuickStartTest {

    @Test
    void aTableCreatedAndAppliedWithTheCliServesTheExamples(EmulatedDynamoDb dynamoDb, @TempDir Path home) throws Exception {
        String table = dynamoDb.uniqueTableName("routes");
        int echoPort = LoopbackPorts.free();
        Cli cli = new Cli(dynamoDb, Map.of("ECHO_URL", "http://127.0.0.1:" + echoPort, "GRPC_TARGET", "127.0.0.1:50051"));
        assertThat(cli.run("table", "create", "--table", table).status()).isZero();
        assertThat(cli.run("apply", Path.of("../../examples/routes.yaml").toString(), "--table", table).status()).isZero();

        Map<String, String> environment = new HashMap<>(dynamoDb.environment());
        environment.put("LAMBASSADOR_HOME", home.toString());
        Console console = new Console(environment, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        CommandLine.ParseResult parsed = Lambassador.commandLine(console)
                .parseArgs("dev", "--table", table, "--port", "0", "--echo-port", String.valueOf(echoPort), "--default-auth", "any");
        DevServer.Options options = ((DevCommand) parsed.subcommand().commandSpec().userObject()).options();
        try (DevServer server = DevServer.start(options, environment, (PrintStream) null)) {
            HttpResponse<String> echo = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(server.uri() + "/echo/hello?name=world")).build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> protectedRoute = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(server.uri() + "/orders/42")).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(server.echoUri()).isEqualTo(URI.create("http://127.0.0.1:" + echoPort));
            assertThat(echo.statusCode()).isEqualTo(200);
            assertThat(echo.body()).contains("\"path\" : \"/hello\"", "\"query\" : \"name=world\"");
            assertThat(protectedRoute.statusCode()).isEqualTo(401);
        }
    }
}
