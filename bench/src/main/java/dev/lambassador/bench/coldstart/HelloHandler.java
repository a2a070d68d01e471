package dev.lambassador.bench.coldstart;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The baseline for cold starts: the smallest stream handler that answers an API Gateway proxy
 * event, run through the same runtime client with the same flags as the router. What the router
 * costs beyond it is what Lambassador adds.
 */
public final class HelloHandler implements RequestStreamHandler {

    private static final byte[] RESPONSE = "{\"statusCode\":200,\"headers\":{\"Content-Type\":\"text/plain\"},\"body\":\"hello\"}"
            .getBytes(StandardCharsets.UTF_8);

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        input.readAllBytes();
        output.write(RESPONSE);
    }
}
