package dev.lambassador.bench;

import dev.lambassador.core.Gateway;
import dev.lambassador.core.GatewayRequest;
import dev.lambassador.core.GatewayResponse;
import dev.lambassador.core.Headers;
import dev.lambassador.core.auth.Caller;
import dev.lambassador.core.backend.BackendClient;
import dev.lambassador.core.backend.HttpBackend;
import dev.lambassador.core.route.RouteTable;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What transforms cost: the same POST of a 10 KB JSON body through a route without filters and
 * through one with five header transforms (templates over the caller, the path and a header) and
 * one nested JSON body transform (a move, an add from a template, a remove), the backend's answer
 * canned, with the router's flags (C1).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1"})
public class TransformBenchmark {

    private Gateway gateway;
    private GatewayRequest plain;
    private GatewayRequest transformed;

    @Setup
    public void setUp() {
        List<Map<String, Object>> filters = List.of(
                filter("setRequestHeader", "name", "X-Tenant", "value", "${caller.consumer}"),
                filter("setRequestHeader", "name", "X-Order", "value", "order-${path.id}"),
                filter("addRequestHeader", "name", "X-Via", "value", "lambassador"),
                filter("renameRequestHeader", "from", "X-Legacy-Id", "to", "X-Correlation-Id"),
                filter("removeRequestHeader", "name", "Cookie"),
                Map.of("name", "transformRequestJson", "args", Map.of("operations", List.of(
                        Map.of("op", "move", "from", "/order/customer", "path", "/order/client"),
                        Map.of("op", "add", "path", "/order/meta/requestedBy", "template", "${caller.subject}"),
                        Map.of("op", "remove", "path", "/order/internal")))));
        RouteTable.Compiled compiled = RouteTable.compileItems(List.of(
                Map.of("id", "plain", "path", "/plain/{id}", "backend", "http://orders", "auth", "none"),
                Map.of("id", "transformed", "path", "/orders/{id}", "backend", "http://orders", "auth", "none", "filters", filters)));
        if (!compiled.rejected().isEmpty()) {
            throw new IllegalStateException("routes were rejected: " + compiled.rejected());
        }
        GatewayResponse canned = new GatewayResponse(201, Headers.of("Content-Type", "application/json"), "{}".getBytes());
        gateway = Gateway.builder().routes(compiled.table()).backendClient(BackendClient.of(HttpBackend.TYPE, (request, exchange, backend) -> canned)).build();
        byte[] body = body().getBytes(StandardCharsets.UTF_8);
        Headers headers = Headers.of("Host", "api.example.com", "Content-Type", "application/json", "X-Legacy-Id", "abc",
                "Cookie", "session=1", "User-Agent", "bench");
        Map<String, String> caller = new Caller(Caller.Kind.JWT, "alice", "web", Set.of("orders:write"), "", "https://issuer").toContext();
        plain = new GatewayRequest("POST", "/plain/42", "", Map.of(), headers, body, "203.0.113.9", "bench", caller);
        transformed = new GatewayRequest("POST", "/orders/42", "", Map.of(), headers, body, "203.0.113.9", "bench", caller);
        for (GatewayRequest request : List.of(plain, transformed)) {
            GatewayResponse response = gateway.handle(request);
            if (response.status() != 201) {
                throw new IllegalStateException(request.path() + " answered " + response.status() + ": " + response.bodyAsString());
            }
        }
    }

    private static Map<String, Object> filter(String name, String... args) {
        Map<String, Object> map = new java.util.LinkedHashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            map.put(args[i], args[i + 1]);
        }
        return Map.of("name", name, "args", map);
    }

    /** An order of about 10 KB: a customer, an internal flag, and 95 lines. */
    static String body() {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 95; i++) {
            lines.append(i == 0 ? "" : ",").append("{\"sku\":\"SKU-").append(10_000 + i)
                    .append("\",\"name\":\"An item with a descriptive name ").append(i)
                    .append("\",\"quantity\":").append(1 + i % 5).append(",\"price\":").append(9 + i).append(".99")
                    .append(",\"tags\":[\"a\",\"b\"]}");
        }
        return "{\"order\":{\"id\":42,\"customer\":{\"name\":\"Ann\",\"email\":\"ann@example.com\"},\"internal\":true,"
                + "\"lines\":[" + lines + "],\"total\":1234.50}}";
    }

    @Benchmark
    public GatewayResponse withoutTransforms() {
        return gateway.handle(plain);
    }

    @Benchmark
    public GatewayResponse withTransforms() {
        return gateway.handle(transformed);
    }
}
