package dev.lambassador.core.backend;

import dev.lambassador.core.Exchange;
import dev.lambassador.core.GatewayException;
import dev.lambassador.core.GatewayRequest;
import dev.lambassador.core.GatewayResponse;
import dev.lambassador.core.Headers;
import dev.lambassador.core.apigw.EventJson;
import dev.lambassador.core.apigw.PayloadVersion;
import dev.lambassador.core.apigw.ProxyEvents;
import dev.lambassador.core.apigw.ProxyResponses;
import dev.lambassador.core.route.RouteMatch;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The client of {@code lambda} backends: writes the API Gateway proxy event of the request as the
 * route's filters left it ({@link ProxyEvents}), invokes the function synchronously through a
 * {@link FunctionInvoker} within the route's timeout, and reads its proxy response back
 * ({@link ProxyResponses}). The function sees what an HTTP backend would: the headers less the
 * hop-by-hop ones, with X-Forwarded-*, the request and correlation ids and the trace headers, and
 * the authorizer's context in {@code requestContext.authorizer}. A function that fails
 * ({@code FunctionError}) or answers something that is not a proxy response is a 502, a function
 * that does not answer in time a 504; what failed goes to the log, not to the client.
 */
public final class LambdaForwarder implements BackendClient {

    /** Lambda's quota on a synchronous invocation's event: it refuses anything larger. */
    public static final int MAX_EVENT_BYTES = 6 * 1024 * 1024;
    /** What {@code requestContext} names as the API that sent the event. */
    static final ProxyEvents.Api API = new ProxyEvents.Api("", "lambassador", "lambassador", false);

    private static final Logger LOG = System.getLogger(LambdaForwarder.class.getName());

    /**
     * Invokes a function synchronously (Lambda's {@code Invoke}, invocation type {@code RequestResponse}).
     * An implementation reports a call that ran out of time as {@link java.net.http.HttpTimeoutException},
     * a connection that failed as an {@link java.io.IOException}, and what it knows better (no such
     * function, throttled, not allowed) as a {@link GatewayException}.
     */
    @FunctionalInterface
    public interface FunctionInvoker {
        Invocation invoke(String function, String qualifier, byte[] event, Duration timeout) throws Exception;
    }

    /**
     * What Lambda answered.
     *
     * @param functionError Lambda's {@code X-Amz-Function-Error} ({@code Unhandled}, {@code Handled}), or empty when the function succeeded
     */
    public record Invocation(byte[] payload, String functionError) {
        public Invocation {
            payload = payload == null ? new byte[0] : payload;
            functionError = functionError == null ? "" : functionError;
        }
    }

    private final FunctionInvoker invoker;

    public LambdaForwarder(FunctionInvoker invoker) {
        this.invoker = Objects.requireNonNull(invoker, "invoker");
    }

    @Override
    public String type() {
        return LambdaBackend.TYPE;
    }

    @Override
    public GatewayResponse call(GatewayRequest request, Exchange exchange, Backend backend) throws Exception {
        LambdaBackend function = (LambdaBackend) backend;
        byte[] event = EventJson.write(event(request, exchange, function.payload()));
        if (event.length > MAX_EVENT_BYTES) {
            throw new GatewayException(413, "the request is too large to invoke a function with: " + event.length
                    + " bytes once written as an event, at most " + MAX_EVENT_BYTES);
        }
        Duration timeout = HttpForwarder.timeout(exchange.timeout(), exchange.deadline());
        Invocation answer = invoker.invoke(function.function(), function.qualifier(), event, timeout);
        if (!answer.functionError().isEmpty()) {
            LOG.log(Level.WARNING, "request {0}: function {1} failed ({2}): {3}", exchange.requestId(), function.function(),
                    answer.functionError(), excerpt(answer.payload()));
            throw new GatewayException(502, "the backend function failed", Headers.EMPTY, Map.of("functionError", answer.functionError()), null);
        }
        GatewayResponse response;
        try {
            response = ProxyResponses.read(answer.payload(), function.payload());
        } catch (ProxyResponses.MalformedResponseException e) {
            LOG.log(Level.WARNING, "request {0}: function {1} answered no proxy response ({2}): {3}", exchange.requestId(),
                    function.function(), e.getMessage(), excerpt(answer.payload()));
            throw new GatewayException(502, "the backend function's answer is not a proxy response: " + e.getMessage());
        }
        return new GatewayResponse(response.status(), HttpForwarder.responseHeaders(response.headers().asMap()), response.body());
    }

    /** The event of the request as the filters left it, for the route it matched. */
    static Map<String, Object> event(GatewayRequest request, Exchange exchange, PayloadVersion version) {
        RouteMatch match = exchange.match().orElseThrow();
        Headers.Builder headers = HttpForwarder.requestHeaders(request, exchange).toBuilder();
        // API Gateway's events carry the Host the client addressed; an HTTP backend gets its own in the connection.
        request.headers().first("Host").ifPresent(host -> headers.set("Host", host));
        Map<String, List<String>> headerMap = headers.build().asMap();
        ProxyEvents.Request proxyRequest = new ProxyEvents.Request(request.method(), request.path(), request.rawQuery(), headerMap,
                request.body(), request.sourceIp(), request.requestId(), Instant.now(), match.route().template().text(),
                match.pathParameters(), request.authorizer());
        return ProxyEvents.of(version, proxyRequest, API);
    }

    /** The start of a failed function's answer (errorType, errorMessage), for the log. */
    private static String excerpt(byte[] payload) {
        String text = new String(payload, 0, Math.min(payload.length, 300), java.nio.charset.StandardCharsets.UTF_8);
        return text.replaceAll("[\\r\\n]+", " ");
    }
}
