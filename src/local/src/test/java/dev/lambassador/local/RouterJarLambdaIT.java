package dev.lambassador.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.lambassador.local.smoke.ShadedRouterMain;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded router jar on its own invokes a function: a child JVM whose class path is that jar and
 * one small main class builds the router from its environment, as Lambda does, and serves a route
 * whose backend is a function on the local function runtime. The jar keeps only the part of the
 * AWS SDK's Lambda client that Invoke needs (see the router's pom); a class it left out that the
 * client loads would fail here, not in production.
 */
class RouterJarLambdaIT {

    private static final Path ROUTER_JAR = Path.of(System.getProperty("routerJar", "../../functions/router/target/lambassador-router.jar"));

    @Test
    void theShadedRouterInvokesAFunctionAndAnswersWithItsResponse(@TempDir Path dir) throws Exception {
        try (LocalFunctionRuntime functions = LocalFunctionRuntime.start().deploy(DemoFunction.NAME, new DemoFunction())) {
            Path routes = dir.resolve("routes.yaml");
            Files.writeString(routes, """
                    routes:
                      - id: hello
                        path: /hello/{name}
                        backend: {type: lambda, function: %s}
                        auth: none
                    """.formatted(DemoFunction.NAME));
            Path event = dir.resolve("event.json");
            Files.write(event, JSON.std.asBytes(LocalEvents.restApi(new LocalEvents.HttpCall("GET", "/hello/jar", "", Map.of(), new byte[0],
                    "127.0.0.1", 8080, "req-jar", Instant.now()))));
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", ROUTER_JAR.toAbsolutePath() + File.pathSeparator + Path.of("target/test-classes").toAbsolutePath(),
                    ShadedRouterMain.class.getName(), event.toString()));
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectOutput(dir.resolve("stdout.txt").toFile())
                    .redirectError(dir.resolve("stderr.txt").toFile());
            builder.environment().keySet().removeIf(name -> name.startsWith("AWS_") || name.startsWith("JAVA_TOOL"));
            builder.environment().putAll(Map.of("ROUTES_FILE", routes.toString(), "AWS_REGION", "us-east-1",
                    "AWS_ACCESS_KEY_ID", "local", "AWS_SECRET_ACCESS_KEY", "local",
                    "AWS_ENDPOINT_URL_LAMBDA", functions.uri().toString()));
            Process process = builder.start();
            assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("the child JVM finished").isTrue();

            String answer = Files.readAllLines(dir.resolve("stdout.txt")).stream().filter(line -> line.startsWith("OK ") || line.startsWith("ERROR "))
                    .findFirst().orElseThrow(() -> new AssertionError("no answer; stderr:\n" + readQuietly(dir.resolve("stderr.txt"))));
            assertThat(answer).as(readQuietly(dir.resolve("stderr.txt"))).startsWith("OK ");
            Map<String, Object> response = JSON.std.mapFrom(answer.substring(3));
            assertThat(response).containsEntry("statusCode", 200);
            assertThat((String) response.get("body")).contains("Hello, jar!");
            assertThat(functions.invocations()).hasSize(1);
        }
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (Exception e) {
            return "";
        }
    }
}
