package dev.lambassador.bench;

import dev.lambassador.core.GatewayRequest;
import dev.lambassador.core.Headers;
import dev.lambassador.core.route.RequestPath;
import dev.lambassador.core.route.RouteDefinition;
import dev.lambassador.core.route.RouteMatch;
import dev.lambassador.core.route.RouteTable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Route matching alone, with 10, 1,000 and 10,000 routes. The trie should make the cost depend on
 * the path, not on the number of routes. Requests are spread over all routes, in random order, so
 * the large tables pay the cache misses that real traffic would cause. Every table is asked the same
 * work: each of the four path shapes a quarter of the time, and service names of the same length
 * ({@code svc0007}, {@code svc9999}), so that only the table's size differs between the figures.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1"})
public class RouteMatchBenchmark {

    /** A power of two, so the next path is picked with a mask. */
    static final int SAMPLE = 4096;

    @Param({"10", "1000", "10000"})
    int routes;

    private RouteTable table;
    private RequestPath[] paths;
    private GatewayRequest[] requests;
    private int next;

    @Setup
    public void setUp() {
        table = table(routes);
        Random random = new Random(42);
        paths = new RequestPath[SAMPLE];
        requests = new GatewayRequest[SAMPLE];
        for (int i = 0; i < SAMPLE; i++) {
            // A shape first, then one of its routes: 10 routes have three of two shapes and two of the others.
            int shape = random.nextInt(4);
            String path = request(shape + 4 * random.nextInt((routes - shape + 3) / 4), random);
            paths[i] = RequestPath.parse(path);
            requests[i] = new GatewayRequest("GET", path, "", Map.of(), Headers.EMPTY, null, "", "bench", Map.of());
        }
    }

    @Benchmark
    public RouteMatch match() {
        int index = next++ & (SAMPLE - 1);
        return table.match(requests[index], paths[index]);
    }

    /** The benchmark's table of {@code routes} routes; {@link RouteTableFootprint} measures its memory. */
    static RouteTable table(int routes) {
        List<RouteDefinition> definitions = new ArrayList<>(routes);
        for (int i = 0; i < routes; i++) {
            definitions.add(new RouteDefinition("route-" + i, template(i), Set.of("GET"), "",
                    "http://backend-" + i + ".internal:8080", Duration.ofSeconds(10), true));
        }
        RouteTable.Compiled compiled = RouteTable.compile(definitions);
        if (compiled.table().size() != routes) {
            throw new IllegalStateException("routes were rejected: " + compiled.rejected());
        }
        return compiled.table();
    }

    /** Four common shapes: a collection, an item, a nested item, and a greedy prefix. */
    private static String template(int i) {
        return switch (i % 4) {
            case 0 -> "/api/" + service(i) + "/items";
            case 1 -> "/api/" + service(i) + "/items/{id}";
            case 2 -> "/api/" + service(i) + "/items/{id}/reviews/{reviewId}";
            default -> "/api/" + service(i) + "/files/{proxy+}";
        };
    }

    /** Route {@code i}'s first segment, as long for every table up to 10,000 routes. */
    private static String service(int i) {
        return String.format("svc%04d", i);
    }

    /** A request path that route {@code i}, and only it, matches. */
    private static String request(int i, Random random) {
        return switch (i % 4) {
            case 0 -> "/api/" + service(i) + "/items";
            case 1 -> "/api/" + service(i) + "/items/" + random.nextInt(1_000_000);
            case 2 -> "/api/" + service(i) + "/items/" + random.nextInt(1_000_000) + "/reviews/r" + random.nextInt(1000);
            default -> "/api/" + service(i) + "/files/reports/2026/q" + (1 + random.nextInt(4)) + ".pdf";
        };
    }
}
