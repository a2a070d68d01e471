package dev.lambassador.core.backend;

import dev.lambassador.core.Exchange;
import dev.lambassador.core.GatewayRequest;
import dev.lambassador.core.GatewayResponse;

/** Calls backends of one type, with the request as it left the route's filters. */
public interface BackendClient {

    /** The backend type this client calls, e.g. {@code http}. */
    String type();

    /**
     * @param backend a backend of {@link #type()}
     * @throws Exception a failure, which {@link dev.lambassador.core.ErrorResponses} turns into 502/504
     */
    GatewayResponse call(GatewayRequest request, Exchange exchange, Backend backend) throws Exception;

    /** What a client does with a request, for {@link #of}. */
    @FunctionalInterface
    interface Call {
        GatewayResponse call(GatewayRequest request, Exchange exchange, Backend backend) throws Exception;
    }

    /** A client made of a function, for tests and benchmarks that stand in for a backend. */
    static BackendClient of(String type, Call call) {
        return new BackendClient() {
            @Override
            public String type() {
                return type;
            }

            @Override
            public GatewayResponse call(GatewayRequest request, Exchange exchange, Backend backend) throws Exception {
                return call.call(request, exchange, backend);
            }
        };
    }
}
