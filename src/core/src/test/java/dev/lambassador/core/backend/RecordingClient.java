package dev.lambassador.core.backend;

import dev.lambassador.core.Exchange;
import dev.lambassador.core.GatewayRequest;
import dev.lambassador.core.GatewayResponse;
import dev.lambassador.core.Headers;
import java.util.concurrent.atomic.AtomicReference;

/** An http client that calls nothing: it keeps the request it was given and answers 200. */
public record RecordingClient(AtomicReference<GatewayRequest> received) implements BackendClient {

    @Override
    public String type() {
        return HttpBackend.TYPE;
    }

    @Override
    public GatewayResponse call(GatewayRequest request, Exchange exchange, Backend backend) {
        received.set(request);
        return new GatewayResponse(200, Headers.EMPTY, new byte[0]);
    }
}
