package dev.lambassador.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.lambassador.core.apigw.ProxyEvents;
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
 * The shaded router-grpc jar on its own serves a grpc route: a child JVM whose class path is that jar
 * and one small main class builds the router from its environment, as Lambda does, finds the grpc
 * backend type on its class path, reads the service by server reflection and calls a real gRPC
 * server on a loopback port. The same route in lambassador-router.jar is refused (RouterHandlerTest
 * has no grpc type), so this is what a stack deploys to route to gRPC services.
 */
class RouterGrpcJarIT {

    private static final Path JAR = Path.of(System.getProperty("routerGrpcJar", "target/lambassador-router-grpc.jar"));

    @Test
    void theShadedRouterCallsAGrpcMethodAndAnswersJson(@TempDir Path dir) throws Exception {
        try (OrdersService orders = OrdersService.start(true)) {
            Path routes = dir.resolve("routes.yaml");
            Files.writeString(routes, """
                    routes:
                      - id: order
                        path: /orders/{order_id}
                        methods: [GET]
                        backend: {type: grpc, target: "%s", tls: false, service: shop.v1.Orders, method: GetOrder, metadata: [X-Tenant]}
                        auth: none
                    """.formatted(orders.target()));
            Path event = dir.resolve("event.json");
            Files.write(event, JSON.std.asBytes(ProxyEvents.restApi(new ProxyEvents.Request("GET", "/orders/o-5", "quantity=3",
                    Map.of("X-Tenant", List.of("acme")), null, "127.0.0.1", "req-grpc", Instant.now(), "/{proxy+}", null, null),
                    new ProxyEvents.Api("123456789012", "api", "prod", true))));
            ShadedJarRun run = ShadedJarRun.run(JAR, RouterHandler.class.getName(), Map.of("ROUTES_FILE", routes.toString(),
                    "AWS_REGION", "us-east-1",
                    // The test's gRPC server listens on loopback, which a deployed router refuses.
                    "BACKEND_ALLOW_LOOPBACK", "true"), dir, List.of(event.toString()));

            String answer = run.answer();
            assertThat(answer).as(run.stderr()).startsWith("OK ");
            Map<String, Object> response = JSON.std.mapFrom(answer.substring(3));
            assertThat(response).as(answer).containsEntry("statusCode", 200);
            assertThat(JSON.std.mapFrom((String) response.get("body")))
                    .isEqualTo(Map.of("orderId", "o-5", "quantity", 3, "tenant", "acme"));
        }
    }
}
