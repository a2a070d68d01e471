package dev.lambassador.bench;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Prints the one table of a bench/run.sh run, from the files its steps left in the results folder,
 * as a Markdown table (readable in a terminal, pasteable into docs/benchmarks.md). A step that
 * left no file failed or was skipped; its row says where its log is.
 *
 * <p>Usage: {@code Report <results folder> <wall seconds>}.
 */
public final class Report {

    private static final double MAX_ROUTE_SCALING = 1.3;
    /** What conditions and version selection may add to a request, over a plain route. */
    private static final double MAX_CONDITIONS_MICROS = 5;
    /** What five header transforms and a JSON body transform on 10 KB may add to a request. */
    private static final double MAX_TRANSFORMS_MICROS = 50;
    private static final double MAX_ROUTER_OVERHEAD = 1.15;
    private static final double MAX_JWT_VERIFICATION_MICROS = 100;
    /** What the access line, the EMF document and the correlation and trace filters may add to a request. */
    private static final double MAX_OBSERVABILITY_MICROS = 10;
    /** What a named backend's retry policy and closed circuit breaker may add to a request that needs neither. */
    private static final double MAX_RESILIENCE_MICROS = 3;
    private static final String[] HEADER = {"Measure", "Result", "Baseline (same run)", "Ratio", "Target", "Met"};

    /** One JMH result: the score and its 99.9% confidence half-width. */
    record Score(double score, double error, String unit) {
        String describe() {
            String format = score < 100 ? "%.1f ± %.1f %s" : "%.0f ± %.0f %s";
            return String.format(Locale.ROOT, format, score, Double.isNaN(error) ? 0 : error, unit);
        }
    }

    public static void main(String[] args) throws IOException {
        Path results = Path.of(args[0]);
        long wallSeconds = Long.parseLong(args[1]);
        List<Row> rows = new ArrayList<>();
        rows.addAll(jmh(results.resolve("jmh.json")));
        rows.addAll(jwt(results.resolve("jwt.json")));
        rows.addAll(jwtWithC1(results.resolve("jwt-c1.json"), results.resolve("jwt.json")));
        rows.addAll(step(results, "coldstart", "Cold start"));
        rows.addAll(step(results, "emf-coldstart", "EMF at cold start"));
        rows.addAll(step(results, "load", "wrk load test"));
        rows.addAll(step(results, "dynamodb", "DynamoDB reads per request"));
        rows.addAll(step(results, "freshness", "Edit propagation"));
        rows.add(Row.of("Wall time of bench/run.sh, build included", String.format(Locale.ROOT, "%d min %02d s", wallSeconds / 60,
                wallSeconds % 60)).withTarget("≤ 10 min", wallSeconds <= 600));
        String table = table(rows);
        System.out.print(table);
        Files.writeString(results.resolve("table.md"), table);
    }

    private static List<Row> step(Path results, String name, String measure) {
        Path file = results.resolve(name + ".tsv");
        if (!Files.isRegularFile(file)) {
            return List.of(Row.note(measure, "did not run: see " + results.resolve(name + ".log")));
        }
        return Row.read(file);
    }

    static List<Row> jmh(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return List.of(Row.note("JMH benchmarks", "did not run: see " + file.resolveSibling("jmh.log")));
        }
        Object parsed = JSON.std.anyFrom(Files.readString(file));
        List<Row> rows = new ArrayList<>();
        Optional<Score> ten = score(parsed, "RouteMatchBenchmark.match", "10");
        for (String routes : List.of("10", "1000", "10000")) {
            Optional<Score> score = score(parsed, "RouteMatchBenchmark.match", routes);
            String measure = String.format(Locale.ROOT, "Route match, %,d routes (JMH, C1 as in Lambda)", Integer.parseInt(routes));
            if (score.isEmpty() || ten.isEmpty()) {
                rows.add(Row.note(measure, "no result"));
            } else if (routes.equals("10")) {
                rows.add(Row.of(measure, score.get().describe()));
            } else if (routes.equals("10000")) {
                rows.add(Row.compared(measure, score.get().describe(), "10 routes", score.get().score() / ten.get().score(),
                        MAX_ROUTE_SCALING));
            } else {
                rows.add(Row.compared(measure, score.get().describe(), "10 routes", score.get().score() / ten.get().score()));
            }
        }
        Optional<Score> router = score(parsed, "RouterHandlerBenchmark.routerHandler", null);
        Optional<Score> direct = score(parsed, "RouterHandlerBenchmark.directClient", null);
        String measure = "Router handler in-process: event → echo backend → response (JMH)";
        if (router.isPresent() && direct.isPresent()) {
            rows.add(Row.compared(measure, router.get().describe(), "direct, same client and request: " + direct.get().describe(),
                    router.get().score() / direct.get().score(), MAX_ROUTER_OVERHEAD));
        } else {
            rows.add(Row.note(measure, "no result"));
        }
        score(parsed, "RouterHandlerBenchmark.routerWithoutBackend", null).ifPresent(own -> rows.add(
                Row.of("Router's own work alone, the backend's answer canned (JMH)", own.describe())));
        Optional<Score> plain = score(parsed, "ConditionalRoutingBenchmark.plainRoute", null);
        for (String[] variant : List.of(
                new String[] {"conditionalRoute", "Gateway, a route chosen by 5 header and query conditions among 3 candidates (JMH)"},
                new String[] {"versionedApi", "Gateway, an API version chosen by media type, deprecation headers added (JMH)"})) {
            Optional<Score> score = score(parsed, "ConditionalRoutingBenchmark." + variant[0], null);
            if (score.isEmpty() || plain.isEmpty()) {
                rows.add(Row.note(variant[1], "no result"));
                continue;
            }
            double addedMicros = (score.get().score() - plain.get().score()) / 1000;
            rows.add(new Row(variant[1], score.get().describe(), "plain route: " + plain.get().describe(),
                    String.format(Locale.ROOT, "+%.2f µs", addedMicros), "", "")
                    .withTarget(String.format(Locale.ROOT, "≤ +%.0f µs", MAX_CONDITIONS_MICROS), addedMicros <= MAX_CONDITIONS_MICROS));
        }
        Optional<Score> untransformed = score(parsed, "TransformBenchmark.withoutTransforms", null);
        Optional<Score> transformed = score(parsed, "TransformBenchmark.withTransforms", null);
        String transforms = "Gateway, 5 header transforms and a nested JSON body transform on a 10 KB body (JMH, C1)";
        if (untransformed.isPresent() && transformed.isPresent()) {
            double addedMicros = transformed.get().score() - untransformed.get().score();
            rows.add(new Row(transforms, transformed.get().describe(), "same route without: " + untransformed.get().describe(),
                    String.format(Locale.ROOT, "+%.1f µs", addedMicros), "", "")
                    .withTarget(String.format(Locale.ROOT, "≤ +%.0f µs", MAX_TRANSFORMS_MICROS), addedMicros <= MAX_TRANSFORMS_MICROS));
        } else {
            rows.add(Row.note(transforms, "no result"));
        }
        rows.addAll(observability(parsed));
        rows.add(resilience(parsed));
        return rows;
    }

    /** ResilienceBenchmark's results: a route with retries and a closed breaker against the same route without. */
    static Row resilience(Object parsed) {
        Optional<Score> plain = score(parsed, "ResilienceBenchmark.plain", null);
        Optional<Score> resilient = score(parsed, "ResilienceBenchmark.resilient", null);
        String measure = "Gateway, a named backend with retries and a closed circuit breaker (JMH, C1)";
        if (plain.isEmpty() || resilient.isEmpty()) {
            return Row.note(measure, "no result");
        }
        double added = resilient.get().score() - plain.get().score();
        return new Row(measure, resilient.get().describe(), "inline URL: " + plain.get().describe(),
                String.format(Locale.ROOT, "+%.2f µs", added), "", "")
                .withTarget(String.format(Locale.ROOT, "≤ +%.0f µs", MAX_RESILIENCE_MICROS), added <= MAX_RESILIENCE_MICROS);
    }

    /** ObservabilityBenchmark's results: what logging and metrics add to a request, over the same gateway bare. */
    static List<Row> observability(Object parsed) {
        Optional<Score> bare = score(parsed, "ObservabilityBenchmark.bare", null);
        List<Row> rows = new ArrayList<>();
        for (String[] variant : List.of(
                new String[] {"observed", "Logging and metrics per request: correlation and trace filters, access line, EMF document (JMH, C1)"},
                new String[] {"observedToDevNull", "The same, written through a PrintStream to /dev/null as Lambda's stdout is (JMH, C1)"},
                new String[] {"filtersOnly", "Of which the correlation-id and trace filters alone (JMH, C1)"},
                new String[] {"listenerOnly", "Of which the access record, line and EMF document alone (JMH, C1)"})) {
            Optional<Score> score = score(parsed, "ObservabilityBenchmark." + variant[0], null);
            if (score.isEmpty() || bare.isEmpty()) {
                rows.add(Row.note(variant[1], "no result"));
                continue;
            }
            double added = score.get().score() - bare.get().score();
            Row row = new Row(variant[1], score.get().describe(), "bare gateway: " + bare.get().describe(),
                    String.format(Locale.ROOT, "+%.2f µs", added), "", "");
            rows.add(variant[0].startsWith("observed")
                    ? row.withTarget(String.format(Locale.ROOT, "≤ +%.0f µs", MAX_OBSERVABILITY_MICROS), added <= MAX_OBSERVABILITY_MICROS)
                    : row);
        }
        return rows;
    }

    /** JwtVerifierBenchmark's results: the verifier per algorithm, and the handler with the credential cache off and on. */
    static List<Row> jwt(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return List.of(Row.note("JWT verification (authorizer)", "did not run: see " + file.resolveSibling("jwt.log")));
        }
        Object parsed = JSON.std.anyFrom(Files.readString(file));
        List<Row> rows = new ArrayList<>();
        int results = 0;
        for (String algorithm : List.of("RS256", "ES256")) {
            Optional<Score> score = micros(parsed, "JwtVerifierBenchmark.verify" + algorithm.charAt(0) + algorithm.substring(1).toLowerCase(Locale.ROOT));
            String measure = "JWT verification, " + algorithm + ", issuer's keys cached (JMH, the authorizer's flags: C1 and C2)";
            if (score.isEmpty()) {
                rows.add(Row.note(measure, "no result"));
                continue;
            }
            results++;
            rows.add(Row.of(measure, score.get().describe()).withTarget(
                    String.format(Locale.ROOT, "≤ %.0f µs", MAX_JWT_VERIFICATION_MICROS), score.get().score() <= MAX_JWT_VERIFICATION_MICROS));
        }
        Optional<Score> off = micros(parsed, "JwtVerifierBenchmark.handlerCacheOff");
        Optional<Score> on = micros(parsed, "JwtVerifierBenchmark.handlerCacheOn");
        String handler = "Authorizer handler: REST REQUEST event with an RS256 bearer token → allow policy, credential cache ";
        if (off.isPresent()) {
            results++;
            rows.add(Row.of(handler + "off (JMH)", off.get().describe()));
        } else {
            rows.add(Row.note(handler + "off (JMH)", "no result"));
        }
        if (on.isPresent() && off.isPresent()) {
            results++;
            rows.add(Row.compared(handler + "on (JMH)", on.get().describe(), "cache off: " + off.get().describe(),
                    on.get().score() / off.get().score()));
        } else {
            rows.add(Row.note(handler + "on (JMH)", "no result"));
        }
        if (results == 4) {
            // Each benchmark's setup and teardown fail it when its JWKS was asked for more than once.
            rows.add(Row.of("JWKS requests once the keys are cached, in every JWT benchmark above",
                    "0 (1 fetch per verifier, at setup)").withTarget("0", true));
        }
        return rows;
    }

    /** The verifier run again with C1 only, the router's flags, against the same run's figures: why the authorizer has C2. */
    static List<Row> jwtWithC1(Path file, Path authorizerFlagsFile) throws IOException {
        if (!Files.isRegularFile(file)) {
            return List.of(Row.note("JWT verification with C1 only", "did not run: see " + file.resolveSibling("jwt-c1.log")));
        }
        Object parsed = JSON.std.anyFrom(Files.readString(file));
        Object withFlags = Files.isRegularFile(authorizerFlagsFile) ? JSON.std.anyFrom(Files.readString(authorizerFlagsFile)) : List.of();
        List<Row> rows = new ArrayList<>();
        for (String algorithm : List.of("RS256", "ES256")) {
            String benchmark = "JwtVerifierBenchmark.verify" + algorithm.charAt(0) + algorithm.substring(1).toLowerCase(Locale.ROOT);
            Optional<Score> score = micros(parsed, benchmark);
            Optional<Score> authorizers = micros(withFlags, benchmark);
            String measure = "JWT verification, " + algorithm + ", with C1 only (the router's flags, not the authorizer's; JMH)";
            if (score.isEmpty()) {
                rows.add(Row.note(measure, "no result"));
            } else if (authorizers.isEmpty()) {
                rows.add(Row.of(measure, score.get().describe()));
            } else {
                rows.add(Row.compared(measure, score.get().describe(), "C1 and C2: " + authorizers.get().describe(),
                        score.get().score() / authorizers.get().score()));
            }
        }
        return rows;
    }

    /** A result in µs, or none when it is missing or in another unit. */
    private static Optional<Score> micros(Object parsed, String benchmark) {
        return score(parsed, benchmark, null).filter(score -> score.unit().equals("µs"));
    }

    private static Optional<Score> score(Object parsed, String benchmark, String routes) {
        if (!(parsed instanceof List<?> list)) {
            return Optional.empty();
        }
        for (Object element : list) {
            if (element instanceof Map<?, ?> result && String.valueOf(result.get("benchmark")).endsWith(benchmark)) {
                Object params = result.get("params");
                if (routes != null && !(params instanceof Map<?, ?> map && routes.equals(map.get("routes")))) {
                    continue;
                }
                Map<?, ?> metric = (Map<?, ?>) result.get("primaryMetric");
                return Optional.of(new Score(number(metric.get("score")), number(metric.get("scoreError")),
                        String.valueOf(metric.get("scoreUnit")).replace("/op", "").replace("us", "µs")));
            }
        }
        return Optional.empty();
    }

    private static double number(Object value) {
        return value instanceof Number number ? number.doubleValue() : Double.NaN;
    }

    static String table(List<Row> rows) {
        List<String[]> cells = new ArrayList<>();
        cells.add(HEADER);
        for (Row row : rows) {
            cells.add(new String[] {row.measure(), row.value(), row.baseline(), row.ratio(), row.target(), row.met()});
        }
        int[] widths = new int[HEADER.length];
        for (String[] line : cells) {
            for (int i = 0; i < line.length; i++) {
                widths[i] = Math.max(widths[i], line[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (int n = 0; n < cells.size(); n++) {
            appendLine(out, cells.get(n), widths);
            if (n == 0) {
                String[] rule = new String[widths.length];
                for (int i = 0; i < widths.length; i++) {
                    rule[i] = "-".repeat(widths[i]);
                }
                appendLine(out, rule, widths);
            }
        }
        return out.toString();
    }

    private static void appendLine(StringBuilder out, String[] line, int[] widths) {
        out.append('|');
        for (int i = 0; i < line.length; i++) {
            out.append(' ').append(line[i]).append(" ".repeat(widths[i] - line[i].length())).append(" |");
        }
        out.append('\n');
    }
}
