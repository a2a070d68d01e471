package dev.lambassador.router;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.jr.ob.JSON;
import dev.lambassador.core.Gateway;
import dev.lambassador.core.apigw.ProxyIntegration;
import dev.lambassador.core.auth.AuthFilter;
import dev.lambassador.core.backend.HttpForwarder;
import dev.lambassador.core.route.RefreshingRouteTable;
import dev.lambassador.core.route.RouteTable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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
 * a SnapStart restore the routes are reloaded before the first request, since the snapshot's
 * table may be days old. Before the snapshot is taken, synthetic requests prime the request path
 * (see {@link #prime()}).
 *
 * <p>Each route's {@code auth} and {@code scopes} are checked against the caller the authorizer
 * put into the event; without an authorizer in front, only public routes answer.
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
    private final AuthFilter authFilter;
    private final ProxyIntegration integration;

    /** Used by Lambda: configured from the function's environment. */
    public RouterHandler() {
        this(RouterConfig.fromEnvironment(System.getenv()));
    }

    public RouterHandler(RouterConfig config) {
        this.routes = RefreshingRouteTable.start(config.routes(), config.routesTtl());
        this.forwarder = HttpForwarder.create(config.connectTimeout());
        this.authFilter = new AuthFilter(config.defaultAuth());
        Gateway gateway = Gateway.builder()
                .routes(routes)
                .afterRouting(authFilter)
                .backendClient(forwarder)
                .cors(config.cors().orElse(null))
                .build();
        this.integration = new ProxyIntegration(gateway, config.basePath());
        Core.getGlobalContext().register(this);
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        String requestId = context == null || context.getAwsRequestId() == null
                ? UUID.randomUUID().toString()
                : context.getAwsRequestId();
        Instant deadline = context == null
                ? Instant.MAX
                : Instant.now().plusMillis(context.getRemainingTimeInMillis()).minus(RESPONSE_MARGIN);
        output.write(integration.handle(input.readAllBytes(), requestId, deadline));
    }

    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) throws IOException {
        // Nothing to release: the route table and the HTTP client's idle connections are restored as they were.
        prime();
    }

    /**
     * Runs one event of each payload version through the adapters, route matching, the forwarder and
     * its HTTP client, to a priming route whose backend refuses the connection, so that the snapshot
     * holds the classes a first request needs rather than loading them on it. The route table that
     * serves requests is not touched, and no connection stays open.
     *
     * @return the statuses the priming events were answered with (502: refused, as intended)
     */
    List<Integer> prime() throws IOException {
        RouteTable table = RouteTable.compileItems(List.of(Map.of(
                "id", "priming", "path", "/priming/{proxy+}", "backend", PRIMING_BACKEND + "/{proxy}", "timeoutMs", 1000, "auth", "none"))).table();
        ProxyIntegration priming = new ProxyIntegration(Gateway.builder().routes(table).afterRouting(authFilter).backendClient(forwarder).build());
        List<Integer> statuses = new ArrayList<>();
        for (String event : PRIMING_EVENTS) {
            byte[] answer = priming.handle(event.getBytes(StandardCharsets.UTF_8), "priming", Instant.now().plusSeconds(2));
            statuses.add(((Number) JSON.std.mapFrom(answer).get("statusCode")).intValue());
        }
        return statuses;
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        routes.refresh();
    }
}
