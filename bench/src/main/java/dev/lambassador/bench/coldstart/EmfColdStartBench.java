package dev.lambassador.bench.coldstart;

import dev.lambassador.bench.Args;
import dev.lambassador.bench.Row;
import dev.lambassador.bench.Stats;
import dev.lambassador.core.observe.AccessRecord;
import dev.lambassador.core.observe.JsonTelemetry;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import software.amazon.cloudwatchlogs.emf.logger.MetricsLogger;
import software.amazon.cloudwatchlogs.emf.model.DimensionSet;
import software.amazon.cloudwatchlogs.emf.model.Unit;

/**
 * Whether to print the EMF documents with an EMF library or with jackson-core, measured as a cold
 * start pays for it: fresh JVMs with the router's flags and Lambda's variables, each writing its
 * first document (a request's metrics, the router's dimensions and properties) to standard output,
 * once with awslabs' aws-embedded-metrics ({@code MetricsLogger}, which Powertools' metrics module is
 * built on as well) and once with {@link JsonTelemetry}; a JVM that writes nothing is the baseline.
 * Reported: the time from {@code main} to the first document out and the classes loaded by then,
 * and the process's whole run, median of the runs, interleaved.
 *
 * <p>Usage: {@code EmfColdStartBench [--runs 10] [--out rows.tsv]}, from the repository root with
 * bench/target/classpath.txt built.
 */
public final class EmfColdStartBench {

    private static final String FLAGS = "-XX:TieredStopAtLevel=1";

    enum Mode { BASELINE, JACKSON, LIBRARY }

    /** One fresh JVM: main to first document, classes loaded then, and the whole process. */
    record Run(double firstMs, long classes, double processMs) {
    }

    public static void main(String[] arguments) throws Exception {
        Args args = Args.parse(arguments);
        int runs = args.integer("runs", 10);
        Path out = args.path("out", "bench/target/results/emf-coldstart.tsv");
        String classpath = System.getProperty("java.class.path");
        Path work = Files.createTempDirectory("lambassador-emf-");
        Map<Mode, List<Run>> samples = new EnumMap<>(Mode.class);
        for (Mode mode : Mode.values()) {
            samples.put(mode, new ArrayList<>());
            run(mode, classpath, work);
        }
        for (int i = 0; i < runs; i++) {
            for (Mode mode : Mode.values()) {
                Run run = run(mode, classpath, work);
                samples.get(mode).add(run);
                System.out.printf(Locale.ROOT, "  %-8s run %d: first document %6.1f ms, %5d classes, process %6.1f ms%n",
                        mode.name().toLowerCase(Locale.ROOT), i + 1, run.firstMs(), run.classes(), run.processMs());
            }
        }
        List<Row> rows = rows(samples, runs);
        Row.write(out, rows);
        rows.forEach(row -> System.out.println("  " + row.measure() + ": " + row.value() + " vs " + row.baseline()));
    }

    static List<Row> rows(Map<Mode, List<Run>> samples, int runs) {
        double jacksonFirst = median(samples.get(Mode.JACKSON), Run::firstMs);
        double libraryFirst = median(samples.get(Mode.LIBRARY), Run::firstMs);
        double baselineProcess = median(samples.get(Mode.BASELINE), Run::processMs);
        double jacksonProcess = median(samples.get(Mode.JACKSON), Run::processMs);
        double libraryProcess = median(samples.get(Mode.LIBRARY), Run::processMs);
        long baselineClasses = (long) median(samples.get(Mode.BASELINE), run -> run.classes());
        String times = ", median of " + runs + " JVMs, C1";
        return List.of(
                Row.compared("EMF at cold start: main → first document written" + times,
                        "aws-embedded-metrics " + Row.millis(libraryFirst), "jackson-core " + Row.millis(jacksonFirst),
                        libraryFirst / jacksonFirst),
                Row.of("EMF at cold start: classes loaded by the first document, beyond an empty main",
                        "aws-embedded-metrics +" + ((long) median(samples.get(Mode.LIBRARY), run -> run.classes()) - baselineClasses)
                                + ", jackson-core +" + ((long) median(samples.get(Mode.JACKSON), run -> run.classes()) - baselineClasses)),
                Row.of("EMF at cold start: whole JVM run beyond an empty main" + times,
                        String.format(Locale.ROOT, "aws-embedded-metrics +%.1f ms, jackson-core +%.1f ms",
                                libraryProcess - baselineProcess, jacksonProcess - baselineProcess)));
    }

    private static double median(List<Run> runs, java.util.function.ToDoubleFunction<Run> value) {
        return Stats.median(runs.stream().map(run -> value.applyAsDouble(run)).toList());
    }

    private static Run run(Mode mode, String classpath, Path work) throws Exception {
        Path stdout = work.resolve(mode + ".out");
        Path stderr = work.resolve(mode + ".err");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), FLAGS,
                "-cp", classpath, Child.class.getName(), mode.name())
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        // What the library looks at to know it runs in Lambda, and so prints to standard output.
        builder.environment().put("AWS_LAMBDA_FUNCTION_NAME", "lambassador-bench");
        builder.environment().put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        builder.environment().put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1024");
        builder.environment().put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/lambassador-bench");
        builder.environment().put("AWS_LAMBDA_LOG_STREAM_NAME", "bench");
        builder.environment().put("AWS_REGION", "us-east-1");
        long started = System.nanoTime();
        Process process = builder.start();
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException(mode + " failed: " + Files.readString(stderr));
        }
        double processMs = (System.nanoTime() - started) / 1e6;
        String written = Files.readString(stdout);
        if (mode != Mode.BASELINE && !written.contains("\"CloudWatchMetrics\"")) {
            throw new IllegalStateException(mode + " wrote no EMF document: " + written + Files.readString(stderr));
        }
        String[] measured = Files.readString(stderr).strip().lines().reduce((a, b) -> b).orElseThrow().split(" ");
        return new Run(Double.parseDouble(measured[0]), Long.parseLong(measured[1]), processMs);
    }

    /** The child JVM: writes one document the way its mode says, then reports on standard error. */
    public static final class Child {

        public static void main(String[] args) throws Exception {
            long started = System.nanoTime();
            switch (Mode.valueOf(args[0])) {
                case BASELINE -> { }
                case JACKSON -> new JsonTelemetry(System.out, "lambassador-prod", "Lambassador",
                        new JsonTelemetry.Function("lambassador-bench", "$LATEST", 1024)).request(new AccessRecord(Instant.now(),
                        "c6af9ac6-7b61-11e6-9a41-93e8deadbeef", "4d3c2b1a", "01HV3K9Z8Q", "GET", "/orders/42", "orders-get", "",
                        "", "jwt", "alice", "web-app", 200, 12.34, 10.5, 1, "", false, 0, 31, true, "", "", null,
                        "203.0.113.9", 12_000, 0));
                case LIBRARY -> {
                    MetricsLogger metrics = new MetricsLogger();
                    metrics.setNamespace("Lambassador");
                    metrics.setDimensions(DimensionSet.of("service", "lambassador-prod"),
                            DimensionSet.of("service", "lambassador-prod", "route", "orders-get", "version", "(none)", "status_class", "2xx"));
                    metrics.putMetric("Requests", 1, Unit.COUNT);
                    metrics.putMetric("4XXError", 0, Unit.COUNT);
                    metrics.putMetric("5XXError", 0, Unit.COUNT);
                    metrics.putMetric("Latency", 12.34, Unit.MILLISECONDS);
                    metrics.putMetric("BackendLatency", 10.5, Unit.MILLISECONDS);
                    metrics.putMetric("Retries", 0, Unit.COUNT);
                    metrics.putMetric("RouteTableAge", 12, Unit.SECONDS);
                    metrics.putProperty("request_id", "c6af9ac6-7b61-11e6-9a41-93e8deadbeef");
                    metrics.putProperty("function_request_id", "4d3c2b1a");
                    metrics.flush();
                }
            }
            System.out.flush();
            double firstMs = (System.nanoTime() - started) / 1e6;
            long classes = ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount();
            System.err.println(String.format(Locale.ROOT, "%.3f %d", firstMs, classes));
        }
    }

    private EmfColdStartBench() {
    }
}
