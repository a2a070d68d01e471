package dev.lambassador.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.lambassador.router.RouterHandler;
import dev.lambassador.testing.ShadedJarRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
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
            ShadedJarRun run = ShadedJarRun.run(ROUTER_JAR, RouterHandler.class.getName(), Map.of("ROUTES_FILE", routes.toString(),
                    "AWS_REGION", "us-east-1", "AWS_ACCESS_KEY_ID", "local", "AWS_SECRET_ACCESS_KEY", "local",
                    "AWS_ENDPOINT_URL_LAMBDA", functions.uri().toString()), dir, List.of(event.toString()));

            String answer = run.answer();
            assertThat(answer).as(run.stderr()).startsWith("OK ");
            Map<String, Object> response = JSON.std.mapFrom(answer.substring(3));
            assertThat(response).containsEntry("statusCode", 200);
            assertThat((String) response.get("body")).contains("Hello, jar!");
            assertThat(functions.invocations()).hasSize(1);
        }
    }
}
