package dev.lambassador.bench.load;

import dev.lambassador.bench.Args;
import dev.lambassador.bench.Executables;
import dev.lambassador.bench.Row;
import dev.lambassador.core.apigw.PayloadVersion;
import dev.lambassador.core.auth.RouteAuth;
import dev.lambassador.local.DevServer;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The local gateway under load: wrk against the demo echo backend directly, through nginx as a
 * reverse proxy, and through {@code lambassador dev}'s stack (the local API Gateway, the real
 * authorizer and router handlers, the echo backend), all in one run on one machine. Rounds alternate the order
 * of the targets, so drift on a shared machine does not favour one of them.
 *
 * <p>It measures at each connection count ({@code --connections}, 16 and 64 by default): a warm-up of
 * each target once, then, per connection count, rounds of each target. Every row gives p50 and p99;
 * the gateway's throughput against nginx's is held to its target, {@value #MIN_GATEWAY_TO_NGINX}×. Each
 * row also gives the CPU time this JVM spent per request: wrk's and nginx's processes are not in it,
 * so it is the echo backend's cost on the direct and nginx rows, and the gateway's plus the backend's
 * on the gateway's: what the gateway costs per request, whatever else keeps the machine busy.
 *
 * <p>Run it with the flags {@code bin/lambassador} uses ({@code -XX:TieredStopAtLevel=1}). Usage:
 * {@code LoadBench [--seconds 5] [--warmup 3] [--rounds 2] [--connections 16,64] [--out rows.tsv]}.
 */
public final class LoadBench {

    /** The target: the local gateway serves at least half of nginx's requests a second, at each connection count. */
    static final double MIN_GATEWAY_TO_NGINX = 0.5;

    /**
     * This JVM's CPU time: the echo backend's alone while wrk calls it directly or through nginx, the whole
     * local gateway's (Jetty, both functions, the backend client) and the backend's while wrk calls the gateway.
     */
    private static final com.sun.management.OperatingSystemMXBean PROCESS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    static final String DIRECT = "direct to the echo backend";
    static final String NGINX = "through nginx, the reference proxy";
    static final String GATEWAY = "through the local gateway (lambassador dev)";

    public static void main(String[] arguments) throws Exception {
        Args args = Args.parse(arguments);
        Duration measure = Duration.ofSeconds(args.integer("seconds", 5));
        Duration warmup = Duration.ofSeconds(args.integer("warmup", 3));
        int rounds = args.integer("rounds", 2);
        List<Integer> connections = connections(args.values().getOrDefault("connections", "16,64"));
        Path out = args.path("out", "bench/target/results/load.tsv");

        Optional<Path> wrkExecutable = Executables.find("wrk");
        if (wrkExecutable.isEmpty()) {
            System.out.println("  wrk is not installed (apt-get install wrk): load test skipped");
            Row.write(out, List.of(Row.note("wrk load test", "skipped: wrk is not installed (apt-get install wrk)")));
            return;
        }
        DevServer.Options options = new DevServer.Options("127.0.0.1", 0, null, null, PayloadVersion.V1, Duration.ofSeconds(2),
                RouteAuth.ANY, Duration.ZERO);
        // The development key pair goes to a scratch home, not the user's ~/.lambassador.
        Map<String, String> environment = new HashMap<>(System.getenv());
        environment.put("LAMBASSADOR_HOME", Files.createTempDirectory("lambassador-bench").toString());
        // No access log: lambassador dev prints one line per request, which would measure the terminal.
        try (DevServer dev = DevServer.start(options, environment, null)) {
            Map<String, URI> targets = new LinkedHashMap<>();
            targets.put(DIRECT, URI.create(dev.echoUri() + "/hello?name=world"));
            Optional<Path> nginxExecutable = Executables.find("nginx");
            Nginx nginx = nginxExecutable.isPresent() ? Nginx.start(nginxExecutable.get(), dev.echoUri()) : null;
            try {
                if (nginx != null) {
                    targets.put(NGINX, URI.create(nginx.uri() + "/echo/hello?name=world"));
                }
                targets.put(GATEWAY, URI.create("http://127.0.0.1:" + dev.uri().getPort() + "/echo/hello?name=world"));
                Wrk first = new Wrk(wrkExecutable.get(), 1, connections.getFirst());
                for (Map.Entry<String, URI> target : targets.entrySet()) {
                    check(target.getKey(), first.run(target.getValue(), warmup));
                }
                List<Row> rows = new ArrayList<>();
                for (int count : connections) {
                    Wrk wrk = new Wrk(wrkExecutable.get(), 1, count);
                    rows.addAll(rows(wrk, measure(wrk, targets, measure, rounds), measure, rounds));
                }
                if (nginx == null) {
                    rows.add(1, Row.note("wrk " + NGINX, "skipped: nginx is not installed (apt-get install nginx-light)"));
                }
                Row.write(out, rows);
            } finally {
                if (nginx != null) {
                    nginx.close();
                }
            }
        }
    }

    /** A comma-separated list of connection counts, such as {@code 16,64}. */
    static List<Integer> connections(String list) {
        List<Integer> counts = new ArrayList<>();
        for (String count : list.split(",")) {
            int value = Integer.parseInt(count.trim());
            if (value < 1) {
                throw new IllegalArgumentException("--connections takes counts of at least 1, was '" + list + "'");
            }
            counts.add(value);
        }
        return counts;
    }

    private static Map<String, List<Wrk.Result>> measure(Wrk wrk, Map<String, URI> targets, Duration measure, int rounds)
            throws Exception {
        Map<String, List<Wrk.Result>> results = new LinkedHashMap<>();
        targets.keySet().forEach(name -> results.put(name, new ArrayList<>()));
        List<String> order = new ArrayList<>(targets.keySet());
        for (int round = 0; round < rounds; round++) {
            for (String name : order) {
                long cpu = PROCESS.getProcessCpuTime();
                Wrk.Result result = check(name, wrk.run(targets.get(name), measure)).withJvmCpu(PROCESS.getProcessCpuTime() - cpu);
                results.get(name).add(result);
                System.out.printf(Locale.ROOT, "  %s round %d %-45s %s%n", wrk.settings(), round + 1, name, result.describe());
            }
            order = order.reversed();
        }
        return results;
    }

    private static Wrk.Result check(String target, Wrk.Result result) {
        if (!result.clean()) {
            throw new IllegalStateException("wrk " + target + ": " + result.non2xx() + " non-2xx answers, socket errors '"
                    + result.socketErrors() + "' in " + result.requests() + " requests");
        }
        return result;
    }

    static List<Row> rows(Wrk wrk, Map<String, List<Wrk.Result>> results, Duration measure, int rounds) {
        String how = " (" + wrk.settings() + ", " + measure.toSeconds() + " s × " + rounds + ", mean)";
        String at = " (" + wrk.settings() + ")";
        Wrk.Result direct = mean(results.get(DIRECT));
        List<Row> rows = new ArrayList<>();
        rows.add(Row.of("wrk " + DIRECT + how, direct.describe()));
        for (String name : List.of(NGINX, GATEWAY)) {
            if (results.containsKey(name)) {
                Wrk.Result result = mean(results.get(name));
                rows.add(Row.compared("wrk " + name + at + ", req/s ÷ direct's", result.describe(),
                        String.format(Locale.ROOT, "direct %,.0f req/s", direct.requestsPerSecond()),
                        result.requestsPerSecond() / direct.requestsPerSecond()));
            }
        }
        if (results.containsKey(NGINX)) {
            Wrk.Result nginx = mean(results.get(NGINX));
            Wrk.Result gateway = mean(results.get(GATEWAY));
            double ratio = gateway.requestsPerSecond() / nginx.requestsPerSecond();
            rows.add(Row.compared("wrk: the local gateway's req/s ÷ nginx's" + at,
                    String.format(Locale.ROOT, "gateway %,.0f req/s, p99 %s", gateway.requestsPerSecond(), Row.millis(gateway.p99Millis())),
                    String.format(Locale.ROOT, "nginx %,.0f req/s, p99 %s", nginx.requestsPerSecond(), Row.millis(nginx.p99Millis())),
                    ratio).withTarget("≥ " + Row.times(MIN_GATEWAY_TO_NGINX), ratio >= MIN_GATEWAY_TO_NGINX));
        }
        return rows;
    }

    private static Wrk.Result mean(List<Wrk.Result> results) {
        return new Wrk.Result(
                results.stream().mapToDouble(Wrk.Result::requestsPerSecond).average().orElseThrow(),
                results.stream().mapToDouble(Wrk.Result::p50Millis).average().orElseThrow(),
                results.stream().mapToDouble(Wrk.Result::p99Millis).average().orElseThrow(),
                results.stream().mapToLong(Wrk.Result::requests).sum(),
                0, "",
                results.stream().mapToDouble(Wrk.Result::jvmCpuMicros).average().orElseThrow());
    }
}
