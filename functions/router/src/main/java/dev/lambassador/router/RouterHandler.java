package dev.lambassador.router;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.jr.ob.JSON;
import dev.lambassador.core.Gateway;
import dev.lambassador.core.GatewayListener;
import dev.lambassador.core.apigw.ProxyIntegration;
import dev.lambassador.core.auth.AuthFilter;
import dev.lambassador.core.backend.BackendAddressGuard;
import dev.lambassador.core.backend.BackendPlugin;
import dev.lambassador.core.backend.HttpForwarder;
import dev.lambassador.core.backend.LambdaForwarder;
import dev.lambassador.core.cors.CorsPolicy;
import dev.lambassador.core.guard.HeaderLimits;
import dev.lambassador.core.observe.AccessLog;
import dev.lambassador.core.observe.CorrelationId;
import dev.lambassador.core.observe.Invocation;
import dev.lambassador.core.observe.JsonLogging;
import dev.lambassador.core.observe.JsonTelemetry;
import dev.lambassador.core.observe.RouteTableStatus;
import dev.lambassador.core.observe.TelemetrySink;
import dev.lambassador.core.observe.TraceContext;
import dev.lambassador.core.route.RefreshingRouteTable;
import dev.lambassador.core.route.RouteTable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.function.Supplier;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.crac.Core;
import org.crac.Resource;

/**
 * The router Lambda, for REST API (payload 1.0) and HTTP API (payload 2.0) proxy integrations.
 * Everything expensive (clients, the first route table load) happens in the constructor, during
 * the function's init, so warm invocations and SnapStart snapshots never pay for it twice. After
 * a SnapStart restore the routes are checked against the table's revision (and reloaded if it
 * moved) before the first request, since the snapshot's table may be days old. Before the snapshot is taken, synthetic requests prime the request path
 * (see {@link #prime()}).
 *
 * <p>Each route's {@code auth} and {@code scopes} are checked against the caller the authorizer
 * put into the event; without an authorizer in front, only public routes answer.
 *
 * <p>Every request gets a correlation id ({@link CorrelationId}) and carries its trace on to the
 * backend ({@link TraceContext}); the {@link TelemetrySink} hears of each one, 404s included. In
 * Lambda that is {@link JsonTelemetry} on standard output: one JSON access line and one CloudWatch
 * EMF document per request, and the function's own log records as JSON lines too.
 */
public final class RouterHandler implements RequestStreamHandler, Resource {

    static {
        // One log line per record in CloudWatch, instead of java.util.logging's two.
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format", "%4$s %3$s: %5$s%6$s%n");
        }
    }

    /** Time kept back from the function's deadline to write the response. */
    static final Duration RESPONSE_MARGIN = Duration.ofMillis(300);

    /** A closed port on the loopback interface: priming's requests are refused without leaving the sandbox. */
    static final String PRIMING_BACKEND = "http://127.0.0.1:1";
    /** One event of each payload version, with a query, headers and a body, as real requests have. */
    private static final List<String> PRIMING_EVENTS = List.of("""
            {"httpMethod":"POST","path":"/priming/rest","headers":{"Content-Type":"application/json","Host":"priming.invalid"},
             "multiValueHeaders":{"Content-Type":["application/json"],"Host":["priming.invalid"]},
             "queryStringParameters":{"q":"1"},"multiValueQueryStringParameters":{"q":["1"]},
             "requestContext":{"requestId":"priming","identity":{"sourceIp":"127.0.0.1"}},"body":"{}","isBase64Encoded":false}""", """
            {"version":"2.0","rawPath":"/priming/http","rawQueryString":"q=1",
             "headers":{"content-type":"application/json","host":"priming.invalid"},
             "requestContext":{"requestId":"priming","http":{"method":"GET","path":"/priming/http","sourceIp":"127.0.0.1"}},
             "isBase64Encoded":false}""");

    private final RefreshingRouteTable routes;
    private final HttpForwarder forwarder;
    private final LambdaForwarder functions;
    private final HeaderLimits headerLimits;
    private final AuthFilter authFilter;
    private final CorsPolicy cors;
    private final ProxyIntegration integration;
    private final AccessLog accessLog;

    /** Used by Lambda: configured from the function's environment, logging JSON lines to standard output. */
    public RouterHandler() {
        this(System.getenv());
    }

    private RouterHandler(Map<String, String> environment) {
        this(withJsonLogging(environment), JsonTelemetry.fromEnvironment(environment, System.out));
    }

    /** A router that reports nothing; for embedding and benchmarks. */
    public RouterHandler(RouterConfig config) {
        this(config, TelemetrySink.NONE);
    }

    /** @param telemetry where each request's access record goes */
    public RouterHandler(RouterConfig config, TelemetrySink telemetry) {
        this(config, telemetry, LambdaInvoker.fromEnvironment(System.getenv()));
    }

    /** @param functions invokes the functions of {@code lambda} backends */
    public RouterHandler(RouterConfig config, TelemetrySink telemetry, LambdaForwarder.FunctionInvoker functions) {
        this.routes = RefreshingRouteTable.start(config.routes(), config.routesTtl(), config.routesMaxAge());
        this.forwarder = HttpForwarder.create(config.connectTimeout(), config.backendGuard());
        this.functions = new LambdaForwarder(functions);
        this.headerLimits = config.headerLimits();
        this.authFilter = new AuthFilter(config.defaultAuth());
        this.cors = config.cors().orElse(null);
        this.accessLog = new AccessLog(telemetry, routes);
        this.integration = new ProxyIntegration(gateway(routes, accessLog, forwarder), config.basePath());
        Core.getGlobalContext().register(this);
    }

    /** The functions' own log records become JSON lines before the first of them (the route load) is written. */
    private static RouterConfig withJsonLogging(Map<String, String> environment) {
        JsonLogging.install(environment, System.out);
        return RouterConfig.fromEnvironment(environment);
    }

    private Gateway gateway(Supplier<RouteTable> table, GatewayListener listener, HttpForwarder client) {
        Gateway.Builder gateway = Gateway.builder()
                .routes(table)
                .globalFilter(new CorrelationId())
                .globalFilter(new TraceContext())
                .globalFilter(headerLimits)
                .afterRouting(authFilter)
                .backendClient(client)
                .backendClient(functions)
                .cors(cors)
                .listener(listener);
        // Backend types from jars on the class path, such as grpc in lambassador-router-grpc.jar.
        BackendPlugin.installed().forEach(plugin -> gateway.backendClient(plugin.client(client.guard())));
        return gateway.build();
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        String requestId = context == null || context.getAwsRequestId() == null
                ? UUID.randomUUID().toString()
                : context.getAwsRequestId();
        Instant deadline = context == null
                ? Instant.MAX
                : Instant.now().plusMillis(context.getRemainingTimeInMillis()).minus(RESPONSE_MARGIN);
        byte[] event = input.readAllBytes();
        Invocation invocation = new Invocation(context == null ? "" : context.getAwsRequestId(), xrayTraceHeader(context));
        output.write(invocation.during(() -> integration.handle(event, requestId, deadline)));
    }

    /** The invocation's X-Ray trace header: from the context where the runtime fills it in, else where the runtime also puts it. */
    static String xrayTraceHeader(Context context) {
        String header = null;
        try {
            header = context == null ? null : context.getXrayTraceId();
        } catch (LinkageError olderRuntime) {
            // A runtime whose Context predates getXrayTraceId: the system property has the same header.
        }
        return header != null && !header.isEmpty() ? header : System.getProperty(Invocation.XRAY_TRACE_PROPERTY, "");
    }

    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) throws IOException {
        // Nothing to release: the route table and the HTTP client's idle connections are restored as they were.
        prime();
    }

    /**
     * Runs one event of each payload version through the adapters, route matching, a named backend's
     * retry and circuit breaker, the forwarder and its HTTP client, to a priming route whose backend
     * refuses the connection, so that the snapshot holds the classes a first request needs rather
     * than loading them on it. The route table and circuit breakers that serve requests are not
     * touched, and no connection stays open.
     *
     * @return the statuses the priming events were answered with (502: refused, as intended)
     */
    List<Integer> prime() throws IOException {
        // Through a named backend with a retry and a circuit breaker, so that their classes are in the snapshot too.
        RouteTable table = RouteTable.compileItems(List.of(
                Map.of("kind", "backend", "id", "priming", "url", PRIMING_BACKEND,
                        "retry", Map.of("attempts", 2, "baseDelayMs", 1, "maxDelayMs", 1), "circuitBreaker", Map.of()),
                Map.of("id", "priming", "path", "/priming/{proxy+}", "backend", Map.of("ref", "priming", "path", "/{proxy}"),
                        "timeoutMs", 1000, "auth", "none"))).table();
        // The access log and metrics are primed too, into a stream that keeps nothing.
        AccessLog primingLog = new AccessLog(new JsonTelemetry(OutputStream.nullOutputStream(), "priming", "priming",
                JsonTelemetry.Function.NONE), RouteTableStatus.UNKNOWN);
        // Loopback allowed for priming alone, so that the refused connection runs the HTTP client's code.
        ProxyIntegration priming = new ProxyIntegration(gateway(() -> table, primingLog,
                forwarder.withGuard(BackendAddressGuard.LOOPBACK_ALLOWED)));
        List<Integer> statuses = new ArrayList<>();
        for (String event : PRIMING_EVENTS) {
            byte[] answer = priming.handle(event.getBytes(StandardCharsets.UTF_8), "priming", Instant.now().plusSeconds(2));
            statuses.add(((Number) JSON.std.mapFrom(answer).get("statusCode")).intValue());
        }
        return statuses;
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        accessLog.restored();
        routes.refresh();
    }
}
