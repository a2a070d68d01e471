package dev.lambassador.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lambassador.bench.Row;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LoadBenchTest {

    private static final Wrk WRK = new Wrk(Path.of("wrk"), 1, 64);

    @Test
    void readsTheConnectionCountsToMeasureAt() {
        assertThat(LoadBench.connections("16,64")).containsExactly(16, 64);
        assertThat(LoadBench.connections(" 32 ")).containsExactly(32);
        assertThatThrownBy(() -> LoadBench.connections("16,0")).hasMessageContaining("at least 1");
    }

    @Test
    void theGatewayAgainstNginxRowNamesTheConnectionsBothP99sAndTheTarget() {
        Row row = gatewayRow(rows(10_000, 4_000)).orElseThrow();

        assertThat(row.measure()).contains("-c64");
        assertThat(row.value()).isEqualTo("gateway 4,000 req/s, p99 12.5 ms");
        assertThat(row.baseline()).isEqualTo("nginx 10,000 req/s, p99 2.00 ms");
        assertThat(row.ratio()).isEqualTo("0.40×");
        assertThat(row.target()).isEqualTo("≥ 0.50×");
        assertThat(row.met()).isEqualTo("NO");
        assertThat(gatewayRow(rows(10_000, 5_000)).orElseThrow().met()).isEqualTo("yes");
    }

    @Test
    void everyTargetHasARowWithItsPercentiles() {
        List<Row> rows = rows(10_000, 4_000);

        assertThat(rows).hasSize(4);
        assertThat(rows.subList(0, 3)).allSatisfy(row -> assertThat(row.value()).contains("p50").contains("p99"));
        assertThat(rows.getFirst().measure()).contains("wrk -t1 -c64, 6 s × 2, mean");
    }

    private static Optional<Row> gatewayRow(List<Row> rows) {
        return rows.stream().filter(row -> row.measure().startsWith("wrk: the local gateway's req/s ÷ nginx's")).findFirst();
    }

    /** Two rounds per target; the means are the given figures. */
    private static List<Row> rows(double nginx, double gateway) {
        Map<String, List<Wrk.Result>> results = new LinkedHashMap<>();
        results.put(LoadBench.DIRECT, List.of(result(20_000, 1), result(20_000, 1)));
        results.put(LoadBench.NGINX, List.of(result(nginx - 1_000, 1.5), result(nginx + 1_000, 2.5)));
        results.put(LoadBench.GATEWAY, List.of(result(gateway, 10), result(gateway, 15)));
        return LoadBench.rows(WRK, results, Duration.ofSeconds(6), 2);
    }

    private static Wrk.Result result(double requestsPerSecond, double p99) {
        return new Wrk.Result(requestsPerSecond, p99 / 4, p99, (long) requestsPerSecond * 6, 0, "");
    }
}
