package dev.lambassador.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {

    private static String result(String benchmark, String params, double score) {
        return """
                {"benchmark":"dev.lambassador.bench.%s","params":%s,
                 "primaryMetric":{"score":%s,"scoreError":1.0,"scoreUnit":"%s"}}"""
                .formatted(benchmark, params, score, benchmark.startsWith("RouteMatch") || benchmark.startsWith("Conditional") ? "ns/op" : "us/op");
    }

    @Test
    void jmhResultsBecomeRatiosAgainstTheirBaselines(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("jmh.json");
        Files.writeString(json, "[" + String.join(",",
                result("RouteMatchBenchmark.match", "{\"routes\":\"10\"}", 100),
                result("RouteMatchBenchmark.match", "{\"routes\":\"1000\"}", 120),
                result("RouteMatchBenchmark.match", "{\"routes\":\"10000\"}", 160),
                result("RouterHandlerBenchmark.routerHandler", "null", 230),
                result("RouterHandlerBenchmark.directClient", "null", 200),
                result("ConditionalRoutingBenchmark.plainRoute", "null", 1_000),
                result("ConditionalRoutingBenchmark.conditionalRoute", "null", 2_500),
                result("ConditionalRoutingBenchmark.versionedApi", "null", 7_000),
                result("TransformBenchmark.withoutTransforms", "null", 10),
                result("TransformBenchmark.withTransforms", "null", 40),
                result("ObservabilityBenchmark.bare", "null", 2),
                result("ObservabilityBenchmark.observed", "null", 8),
                result("ObservabilityBenchmark.observedToDevNull", "null", 13),
                result("ObservabilityBenchmark.filtersOnly", "null", 3),
                result("ObservabilityBenchmark.listenerOnly", "null", 7),
                result("ResilienceBenchmark.plain", "null", 2),
                result("ResilienceBenchmark.resilient", "null", 3.5)) + "]");

        List<Row> rows = Report.jmh(json);

        assertThat(rows).extracting(Row::ratio).containsExactly("", "1.20×", "1.60×", "1.15×", "+1.50 µs", "+6.00 µs", "+30.0 µs",
                "+6.00 µs", "+11.00 µs", "+1.00 µs", "+5.00 µs", "+1.50 µs");
        assertThat(rows).extracting(Row::met).containsExactly("", "", "NO", "yes", "yes", "NO", "yes", "yes", "NO", "", "", "yes");
        assertThat(rows.get(3).value()).isEqualTo("230 ± 1 µs");
    }

    @Test
    void jwtResultsMeetTheirTargetAndCompareTheCachedHandlerWithTheUncached(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("jwt.json");
        Files.writeString(json, "[" + String.join(",",
                result("JwtVerifierBenchmark.verifyRs256", "null", 60),
                result("JwtVerifierBenchmark.verifyEs256", "null", 140),
                result("JwtVerifierBenchmark.handlerCacheOff", "null", 80),
                result("JwtVerifierBenchmark.handlerCacheOn", "null", 20)) + "]");

        List<Row> rows = Report.jwt(json);

        assertThat(rows).extracting(Row::met).containsExactly("yes", "NO", "", "", "yes");
        assertThat(rows.get(0).value()).isEqualTo("60.0 ± 1.0 µs");
        assertThat(rows.get(3).ratio()).isEqualTo("0.25×");
    }

    @Test
    void aMissingJwtResultClaimsNothingAboutTheJwks(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("jwt.json");
        Files.writeString(json, "[" + result("JwtVerifierBenchmark.verifyRs256", "null", 60) + "]");

        List<Row> rows = Report.jwt(json);

        assertThat(rows).extracting(Row::value).contains("no result").noneMatch(value -> value.startsWith("0 ("));
    }

    @Test
    void c1OnlyResultsCompareWithTheSameRunsResultsWithTheAuthorizersFlags(@TempDir Path dir) throws Exception {
        Path c1 = dir.resolve("jwt-c1.json");
        Path authorizers = dir.resolve("jwt.json");
        Files.writeString(c1, "[" + String.join(",", result("JwtVerifierBenchmark.verifyRs256", "null", 160),
                result("JwtVerifierBenchmark.verifyEs256", "null", 1000)) + "]");
        Files.writeString(authorizers, "[" + String.join(",", result("JwtVerifierBenchmark.verifyRs256", "null", 40),
                result("JwtVerifierBenchmark.verifyEs256", "null", 250)) + "]");

        List<Row> rows = Report.jwtWithC1(c1, authorizers);

        assertThat(rows).extracting(Row::ratio).containsExactly("4.00×", "4.00×");
        assertThat(rows).extracting(Row::met).containsOnly("");
    }

    @Test
    void rowsSurviveTheirFile(@TempDir Path dir) {
        Path file = dir.resolve("rows.tsv");
        List<Row> rows = List.of(Row.compared("cold start", "router 400 ms", "hello 60 ms", 400 / 60.0, 2.5), Row.of("jar", "8 MB"));

        Row.write(file, rows);

        assertThat(Row.read(file)).isEqualTo(rows);
    }

    @Test
    void tableLinesUpItsColumns() {
        String table = Report.table(List.of(Row.of("a", "1"), Row.of("longer measure", "22")));

        assertThat(table.lines().map(String::length).distinct()).hasSize(1);
        assertThat(table).startsWith("| Measure ");
    }
}
