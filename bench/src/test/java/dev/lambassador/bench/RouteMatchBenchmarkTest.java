package dev.lambassador.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lambassador.core.route.RouteMatch;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class RouteMatchBenchmarkTest {

    /** What one pass over the sample asks of a table: how many requests of each path shape, and how long the paths. */
    private static Map<String, Integer> work(int routes) {
        RouteMatchBenchmark benchmark = new RouteMatchBenchmark();
        benchmark.routes = routes;
        benchmark.setUp();
        Map<String, Integer> work = new TreeMap<>();
        for (int i = 0; i < RouteMatchBenchmark.SAMPLE; i++) {
            RouteMatch match = benchmark.match();
            String shape = match.route().template().text().replaceFirst("/svc\\d+/", "/svcN/");
            work.merge(shape, 1, Integer::sum);
            assertThat(match.route().template().text()).startsWith("/api/" + match.path().segments().get(1) + "/");
            work.merge("characters", match.path().toString().length(), Integer::sum);
        }
        return work;
    }

    @Test
    void everyTableIsAskedTheSameWorkAQuarterOfEachShape() {
        Map<String, Integer> small = work(10);
        Map<String, Integer> large = work(10_000);

        assertThat(small.keySet()).isEqualTo(large.keySet()).hasSize(5);
        small.forEach((shape, count) -> {
            if (!shape.equals("characters")) {
                assertThat(count).as(shape).isBetween(RouteMatchBenchmark.SAMPLE / 4 - 150, RouteMatchBenchmark.SAMPLE / 4 + 150);
                assertThat(large.get(shape)).as(shape).isBetween(RouteMatchBenchmark.SAMPLE / 4 - 150, RouteMatchBenchmark.SAMPLE / 4 + 150);
            }
        });
        // The same service name length in both: only the random ids and the shapes' draw differ.
        assertThat((double) large.get("characters") / small.get("characters")).isBetween(0.97, 1.03);
    }
}
