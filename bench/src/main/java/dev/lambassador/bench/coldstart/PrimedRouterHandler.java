package dev.lambassador.bench.coldstart;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.lambassador.router.RouterHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The router as a SnapStart snapshot would hold it, approximately: constructed, then its CRaC
 * hooks run as at checkpoint ({@code beforeCheckpoint}, the priming) and at restore
 * ({@code afterRestore}, the route reload), all before the first event. Outside a CRaC JVM the
 * hooks are never called, so the harness calls them here. Only the first invocation's duration
 * is comparable with SnapStart: the restore itself cannot be reproduced without Lambda.
 */
public final class PrimedRouterHandler implements RequestStreamHandler {

    private final RouterHandler router = new RouterHandler();

    public PrimedRouterHandler() throws IOException {
        router.beforeCheckpoint(null);
        router.afterRestore(null);
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        router.handleRequest(input, output, context);
    }
}
