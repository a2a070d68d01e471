package dev.lambassador.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Retries and errors against a real loopback HTTP server that answers from a script: throttling and
 * 5xx are retried, other 4xx are not, a dropped connection is retried, and the client gives up at its
 * call timeout; and credentials from a container endpoint, as SnapStart functions get them.
 */
class DynamoDbJsonClientRetryTest {

    private static final String OK = "{\"Item\":{\"kind\":{\"S\":\"meta\"},\"id\":{\"S\":\"revision\"},\"revision\":{\"N\":\"3\"}}}";
    private static final Map<String, Object> GET = Map.of("TableName", "routes",
            "Key", DynamoDbJson.fromJava(Map.of("kind", "meta", "id", "revision")));

    /** An answer: its status and body, or none at all (the connection closed). */
    private record Answer(int status, String body) {
        static final Answer DROP = new Answer(0, "");
    }

    private final Deque<Answer> script = new ArrayDeque<>();
    private final List<Map<String, String>> received = new CopyOnWriteArrayList<>();
    private HttpServer server;
    private DynamoDbJsonClient client;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::answer);
        server.start();
        client = new DynamoDbJsonClient(URI.create("http://127.0.0.1:" + server.getAddress().getPort()), "eu-west-1",
                () -> new AwsCredentials("AKID", "secret", "session"), Duration.ofSeconds(3));
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            received.add(Map.of(
                    "target", String.valueOf(exchange.getRequestHeaders().getFirst("X-Amz-Target")),
                    "type", String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type")),
                    "authorization", String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")),
                    "token", String.valueOf(exchange.getRequestHeaders().getFirst("X-Amz-Security-Token"))));
            Answer answer;
            synchronized (script) {
                answer = script.isEmpty() ? new Answer(200, OK) : script.poll();
            }
            if (answer == Answer.DROP) {
                return;
            }
            byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.0");
            exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
            exchange.getResponseBody().write(body);
        }
    }

    private void then(Answer... answers) {
        synchronized (script) {
            script.addAll(List.of(answers));
        }
    }

    private static Answer error(int status, String type, String message) {
        return new Answer(status, "{\"__type\":\"com.amazonaws.dynamodb.v20120810#" + type + "\",\"message\":\"" + message + "\"}");
    }

    @Test
    void aRequestIsSignedJsonForItsOperation() {
        assertThat(client.getItem(GET, Instant.MAX)).contains(Map.of("kind", "meta", "id", "revision",
                "revision", new java.math.BigDecimal("3")));

        assertThat(received).singleElement().satisfies(request -> {
            assertThat(request).containsEntry("target", "DynamoDB_20120810.GetItem")
                    .containsEntry("type", "application/x-amz-json-1.0")
                    .containsEntry("token", "session");
            assertThat(request.get("authorization")).startsWith("AWS4-HMAC-SHA256 Credential=AKID/")
                    .contains("/eu-west-1/dynamodb/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-security-token;x-amz-target,");
        });
    }

    @Test
    void a500IsRetried() {
        then(new Answer(500, "{}"), error(503, "ServiceUnavailable", "try again"));

        assertThat(client.getItem(GET, Instant.MAX)).isPresent();
        assertThat(received).hasSize(3);
    }

    @Test
    void throttlingIsRetried() {
        then(error(400, "ProvisionedThroughputExceededException", "slow down"), error(400, "ThrottlingException", "rate"));

        assertThat(client.getItem(GET, Instant.MAX)).isPresent();
        assertThat(received).hasSize(3);
    }

    @Test
    void aDroppedConnectionIsRetried() {
        then(Answer.DROP);

        assertThat(client.getItem(GET, Instant.MAX)).isPresent();
        assertThat(received).hasSize(2);
    }

    @Test
    void anotherClientErrorIsNotRetriedAndIsNamed() {
        then(error(400, "ValidationException", "One or more parameter values were invalid"));

        assertThatThrownBy(() -> client.getItem(GET, Instant.MAX))
                .isInstanceOf(DynamoDbException.class)
                .hasMessage("DynamoDB GetItem on table routes: ValidationException: One or more parameter values were invalid (HTTP 400)");
        assertThat(received).hasSize(1);
    }

    @Test
    void retriesStopAfterFourAttempts() {
        then(new Answer(500, "{}"), new Answer(500, "{}"), new Answer(500, "{}"), new Answer(502, "<html>Bad Gateway</html>"));

        assertThatThrownBy(() -> client.getItem(GET, Instant.MAX))
                .isInstanceOf(DynamoDbException.class)
                .hasMessageContaining("DynamoDB GetItem on table routes: an answer that is not JSON: <html>Bad Gateway</html> (HTTP 502)")
                .hasMessageEndingWith("(after 4 attempts)")
                .satisfies(e -> assertThat(((DynamoDbException) e).status()).isEqualTo(502));
        assertThat(received).hasSize(4);
    }

    @Test
    void aCallGivesUpAtItsDeadlineRetriesIncluded() {
        for (int i = 0; i < 20; i++) {
            then(error(400, "ThrottlingException", "rate"));
        }
        Instant deadline = Instant.now().plusMillis(300);

        assertThatThrownBy(() -> client.getItem(GET, deadline))
                .isInstanceOf(DynamoDbException.class)
                .hasMessageContaining("ThrottlingException");
        assertThat(Instant.now()).isBefore(deadline.plusMillis(500));
    }

    @Test
    void backoffDoublesFromItsBaseUpToTwoSeconds() {
        assertThat(List.of(1, 2, 3, 4, 8, 40)).extracting(attempt -> DynamoDbJsonClient.backoffCapMillis(attempt, false))
                .containsExactly(25L, 50L, 100L, 200L, 2000L, 2000L);
        assertThat(List.of(1, 2, 3, 4, 5)).extracting(attempt -> DynamoDbJsonClient.backoffCapMillis(attempt, true))
                .containsExactly(250L, 500L, 1000L, 2000L, 2000L);
    }

    @Test
    void theHostHeaderNamesThePortOnlyWhenItIsNotTheSchemes() {
        assertThat(DynamoDbJsonClient.host(URI.create("https://dynamodb.eu-west-1.amazonaws.com"))).isEqualTo("dynamodb.eu-west-1.amazonaws.com");
        assertThat(DynamoDbJsonClient.host(URI.create("https://ddb.example:443/"))).isEqualTo("ddb.example");
        assertThat(DynamoDbJsonClient.host(URI.create("http://ddb.example:80"))).isEqualTo("ddb.example");
        assertThat(DynamoDbJsonClient.host(URI.create("http://ddb.example:443"))).isEqualTo("ddb.example:443");
        assertThat(DynamoDbJsonClient.host(URI.create("https://ddb.example:80"))).isEqualTo("ddb.example:80");
        assertThat(DynamoDbJsonClient.host(URI.create("http://127.0.0.1:8000"))).isEqualTo("127.0.0.1:8000");
    }

    @Test
    void containerCredentialsAreFetchedWithTheTokenAndKeptUntilShortlyBeforeTheyExpire() throws IOException {
        List<String> authorizations = new CopyOnWriteArrayList<>();
        HttpServer credentials = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        credentials.createContext("/creds", exchange -> {
            try (exchange) {
                authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
                byte[] body = ("{\"AccessKeyId\":\"ASIA" + authorizations.size() + "\",\"SecretAccessKey\":\"s\",\"Token\":\"t\","
                        + "\"Expiration\":\"2026-01-01T01:00:00Z\"}").getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
        });
        credentials.start();
        try {
            URI uri = URI.create("http://127.0.0.1:" + credentials.getAddress().getPort() + "/creds");
            Clock early = Clock.fixed(Instant.parse("2026-01-01T00:50:00Z"), ZoneOffset.UTC);
            Supplier<AwsCredentials> supplier = new AwsCredentials.ContainerCredentials(uri, "secret-token", null, early);
            assertThat(supplier.get()).isEqualTo(new AwsCredentials("ASIA1", "s", "t"));
            assertThat(supplier.get().accessKeyId()).as("kept").isEqualTo("ASIA1");

            Clock late = Clock.fixed(Instant.parse("2026-01-01T00:56:00Z"), ZoneOffset.UTC);
            Supplier<AwsCredentials> refreshing = new AwsCredentials.ContainerCredentials(uri, "secret-token", null, late);
            assertThat(refreshing.get().accessKeyId()).isEqualTo("ASIA2");
            assertThat(refreshing.get().accessKeyId()).as("within 5 minutes of expiry: fetched again").isEqualTo("ASIA3");
            assertThat(authorizations).containsExactly("secret-token", "secret-token", "secret-token");

            java.nio.file.Path tokenFile = java.nio.file.Files.createTempFile("container-token", ".txt");
            java.nio.file.Files.writeString(tokenFile, "token-from-file\n");
            assertThat(new AwsCredentials.ContainerCredentials(uri, "ignored", tokenFile.toString(), early).get().sessionToken()).isEqualTo("t");
            assertThat(authorizations).as("the file's token, not the variable's").endsWith("token-from-file");
            java.nio.file.Files.delete(tokenFile);

            assertThat(AwsCredentials.fromEnvironment(Map.of("AWS_CONTAINER_CREDENTIALS_FULL_URI", uri.toString(),
                    "AWS_CONTAINER_AUTHORIZATION_TOKEN", "secret-token")).get().accessKeyId()).startsWith("ASIA");
        } finally {
            credentials.stop(0);
        }
    }

    @Test
    void environmentCredentialsAndTheirAbsence() {
        assertThat(AwsCredentials.fromEnvironment(Map.of("AWS_ACCESS_KEY_ID", "AKID", "AWS_SECRET_ACCESS_KEY", "s",
                "AWS_SESSION_TOKEN", "t")).get()).isEqualTo(new AwsCredentials("AKID", "s", "t"));
        assertThatThrownBy(() -> AwsCredentials.fromEnvironment(Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("AWS_ACCESS_KEY_ID");
        assertThatThrownBy(() -> AwsCredentials.fromEnvironment(Map.of("AWS_ACCESS_KEY_ID", "AKID")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not");
        assertThat(new AwsCredentials("AKID", "very-secret", "token").toString()).isEqualTo("AwsCredentials[AKID, with session token]");
        assertThat(new AwsCredentials("AKID", "very-secret", " ").toString()).isEqualTo("AwsCredentials[AKID]");
    }

    @Test
    void unreachableContainerEndpointIsAnIoFailure() {
        AwsCredentials.ContainerCredentials supplier = new AwsCredentials.ContainerCredentials(
                URI.create("http://127.0.0.1:" + dev.lambassador.testing.LoopbackPorts.free() + "/creds"), null, null, Clock.systemUTC());

        assertThatThrownBy(supplier::get).isInstanceOf(UncheckedIOException.class).hasMessageContaining("container endpoint");
    }

    @Test
    void theEnvironmentNamesRegionAndEndpoint() {
        Map<String, String> lambda = Map.of("AWS_REGION", "eu-central-1", "AWS_ACCESS_KEY_ID", "a", "AWS_SECRET_ACCESS_KEY", "s");
        DynamoDbJsonClient fromLambda = DynamoDbJsonClient.fromEnvironment(lambda);
        assertThat(fromLambda.endpoint()).isEqualTo(URI.create("https://dynamodb.eu-central-1.amazonaws.com"));
        assertThat(fromLambda.region()).isEqualTo("eu-central-1");
        assertThat(DynamoDbJsonClient.fromEnvironment(Map.of("AWS_REGION", "us-east-1", "AWS_ENDPOINT_URL_DYNAMODB", "http://localhost:8000",
                "AWS_ENDPOINT_URL", "http://localhost:4566", "AWS_ACCESS_KEY_ID", "a", "AWS_SECRET_ACCESS_KEY", "s")).endpoint())
                .isEqualTo(URI.create("http://localhost:8000"));
        assertThatThrownBy(() -> DynamoDbJsonClient.fromEnvironment(Map.of("AWS_ACCESS_KEY_ID", "a", "AWS_SECRET_ACCESS_KEY", "s")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("AWS_REGION");
    }
}
