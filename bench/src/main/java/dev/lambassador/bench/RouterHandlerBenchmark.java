package dev.lambassador.bench;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.lambassador.core.Gateway;
import dev.lambassador.core.GatewayResponse;
import dev.lambassador.core.Headers;
import dev.lambassador.core.apigw.ProxyIntegration;
import dev.lambassador.core.backend.BackendAddressGuard;
import dev.lambassador.core.backend.BackendClient;
import dev.lambassador.core.backend.HttpBackend;
import dev.lambassador.core.backend.HttpForwarder;
import dev.lambassador.core.route.RouteTable;
import dev.lambassador.local.EchoBackend;
import dev.lambassador.local.LocalApiGateway;
import dev.lambassador.local.LocalContext;
import dev.lambassador.router.RouterConfig;
import dev.lambassador.router.RouterHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * What the router adds to a backend call, in one JVM: the router handler taking an API Gateway
 * event, forwarding to the echo backend on loopback and writing the proxy response, against the
 * same request sent straight to the same backend by a JDK HttpClient configured as the router's.
 * The same request: the direct call carries the headers the router forwards (the event's, the
 * {@code X-Forwarded-*}, request id and trace headers), read from what the echo backend received
 * from the router, so both exchanges move the same bytes and the ratio is the router's own cost.
 * Both run with the flags the function runs with (C1 only), one call at a time, in two forks: a
 * latency this short moves with thread scheduling on a shared machine. A third benchmark runs the
 * router's own work alone (event parsing, adapters, matching, response writing) with the backend's
 * answer canned, to tell that apart from the cost of the extra HTTP hop.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {"-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1"})
public class RouterHandlerBenchmark {

    private static final Set<String> SET_BY_CLIENT = Set.of("Host", "Connection", "Content-Length");

    private EchoBackend echo;
    private RouterHandler router;
    private byte[] event;
    private HttpClient client;
    private HttpRequest direct;
    private ProxyIntegration withoutBackend;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        echo = EchoBackend.start();
        router = new RouterHandler(new RouterConfig(StaticRoutes.echo(echo.uri()), Duration.ofHours(1))
                .withBackendGuard(BackendAddressGuard.LOOPBACK_ALLOWED));
        event = Events.load(Events.REST_V1_GET);
        // The settings HttpForwarder.create uses; the backend sees the request the event's client sent.
        client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(HttpForwarder.DEFAULT_CONNECT_TIMEOUT)
                .build();
        // Measuring 404s or 502s would be fast and meaningless: both paths must reach the backend.
        String answer = new String(routerHandler(), StandardCharsets.UTF_8);
        if (!answer.contains("\"statusCode\":200")) {
            throw new IllegalStateException("the router did not reach the echo backend: " + answer);
        }
        direct = sameRequest(forwardedHeaders(answer));
        HttpResponse<byte[]> echoed = client.send(direct, HttpResponse.BodyHandlers.ofByteArray());
        if (echoed.statusCode() != 200) {
            throw new IllegalStateException("the echo backend did not answer 200");
        }
        Headers.Builder headers = Headers.builder();
        echoed.headers().map().forEach(headers::addAll);
        GatewayResponse canned = new GatewayResponse(200, headers.build(), echoed.body());
        withoutBackend = new ProxyIntegration(Gateway.builder()
                .routes(RouteTable.compileItems(StaticRoutes.echo(echo.uri()).items()).table())
                .backendClient(BackendClient.of(HttpBackend.TYPE, (request, exchange, backend) -> canned))
                .build());
    }

    /** The headers the echo backend received from the router, as its answer in the proxy response's body lists them. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> forwardedHeaders(String proxyResponse) throws IOException {
        String body = (String) JSON.std.mapFrom(proxyResponse).get("body");
        return (Map<String, Object>) JSON.std.mapFrom(body).get("headers");
    }

    /**
     * The request the router sent, from this client: its headers less those the JDK client writes
     * itself ({@code Host}, {@code Connection}, {@code Content-Length}), which both requests carry alike.
     */
    private HttpRequest sameRequest(Map<String, Object> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(echo.uri() + "/hello?name=world&tag=a&tag=b"))
                .timeout(Duration.ofSeconds(10))
                .GET();
        headers.forEach((name, value) -> {
            if (!SET_BY_CLIENT.contains(name)) {
                for (Object each : value instanceof List<?> values ? values : List.of(value)) {
                    request.header(name, String.valueOf(each));
                }
            }
        });
        return request.build();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        client.close();
        echo.close();
    }

    @Benchmark
    public byte[] routerHandler() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        router.handleRequest(new ByteArrayInputStream(event), out, new LocalContext("bench", LocalApiGateway.FUNCTION_NAME, 1024, LocalApiGateway.FUNCTION_TIMEOUT));
        return out.toByteArray();
    }

    @Benchmark
    public byte[] routerWithoutBackend() {
        return withoutBackend.handle(event, "bench", Instant.now().plusSeconds(29));
    }

    @Benchmark
    public byte[] directClient() throws IOException, InterruptedException {
        return client.send(direct, HttpResponse.BodyHandlers.ofByteArray()).body();
    }
}
