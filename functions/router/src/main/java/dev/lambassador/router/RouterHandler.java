package dev.lambassador.router;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.lambassador.core.Gateway;
import dev.lambassador.core.apigw.ProxyIntegration;
import dev.lambassador.core.auth.AuthFilter;
import dev.lambassador.core.forward.HttpForwarder;
import dev.lambassador.core.route.RefreshingRouteTable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.crac.Core;
import org.crac.Resource;

/**
 * The router Lambda, for REST API (payload 1.0) and HTTP API (payload 2.0) proxy integrations.
 * Everything expensive (clients, the first route table load) happens in the constructor, during
 * the function's init, so warm invocations and SnapStart snapshots never pay for it twice. After
 * a SnapStart restore the routes are reloaded before the first request, since the snapshot's
 * table may be days old.
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

    private final RefreshingRouteTable routes;
    private final ProxyIntegration integration;

    /** Used by Lambda: configured from the function's environment. */
    public RouterHandler() {
        this(RouterConfig.fromEnvironment(System.getenv()));
    }

    public RouterHandler(RouterConfig config) {
        this.routes = RefreshingRouteTable.start(config.routes(), config.routesTtl());
        Gateway gateway = Gateway.builder()
                .routes(routes)
                .filter(new AuthFilter(config.defaultAuth()))
                .forwarder(HttpForwarder.create(config.connectTimeout()))
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
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        // Nothing to release: the route table and the HTTP client's idle connections are restored as they were.
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        routes.refresh();
    }
}
