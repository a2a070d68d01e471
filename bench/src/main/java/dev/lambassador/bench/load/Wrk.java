package dev.lambassador.bench.load;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs wrk against one URL and reads its summary. */
final class Wrk {

    private static final Pattern REQUESTS_PER_SECOND = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern PERCENTILE = Pattern.compile("^\\s+(50|99)(?:\\.000)?%\\s+([0-9.]+)(us|ms|s)\\s*$", Pattern.MULTILINE);
    private static final Pattern REQUESTS = Pattern.compile("(\\d+) requests in");
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");
    private static final Pattern SOCKET_ERRORS = Pattern.compile("Socket errors: ([^\\n]+)");

    /**
     * A wrk summary; errors are non-2xx answers and socket errors, which make a result meaningless.
     *
     * @param jvmCpuMicros the CPU time the measuring JVM spent per request meanwhile, all its threads; NaN when not measured
     */
    record Result(double requestsPerSecond, double p50Millis, double p99Millis, long requests, long non2xx, String socketErrors,
                  double jvmCpuMicros) {

        Result(double requestsPerSecond, double p50Millis, double p99Millis, long requests, long non2xx, String socketErrors) {
            this(requestsPerSecond, p50Millis, p99Millis, requests, non2xx, socketErrors, Double.NaN);
        }

        Result withJvmCpu(long cpuNanos) {
            return new Result(requestsPerSecond, p50Millis, p99Millis, requests, non2xx, socketErrors,
                    requests == 0 ? Double.NaN : cpuNanos / 1000.0 / requests);
        }

        boolean clean() {
            return non2xx == 0 && socketErrors.isEmpty() && requests > 0;
        }

        String describe() {
            String latency = String.format(Locale.ROOT, "%,.0f req/s, p50 %.2f ms, p99 %.2f ms", requestsPerSecond, p50Millis, p99Millis);
            return Double.isNaN(jvmCpuMicros) ? latency : latency + String.format(Locale.ROOT, ", JVM CPU %.0f µs/req", jvmCpuMicros);
        }
    }

    private final Path executable;
    private final int threads;
    private final int connections;

    Wrk(Path executable, int threads, int connections) {
        this.executable = executable;
        this.threads = threads;
        this.connections = connections;
    }

    String settings() {
        return "wrk -t" + threads + " -c" + connections;
    }

    Result run(URI url, Duration duration) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(List.of(executable.toString(), "-t" + threads, "-c" + connections,
                "-d" + duration.toSeconds() + "s", "--latency", url.toString()))
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IOException("wrk failed on " + url + ":\n" + output);
        }
        return parse(output);
    }

    static Result parse(String output) {
        Matcher rps = REQUESTS_PER_SECOND.matcher(output);
        Matcher requests = REQUESTS.matcher(output);
        if (!rps.find() || !requests.find()) {
            throw new IllegalArgumentException("not a wrk --latency summary:\n" + output);
        }
        double p50 = Double.NaN;
        double p99 = Double.NaN;
        Matcher percentile = PERCENTILE.matcher(output);
        while (percentile.find()) {
            double millis = toMillis(Double.parseDouble(percentile.group(2)), percentile.group(3));
            if (percentile.group(1).equals("50")) {
                p50 = millis;
            } else {
                p99 = millis;
            }
        }
        Matcher non2xx = NON_2XX.matcher(output);
        Matcher socketErrors = SOCKET_ERRORS.matcher(output);
        return new Result(Double.parseDouble(rps.group(1)), p50, p99, Long.parseLong(requests.group(1)),
                non2xx.find() ? Long.parseLong(non2xx.group(1)) : 0, socketErrors.find() ? socketErrors.group(1).trim() : "");
    }

    private static double toMillis(double value, String unit) {
        return switch (unit) {
            case "us" -> value / 1000;
            case "s" -> value * 1000;
            default -> value;
        };
    }
}
