package dev.lambassador.bench;

import dev.lambassador.core.Gateway;
import dev.lambassador.core.GatewayRequest;
import dev.lambassador.core.GatewayResponse;
import dev.lambassador.core.Headers;
import dev.lambassador.core.backend.BackendClient;
import dev.lambassador.core.backend.HttpBackend;
import dev.lambassador.core.route.RouteTable;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a named backend's retry policy and closed circuit breaker cost a request that needs neither:
 * the same in-process gateway and path, the backend's answer canned, to a route whose backend is an
 * inline URL ({@code plain}) and to one that references a backend item with {@code retry} and
 * {@code circuitBreaker} ({@code resilient}). The difference is the decorator: finding the
 * reference, the budget, the breaker's permission and its record of a success. C1 only, the router's flags.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1"})
public class ResilienceBenchmark {

    private Gateway gateway;
    private GatewayRequest plain;
    private GatewayRequest resilient;

    @Setup(Level.Trial)
    public void setUp() {
        RouteTable.Compiled compiled = RouteTable.compileItems(List.of(
                Map.of("kind", "backend", "id", "orders", "url", "http://orders.internal.example.com",
                        "retry", Map.of("attempts", 3), "circuitBreaker", Map.of("failureRatePercent", 50)),
                Map.of("id", "plain", "path", "/plain/orders/{id}", "methods", List.of("GET"),
                        "backend", "http://orders.internal.example.com/v2/orders/{id}"),
                Map.of("id", "resilient", "path", "/resilient/orders/{id}", "methods", List.of("GET"),
                        "backend", Map.of("ref", "orders", "path", "/v2/orders/{id}"))));
        if (!compiled.rejected().isEmpty()) {
            throw new IllegalStateException("the benchmark's items were rejected: " + compiled.rejected());
        }
        GatewayResponse canned = new GatewayResponse(200, Headers.of("Content-Type", "application/json"),
                "{\"id\":\"42\",\"status\":\"shipped\"}".getBytes(StandardCharsets.UTF_8));
        gateway = Gateway.builder().routes(compiled.table())
                .backendClient(BackendClient.of(HttpBackend.TYPE, (request, exchange, backend) -> canned))
                .build();
        plain = request("/plain/orders/42");
        resilient = request("/resilient/orders/42");
        for (GatewayRequest request : List.of(plain, resilient)) {
            int status = gateway.handle(request).status();
            if (status != 200) {
                throw new IllegalStateException("the benchmark's request to " + request.path() + " was answered " + status + ", not 200");
            }
        }
    }

    private static GatewayRequest request(String path) {
        return new GatewayRequest("GET", path, "", Map.of(), Headers.of(
                "Host", "api.example.com", "Accept", "application/json", "User-Agent", "Mozilla/5.0"),
                null, "203.0.113.9", "c6af9ac6-7b61-11e6-9a41-93e8deadbeef", Map.of());
    }

    @Benchmark
    public GatewayResponse plain() {
        return gateway.handle(plain);
    }

    @Benchmark
    public GatewayResponse resilient() {
        return gateway.handle(resilient);
    }
}
