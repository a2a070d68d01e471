package dev.lambassador.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.lambassador.testing.LocalStackImage;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The stack as a user deploys it, end to end, in LocalStack started through Testcontainers:
 * {@code cdk bootstrap} and {@code cdk deploy} of the CDK app, routes and an API with two versions
 * applied with the {@code lambassador} CLI, an API key made with it, and requests through
 * LocalStack's API Gateway: a public route answers 200, a protected one 401 without a credential
 * and 200 with the key, and the version named by the {@code Api-Version} header answers.
 *
 * <p>The backends are LocalStack's own endpoints, which its Lambda containers reach as
 * {@code localhost.localstack.cloud}. Run by {@code bin/e2e-localstack}; where no Docker engine
 * answers it fails at once, saying so: it is never reported as passed unless it ran.
 */
class LocalStackEndToEnd {

    private static final Path ROOT = Path.of(System.getProperty("repositoryRoot", "..")).toAbsolutePath().normalize();
    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(15);
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final String BACKEND = "http://localhost.localstack.cloud:4566/_localstack";

    @Test
    void theDeployedGatewayServesRoutesAuthAndVersions() throws Exception {
        assertThat(DockerClientFactory.instance().isDockerAvailable())
                .as("no Docker engine answers here, so LocalStack cannot start; nothing was run").isTrue();
        try (LocalStackContainer localstack = new LocalStackContainer(DockerImageName.parse(LocalStackImage.from(System.getenv()))
                .asCompatibleSubstituteFor("localstack/localstack"))) {
            localstack.start();
            Map<String, String> aws = new HashMap<>();
            aws.put("AWS_ENDPOINT_URL", localstack.getEndpoint().toString());
            aws.put("AWS_REGION", localstack.getRegion());
            aws.put("AWS_DEFAULT_REGION", localstack.getRegion());
            aws.put("AWS_ACCESS_KEY_ID", localstack.getAccessKey());
            aws.put("AWS_SECRET_ACCESS_KEY", localstack.getSecretKey());
            aws.put("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "1");

            Path outputs = Files.createTempFile("lambassador-e2e", ".json");
            List<String> cdk = List.of("npx", "--yes", "aws-cdk@2");
            run(aws, concat(cdk, "bootstrap", "aws://000000000000/" + localstack.getRegion()));
            run(aws, concat(cdk, "deploy", "--require-approval", "never", "--outputs-file", outputs.toString(),
                    "-c", "snapStart=false", "-c", "backendAllowedHosts=localhost.localstack.cloud"));
            Map<String, Object> stack = onlyStack(JSON.std.mapFrom(Files.readString(outputs)));
            String table = (String) stack.get("RoutesTableName");
            String apiId = URI.create((String) stack.get("ApiUrl")).getHost().split("\\.")[0];
            String stage = URI.create((String) stack.get("ApiUrl")).getPath().replace("/", "");

            Path gateway = Files.writeString(Files.createTempFile("gateway", ".yaml"), """
                    routes:
                      - {id: public, path: /health, methods: [GET], backend: "%1$s/health", auth: none}
                      - {id: private, path: /private, methods: [GET], backend: "%1$s/health", auth: apiKey}
                    apis:
                      - {id: shop, basePath: /shop, selectBy: [header], defaultVersion: v1, auth: none}
                    versions:
                      - {id: "shop:v1", status: current, backend: "%1$s/health"}
                      - {id: "shop:v2", status: current, backend: "%1$s/info"}
                    """.formatted(BACKEND));
            run(aws, lambassador("apply", gateway.toString(), "--table", table));
            String key = run(aws, lambassador("keys", "create", "--consumer", "e2e", "--table", table)).strip();

            String base = localstack.getEndpoint() + "/restapis/" + apiId + "/" + stage + "/_user_request_";
            assertThat(get(base + "/health", Map.of()).statusCode()).isEqualTo(200);
            assertThat(get(base + "/private", Map.of()).statusCode()).isEqualTo(401);
            assertThat(get(base + "/private", Map.of("x-api-key", key)).statusCode()).isEqualTo(200);
            HttpResponse<String> v2 = get(base + "/shop", Map.of("Api-Version", "v2"));
            assertThat(v2.statusCode()).isEqualTo(200);
            assertThat(v2.headers().firstValue("Api-Version")).hasValue("v2");
            assertThat(v2.body()).as("LocalStack's /info, not /health").contains("version");
        }
    }

    private static List<String> lambassador(String... arguments) {
        List<String> command = new ArrayList<>(List.of("java", "-jar", ROOT.resolve("src/cli/target/lambassador.jar").toString()));
        command.addAll(List.of(arguments));
        return command;
    }

    private static List<String> concat(List<String> head, String... tail) {
        List<String> all = new ArrayList<>(head);
        all.addAll(List.of(tail));
        return all;
    }

    /** Runs a command in the repository root, its error output passed through; returns its output. */
    private static String run(Map<String, String> environment, List<String> command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().putAll(environment);
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        boolean ended = process.waitFor(COMMAND_TIMEOUT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        assertThat(ended && process.exitValue() == 0).as("%s ended with %s:%n%s", command,
                ended ? process.exitValue() : "a timeout", out).isTrue();
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> onlyStack(Map<String, Object> outputs) {
        assertThat(outputs).hasSize(1);
        return (Map<String, Object>) outputs.values().iterator().next();
    }

    private static HttpResponse<String> get(String url, Map<String, String> headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60));
        headers.forEach(request::header);
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
