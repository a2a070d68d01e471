package dev.lambassador.core.observe;

import dev.lambassador.core.Exchange;
import java.time.Instant;

/**
 * What the router knows about one request once it is answered: the facts of its access-log line and
 * of its metrics. Strings are empty, never null, when there is nothing to say; durations are in
 * milliseconds, {@code backendMs} negative when no backend was called.
 *
 * @param timestamp          when the request arrived
 * @param requestId          API Gateway's request id
 * @param functionRequestId  Lambda's request id of the invocation, or empty outside Lambda
 * @param correlationId      the id the request goes by ({@link CorrelationId})
 * @param method             the HTTP method
 * @param path               the request path as the client sent it (after a custom domain's base path)
 * @param route              the matched route's id, or empty
 * @param api                the API whose version served the request, or empty
 * @param version            that version's id, or empty
 * @param caller             {@code anonymous}, {@code jwt} or {@code apiKey}
 * @param principal          the token's subject or the key's consumer, or empty
 * @param consumer           the calling consumer (a key's, or a token's client), or empty
 * @param status             the status the client got
 * @param latencyMs          from taking the request to its answer
 * @param backendMs          the time spent in backend calls, retries included; negative: none was made
 * @param backendCalls       how many backend calls were made (1 plus retries), 0 when none
 * @param circuit            the backend's circuit state ({@link #CIRCUIT_STATE}), or empty
 * @param circuitOpened      whether this request's failure opened the circuit ({@link #CIRCUIT_OPENED})
 * @param bytesIn            the request body's size
 * @param bytesOut           the response body's size
 * @param coldStart          whether this was the function instance's first request (after a SnapStart restore too)
 * @param error              the class of failure ({@link ErrorClass}), or empty for an answer that is no failure
 * @param errorMessage       what the failure said, shortened, or empty
 * @param trace              the request's trace, or null when none is active
 * @param sourceIp           the client's address as API Gateway saw it
 * @param routeTableAgeMs    how old the route table was, or negative when unknown
 * @param refreshFailures    route-table reloads that failed since the previous record
 */
public record AccessRecord(Instant timestamp, String requestId, String functionRequestId, String correlationId,
                           String method, String path, String route, String api, String version, String caller,
                           String principal, String consumer, int status, double latencyMs, double backendMs,
                           int backendCalls, String circuit, boolean circuitOpened, long bytesIn, long bytesOut,
                           boolean coldStart, String error, String errorMessage, TraceContext.Trace trace, String sourceIp,
                           long routeTableAgeMs, long refreshFailures) {

    /**
     * The state of the circuit breaker in front of the request's backend ({@code closed}, {@code open},
     * {@code half_open}), recorded by the breaker; the access log reports it as {@code circuit}.
     */
    public static final Exchange.Attribute<String> CIRCUIT_STATE = Exchange.Attribute.of("circuit.state", String.class);
    /** Set by the breaker on the request whose failure opened its circuit: counted as {@code CircuitOpens}. */
    public static final Exchange.Attribute<Boolean> CIRCUIT_OPENED = Exchange.Attribute.of("circuit.opened", Boolean.class);

    /** {@code 2xx}, {@code 4xx}, ...: the low-cardinality form of the status, a metric dimension. */
    public String statusClass() {
        return (status / 100) + "xx";
    }

    /** Backend calls after the first. */
    public int retries() {
        return Math.max(0, backendCalls - 1);
    }
}
