package dev.lambassador.bench;

import dev.lambassador.core.Exchange;
import dev.lambassador.core.Gateway;
import dev.lambassador.core.GatewayRequest;
import dev.lambassador.core.GatewayResponse;
import dev.lambassador.core.Headers;
import dev.lambassador.core.auth.AuthFilter;
import dev.lambassador.core.auth.RouteAuth;
import dev.lambassador.core.backend.Backend;
import dev.lambassador.core.backend.BackendClient;
import dev.lambassador.core.backend.HttpBackend;
import dev.lambassador.core.observe.AccessLog;
import dev.lambassador.core.observe.CorrelationId;
import dev.lambassador.core.observe.Invocation;
import dev.lambassador.core.observe.JsonTelemetry;
import dev.lambassador.core.observe.RouteTableStatus;
import dev.lambassador.core.observe.TraceContext;
import dev.lambassador.core.route.RouteTable;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What observability costs a request: the same gateway and route, the backend's answer canned, run
 * bare and with everything the router adds (the correlation-id and trace filters, the access-log
 * listener, the access line and the EMF document written as JSON). {@code observed} writes to a
 * stream that keeps nothing, so the difference to {@code bare} is the work itself;
 * {@code observedToDevNull} writes through a {@link PrintStream} on {@code /dev/null}, as Lambda's
 * runtime gives a function its standard output, so the system call is in it too; {@code filtersOnly}
 * and {@code listenerOnly} split the cost between the two filters and the listener. The request carries
 * what a traced, authenticated request through API Gateway carries, to a route that wants its scope,
 * and every gateway checks it as the router does, so that reading the caller is not counted as
 * logging. C1 only, the router's flags.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1"})
public class ObservabilityBenchmark {

    private static final RouteTableStatus FRESH_TABLE = new RouteTableStatus() {
        @Override
        public long ageMillis() {
            return 12_000;
        }

        @Override
        public long refreshFailures() {
            return 0;
        }
    };

    private Gateway bare;
    private Gateway observed;
    private Gateway observedToDevNull;
    private Gateway filtersOnly;
    private Gateway listenerOnly;
    private PrintStream devNull;
    private GatewayRequest request;
    private Invocation invocation;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        RouteTable routes = RouteTable.compileItems(List.of(Map.of(
                "id", "orders-get", "path", "/orders/{id}", "methods", List.of("GET"),
                "backend", "http://orders.internal.example.com/v2/orders/{id}", "auth", "jwt", "scopes", List.of("orders:read")))).table();
        GatewayResponse canned = new GatewayResponse(200, Headers.of("Content-Type", "application/json"),
                "{\"id\":\"42\",\"status\":\"shipped\"}".getBytes(StandardCharsets.UTF_8));
        BackendClient client = new BackendClient() {
            @Override
            public String type() {
                return HttpBackend.TYPE;
            }

            @Override
            public GatewayResponse call(GatewayRequest request, Exchange exchange, Backend backend) {
                return canned;
            }
        };
        JsonTelemetry.Function function = new JsonTelemetry.Function("lambassador-prod-RouterFunction", "7", 1024);
        bare = Gateway.builder().routes(routes).backendClient(client).afterRouting(new AuthFilter(RouteAuth.ANY)).build();
        observed = observedGateway(routes, client, new JsonTelemetry(OutputStream.nullOutputStream(), "lambassador-prod",
                "Lambassador", function));
        filtersOnly = Gateway.builder().routes(routes).backendClient(client).afterRouting(new AuthFilter(RouteAuth.ANY))
                .globalFilter(new CorrelationId()).globalFilter(new TraceContext()).build();
        listenerOnly = Gateway.builder().routes(routes).backendClient(client).afterRouting(new AuthFilter(RouteAuth.ANY))
                .listener(new AccessLog(new JsonTelemetry(OutputStream.nullOutputStream(), "lambassador-prod", "Lambassador", function),
                        FRESH_TABLE)).build();
        devNull = new PrintStream(new FileOutputStream("/dev/null"), false, StandardCharsets.UTF_8);
        observedToDevNull = observedGateway(routes, client, new JsonTelemetry(devNull, "lambassador-prod", "Lambassador", function));
        request = new GatewayRequest("GET", "/orders/42", "", Map.of(), Headers.of(
                "Host", "api.example.com",
                "Accept", "application/json",
                "User-Agent", "Mozilla/5.0",
                "X-Request-Id", "01HV3K9Z8QX7YJ4N2B6C5D0E1F",
                "traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
                "X-Amzn-Trace-Id", "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1"),
                null, "203.0.113.9", "c6af9ac6-7b61-11e6-9a41-93e8deadbeef",
                Map.of("auth", "jwt", "subject", "alice", "consumer", "web-app", "scopes", "orders:read"));
        invocation = new Invocation("4d3c2b1a-0000-4000-8000-000000000042",
                "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=1111111111111111;Sampled=1");
        for (Gateway gateway : List.of(bare, observed, observedToDevNull)) {
            int status = gateway.handle(request).status();
            if (status != 200) {
                throw new IllegalStateException("the benchmark's request was answered " + status + ", not 200");
            }
        }
    }

    private static Gateway observedGateway(RouteTable routes, BackendClient client, JsonTelemetry telemetry) {
        return Gateway.builder().routes(routes).backendClient(client).afterRouting(new AuthFilter(RouteAuth.ANY))
                .globalFilter(new CorrelationId())
                .globalFilter(new TraceContext())
                .listener(new AccessLog(telemetry, FRESH_TABLE))
                .build();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        devNull.close();
    }

    @Benchmark
    public GatewayResponse bare() {
        return invocation.during(() -> bare.handle(request));
    }

    @Benchmark
    public GatewayResponse observed() {
        return invocation.during(() -> observed.handle(request));
    }

    @Benchmark
    public GatewayResponse filtersOnly() {
        return invocation.during(() -> filtersOnly.handle(request));
    }

    @Benchmark
    public GatewayResponse listenerOnly() {
        return invocation.during(() -> listenerOnly.handle(request));
    }

    @Benchmark
    public GatewayResponse observedToDevNull() {
        return invocation.during(() -> observedToDevNull.handle(request));
    }
}
