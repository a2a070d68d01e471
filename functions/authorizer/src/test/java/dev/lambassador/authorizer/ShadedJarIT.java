package dev.lambassador.authorizer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.lambassador.core.auth.ApiKeys;
import dev.lambassador.core.auth.Consumer;
import dev.lambassador.dynamodb.DynamoDbApiKeyStore;
import dev.lambassador.dynamodb.DynamoDbClients;
import dev.lambassador.dynamodb.RoutesTable;
import dev.lambassador.testing.DynamoDbEmulator;
import dev.lambassador.testing.EmulatedDynamoDb;
import dev.lambassador.testing.ShadedJarRun;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded (and minimized) Lambda jar on its own: a child JVM whose class path is that jar and
 * one small main class builds the handler from its environment, as Lambda does, looks an API key
 * up in DynamoDB and verifies a token against a JWKS over HTTP. Classes the minimizer dropped but
 * the SDK or nimbus load by name would fail here, not in production.
 */
@ExtendWith(DynamoDbEmulator.class)
class ShadedJarIT {

    private static final Path SHADED_JAR = Path.of(System.getProperty("shadedJar", "target/lambassador-authorizer.jar"));
    /** What Lambda takes for a function's deployment package is far more; this is the project's own budget. */
    private static final long MAX_JAR_BYTES = 6L * 1024 * 1024;

    @Test
    void shadedJarFitsTheSizeBudget() throws IOException {
        assertThat(Files.size(SHADED_JAR)).as("size of " + SHADED_JAR).isLessThanOrEqualTo(MAX_JAR_BYTES);
    }

    /** API keys are read with the functions' own DynamoDB client: nothing of the AWS SDK is left to load at init. */
    @Test
    void shadedJarCarriesNoAwsSdk() throws IOException {
        List<String> sdk = new ArrayList<>();
        try (JarFile jar = new JarFile(SHADED_JAR.toFile())) {
            for (JarEntry entry : Collections.list(jar.entries())) {
                if (entry.getName().startsWith("software/amazon/awssdk/")) {
                    sdk.add(entry.getName());
                }
            }
        }

        assertThat(sdk).as("AWS SDK classes in " + SHADED_JAR).isEmpty();
    }

    @Test
    void shadedJarAuthorizesApiKeysAndTokensOnItsOwn(EmulatedDynamoDb dynamoDb, @TempDir Path dir) throws Exception {
        String table = dynamoDb.uniqueTableName("routes");
        RoutesTable.create(dynamoDb.client(), table);
        String key = ApiKeys.generate();
        new DynamoDbApiKeyStore(DynamoDbClients.jsonClient(dynamoDb.client()), table)
                .save(ApiKeys.hash(key), new Consumer("acme", "Acme", "gold", Set.of("orders:read"), true));

        try (JwksServer jwks = JwksServer.start()) {
            jwks.publish("idp", Tokens.RSA, Tokens.EC);
            String issuer = jwks.issuer("idp");
            List<String> events = List.of(
                    write(dir, "rest-api-key", Events.rest(Map.of("x-api-key", key))),
                    write(dir, "http-rs256", Events.http(Map.of("authorization", "Bearer " + Tokens.sign(Tokens.RSA, Tokens.claims(issuer, Instant.now()).build())))),
                    write(dir, "rest-es256", Events.rest(Map.of("Authorization", "Bearer " + Tokens.sign(Tokens.EC, Tokens.claims(issuer, Instant.now()).build())))),
                    write(dir, "rest-unknown-key", Events.rest(Map.of("x-api-key", ApiKeys.generate()))),
                    write(dir, "http-anonymous", Events.http(Map.of())));

            Result result = run(dir, events, Map.of(
                    "API_KEYS_TABLE", table,
                    "JWT_ISSUERS", issuer,
                    "JWT_AUDIENCES", Tokens.AUDIENCE,
                    "ANONYMOUS_ACCESS", "false"), dynamoDb.environment());

            assertThat(result.exitCode()).as(result.describe()).isZero();
            assertThat(result.lines()).as(result.describe()).hasSize(5);
            Map<String, Object> apiKey = json(result.lines().get(0));
            assertThat(apiKey).as(result.describe()).containsEntry("principalId", "acme").containsEntry("usageIdentifierKey", key);
            assertThat(json(result.lines().get(1))).as(result.describe()).containsEntry("isAuthorized", true);
            assertThat(json(result.lines().get(2))).as(result.describe()).containsEntry("principalId", "user-1");
            assertThat(result.lines().get(3)).as(result.describe()).isEqualTo("ERROR " + UnauthorizedException.class.getName() + " Unauthorized");
            assertThat(json(result.lines().get(4))).as(result.describe()).isEqualTo(Map.of("isAuthorized", false));
            assertThat(jwks.hits("idp")).as("one JWKS fetch for both tokens").isEqualTo(1);
            // Each decision is a JSON line and an EMF document, from the shaded jar's own classes, and no credential is in them.
            List<Map<String, Object>> decisions = result.logs().stream().map(ShadedJarIT::logLine)
                    .filter(line -> line.containsKey("decision") && !line.containsKey("_aws")).toList();
            assertThat(decisions).as(result.describe()).extracting(line -> line.get("decision") + " " + line.get("reason"))
                    .containsExactly("allow apiKey", "allow jwt", "allow jwt", "deny api_key_refused", "deny no_credentials");
            assertThat(result.logs()).as(result.describe()).filteredOn(line -> line.contains("\"_aws\"")).hasSize(5);
            assertThat(String.join("\n", result.logs())).as(result.describe()).doesNotContain(key).doesNotContain("Bearer");
        }
    }

    @Test
    void shadedJarRefusesKeysWhenItsTableCannotBeRead(EmulatedDynamoDb dynamoDb, @TempDir Path dir) throws Exception {
        List<String> events = List.of(write(dir, "rest-api-key", Events.rest(Map.of("x-api-key", ApiKeys.generate()))));

        // DynamoDB's error answer is unmarshalled into the SDK's exception: that path must be in the jar too.
        Result result = run(dir, events, Map.of("API_KEYS_TABLE", dynamoDb.uniqueTableName("missing")), dynamoDb.environment());

        assertThat(result.lines()).as(result.describe()).containsExactly("ERROR " + UnauthorizedException.class.getName() + " Unauthorized");
        assertThat(result.logs()).as(result.describe()).anySatisfy(line -> assertThat(line).contains("\"level\":\"ERROR\"")
                .contains("ResourceNotFoundException"));
        assertThat(result.stderr()).as(result.describe()).doesNotContain("NoClassDefFoundError");
    }

    /**
     * @param lines what the main printed: the answers
     * @param logs  what the function logged on standard output, where Lambda reads it: JSON lines and EMF documents
     */
    private record Result(int exitCode, List<String> lines, List<String> logs, String stderr) {
        String describe() {
            return "child JVM exit " + exitCode + "; stdout:\n" + String.join("\n", lines) + "\nlogs:\n" + String.join("\n", logs)
                    + "\nstderr:\n" + stderr;
        }
    }

    private static Result run(Path dir, List<String> events, Map<String, String> settings, Map<String, String> aws) throws Exception {
        // Only what Lambda would give the function: its settings and the AWS variables, no build-time leftovers.
        Map<String, String> environment = new HashMap<>(aws);
        environment.putAll(settings);
        ShadedJarRun run = ShadedJarRun.run(SHADED_JAR, AuthorizerHandler.class.getName(), environment, dir, events);
        List<String> logs = run.stdout().stream().filter(ShadedJarIT::isLogLine).toList();
        List<String> lines = run.stdout().stream().filter(line -> !isLogLine(line)).toList();
        return new Result(run.exitCode(), lines, logs, run.stderr());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> logLine(String line) {
        try {
            return JSON.std.mapFrom(line);
        } catch (IOException e) {
            throw new UncheckedIOException("not a JSON log line: " + line, e);
        }
    }

    private static boolean isLogLine(String line) {
        return line.startsWith("{\"timestamp\"") || line.startsWith("{\"_aws\"");
    }

    private static String write(Path dir, String name, Map<String, Object> event) throws IOException {
        Path file = dir.resolve(name + ".json");
        Files.write(file, JSON.std.asBytes(event));
        return file.toString();
    }

    private static Map<String, Object> json(String line) throws IOException {
        assertThat(line).startsWith("OK ");
        return JSON.std.mapFrom(line.substring(3).getBytes(StandardCharsets.UTF_8));
    }
}
