package dev.lambassador.bench.coldstart;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.lambassador.core.observe.TelemetrySink;
import dev.lambassador.router.RouterConfig;
import dev.lambassador.router.RouterHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The router without what observes it: no access line, no EMF document, no JSON logging. Not a
 * deployment option; beside the router in the cold-start step, it shows what observability adds
 * to a cold start, in the same jar and the same run.
 */
public final class UnobservedRouterHandler implements RequestStreamHandler {

    private final RouterHandler router = new RouterHandler(RouterConfig.fromEnvironment(System.getenv()), TelemetrySink.NONE);

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        router.handleRequest(input, output, context);
    }
}
