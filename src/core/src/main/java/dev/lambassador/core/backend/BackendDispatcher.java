package dev.lambassador.core.backend;

import dev.lambassador.core.Exchange;
import dev.lambassador.core.GatewayException;
import dev.lambassador.core.GatewayListener;
import dev.lambassador.core.GatewayRequest;
import dev.lambassador.core.GatewayResponse;
import dev.lambassador.core.filter.Filter;
import dev.lambassador.core.filter.FilterChain;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The end of every route's chain: resolves the route's backend for this request (a weighted split or
 * an API's versions pick one of theirs) and hands the request, as the filters left it, to the client
 * registered for that backend's type.
 */
public final class BackendDispatcher implements Filter {

    /** Composite backends nest; a loop deeper than this is a bug in one of them. */
    private static final int MAX_DEPTH = 8;

    private final Map<String, BackendClient> clients;
    private final GatewayListener listener;

    public BackendDispatcher(List<BackendClient> clients, GatewayListener listener) {
        Map<String, BackendClient> byType = new LinkedHashMap<>();
        for (BackendClient client : clients) {
            if (byType.put(client.type(), client) != null) {
                throw new IllegalArgumentException("two clients for backend type " + client.type());
            }
        }
        this.clients = Map.copyOf(byType);
        this.listener = listener;
    }

    @Override
    public GatewayResponse filter(GatewayRequest request, FilterChain chain) throws Exception {
        Exchange exchange = chain.exchange();
        Backend backend = resolve(exchange.route().backend(), request, exchange);
        BackendClient client = clients.get(backend.type());
        if (client == null) {
            throw new GatewayException(502, "this gateway cannot call backends of type " + backend.type());
        }
        listener.backendStart(exchange, backend);
        GatewayResponse response;
        try {
            response = client.call(request, exchange, backend);
        } catch (Exception | Error e) {
            listener.backendEnd(exchange, backend, null, e);
            throw e;
        }
        listener.backendEnd(exchange, backend, response, null);
        return response;
    }

    static Backend resolve(Backend backend, GatewayRequest request, Exchange exchange) {
        Backend current = backend;
        for (int depth = 0; depth < MAX_DEPTH; depth++) {
            Backend next = current.select(request, exchange);
            if (next == current) {
                return current;
            }
            current = next;
        }
        throw new IllegalStateException("backends nest deeper than " + MAX_DEPTH + " at " + backend.type());
    }
}
