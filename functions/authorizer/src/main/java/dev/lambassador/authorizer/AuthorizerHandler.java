package dev.lambassador.authorizer;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.InputStream;
import java.io.OutputStream;

/** The authorizer Lambda for REST API REQUEST authorizers and HTTP API Lambda authorizers. */
public final class AuthorizerHandler implements RequestStreamHandler {

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) {
        throw new IllegalStateException("Unauthorized");
    }
}
