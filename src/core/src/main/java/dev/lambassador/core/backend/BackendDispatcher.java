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
 * registered for that backend's type. A backend reached through a named backend's reference
 * ({@link BackendRef}) is called through {@link ResilientCalls}, with its retries and circuit breaker.
 */
public final class BackendDispatcher implements Filter {

    /** Composite backends nest; a loop deeper than this is a bug in one of them. */
    private static final int MAX_DEPTH = 8;

    private final Map<String, BackendClient> clients;
    private final GatewayListener listener;
    private final ResilientCalls resilience;

    public BackendDispatcher(List<BackendClient> clients, GatewayListener listener) {
        this(clients, listener, ResilientCalls.system());
    }

    /** @param resilience makes the calls of named backends, and keeps their circuit breakers */
    public BackendDispatcher(List<BackendClient> clients, GatewayListener listener, ResilientCalls resilience) {
        Map<String, BackendClient> byType = new LinkedHashMap<>();
        for (BackendClient client : clients) {
            if (byType.put(client.type(), client) != null) {
                throw new IllegalArgumentException("two clients for backend type " + client.type());
            }
        }
        this.clients = Map.copyOf(byType);
        this.listener = listener;
        this.resilience = java.util.Objects.requireNonNull(resilience, "resilience");
    }

    @Override
    public GatewayResponse filter(GatewayRequest request, FilterChain chain) throws Exception {
        Exchange exchange = chain.exchange();
        Backend selected = exchange.route().backend();
        BackendRef ref = null;
        Backend backend = selected;
        for (int depth = 0; ; depth++) {
            if (backend instanceof BackendRef named) {
                ref = named;
            }
            Backend next = backend.select(request, exchange);
            if (next == backend) {
                break;
            }
            if (depth == MAX_DEPTH) {
                throw new IllegalStateException("backends nest deeper than " + MAX_DEPTH + " at " + selected.type());
            }
            backend = next;
        }
        BackendClient client = clients.get(backend.type());
        if (client == null) {
            throw new GatewayException(502, "this gateway cannot call backends of type " + backend.type());
        }
        if (ref == null || ref.plain()) {
            return callOnce(request, exchange, backend, client);
        }
        Backend target = backend;
        return resilience.call(request, exchange, ref, () -> callOnce(request, exchange, target, client));
    }

    /** One call of the backend, which the listener hears of (each retry too). */
    private GatewayResponse callOnce(GatewayRequest request, Exchange exchange, Backend backend, BackendClient client) throws Exception {
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
}
