package dev.lambassador.bench.coldstart;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.lambassador.authorizer.AuthorizerHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The authorizer as a SnapStart snapshot would hold it, approximately: constructed, then its CRaC
 * hooks run as at checkpoint and at restore, before the first event; see {@link PrimedRouterHandler}.
 */
public final class PrimedAuthorizerHandler implements RequestStreamHandler {

    private final AuthorizerHandler authorizer = new AuthorizerHandler();

    public PrimedAuthorizerHandler() {
        authorizer.beforeCheckpoint(null);
        authorizer.afterRestore(null);
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        authorizer.handleRequest(input, output, context);
    }
}
