package dev.lambassador.grpc;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.lambassador.core.apigw.ProxyEvents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The test service as a process, for bench/grpc-coldstart.sh: serves shop.v1.Orders with reflection
 * on a loopback port and writes, into the directory named by the argument, the routes (one with
 * the descriptor set in the item, one by reflection) and the event the cold starts are given. Runs
 * until killed.
 */
public final class OrdersServerMain {

    private OrdersServerMain() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        OrdersService orders = OrdersService.start(true);
        for (String source : List.of("set", "reflection")) {
            Files.writeString(dir.resolve("routes-" + source + ".yaml"), """
                    routes:
                      - id: order
                        path: /orders/{order_id}
                        methods: [GET]
                        backend: {type: grpc, target: "%s", tls: false, service: shop.v1.Orders, method: GetOrder%s}
                        auth: none
                    """.formatted(orders.target(), source.equals("set") ? ", descriptorSet: " + OrdersService.descriptorSet() : ""));
        }
        Files.write(dir.resolve("event.json"), JSON.std.asBytes(ProxyEvents.restApi(new ProxyEvents.Request("GET", "/orders/o-5",
                "quantity=3", Map.of("Accept", List.of("application/json")), null, "127.0.0.1", "bench", Instant.now(), "/{proxy+}", null, null),
                new ProxyEvents.Api("123456789012", "api", "prod", true))));
        Files.writeString(dir.resolve("ready"), orders.target());
        Thread.currentThread().join();
    }
}
