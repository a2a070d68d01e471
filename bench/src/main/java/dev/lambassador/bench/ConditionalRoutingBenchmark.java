package dev.lambassador.bench;

import dev.lambassador.core.Gateway;
import dev.lambassador.core.GatewayRequest;
import dev.lambassador.core.GatewayResponse;
import dev.lambassador.core.Headers;
import dev.lambassador.core.backend.BackendClient;
import dev.lambassador.core.backend.HttpBackend;
import dev.lambassador.core.route.QueryString;
import dev.lambassador.core.route.RouteTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 * What header and query conditions and API version selection add to a request's way through the
 * gateway, against a plain route in the same table: routing, the filters and the dispatcher, with
 * the backend's answer canned so that only the gateway's own work is measured. The conditional
 * request meets only the last of three candidates, so every condition is evaluated; the versioned
 * one asks for a deprecated version by media type, so the Accept parser and the deprecation headers
 * run too. The table also holds 1,000 plain routes, as a real deployment would.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1"})
public class ConditionalRoutingBenchmark {

    private static final int FILLER_ROUTES = 1_000;

    private Gateway gateway;
    private GatewayRequest plain;
    private GatewayRequest conditional;
    private GatewayRequest versioned;

    @Setup
    public void setUp() {
        List<Map<String, Object>> items = new ArrayList<>();
        for (int i = 0; i < FILLER_ROUTES; i++) {
            items.add(Map.of("id", "filler-" + i, "path", "/svc" + i + "/items/{id}", "backend", "http://filler-" + i));
        }
        items.add(Map.of("id", "plain", "path", "/plain/{id}", "methods", List.of("GET"), "backend", "http://plain"));
        items.add(Map.of("id", "beta", "path", "/orders/{id}", "methods", List.of("GET"), "backend", "http://beta",
                "headers", List.of(Map.of("name", "X-Beta", "value", "on"), Map.of("name", "X-Tenant", "regex", "acme-[0-9]+"))));
        items.add(Map.of("id", "debug", "path", "/orders/{id}", "methods", List.of("GET"), "backend", "http://debug",
                "headers", List.of(Map.of("name", "X-Debug")), "query", List.of(Map.of("name", "trace", "value", "1"))));
        items.add(Map.of("id", "paged", "path", "/orders/{id}", "methods", List.of("GET"), "backend", "http://paged",
                "query", List.of(Map.of("name", "page", "regex", "[0-9]{1,4}"))));
        items.add(Map.of("kind", "api", "id", "shop", "basePath", "/shop", "defaultVersion", "v2"));
        items.add(Map.of("kind", "version", "id", "shop:v1", "aliases", List.of("1"), "status", "deprecated",
                "deprecation", "2026-01-01", "sunset", "2026-12-31", "link", "https://docs.example.com/shop", "backend", "http://shop-v1"));
        items.add(Map.of("kind", "version", "id", "shop:v2", "backend", "http://shop-v2"));
        RouteTable.Compiled compiled = RouteTable.compileItems(items);
        if (!compiled.rejected().isEmpty()) {
            throw new IllegalStateException("items were rejected: " + compiled.rejected());
        }
        GatewayResponse canned = new GatewayResponse(200, Headers.of("Content-Type", "application/json"), "{}".getBytes());
        gateway = Gateway.builder().routes(compiled.table()).backendClient(BackendClient.of(HttpBackend.TYPE, (request, exchange, backend) -> canned)).build();
        Headers common = Headers.of("Host", "api.example.com", "User-Agent", "bench", "X-Beta", "on", "X-Tenant", "other");
        plain = request("/plain/42", "page=3", common);
        conditional = request("/orders/42", "page=3", common);
        versioned = request("/shop/orders/42", "page=3", common.toBuilder()
                .set("Accept", "text/html;q=0.9, application/vnd.shop.v1+json").build());
        for (GatewayRequest request : List.of(plain, conditional, versioned)) {
            if (gateway.handle(request).status() != 200) {
                throw new IllegalStateException("not served: " + request.path() + " " + gateway.handle(request).bodyAsString());
            }
        }
    }

    private static GatewayRequest request(String path, String rawQuery, Headers headers) {
        return new GatewayRequest("GET", path, rawQuery, QueryString.parse(rawQuery), headers, null, "203.0.113.9", "bench", Map.of());
    }

    @Benchmark
    public GatewayResponse plainRoute() {
        return gateway.handle(plain);
    }

    @Benchmark
    public GatewayResponse conditionalRoute() {
        return gateway.handle(conditional);
    }

    @Benchmark
    public GatewayResponse versionedApi() {
        return gateway.handle(versioned);
    }
}
