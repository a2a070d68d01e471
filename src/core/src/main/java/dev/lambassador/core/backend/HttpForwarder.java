package dev.lambassador.core.backend;

import dev.lambassador.core.Exchange;
import dev.lambassador.core.GatewayException;
import dev.lambassador.core.GatewayRequest;
import dev.lambassador.core.GatewayResponse;
import dev.lambassador.core.Headers;
import dev.lambassador.core.observe.CorrelationId;
import dev.lambassador.core.observe.TraceContext;
import dev.lambassador.core.route.RequestPath;
import dev.lambassador.core.route.RouteMatch;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The client of {@code http} backends: calls them over HTTP/1.1 with the JDK's HttpClient (no extra
 * jar, quick to start). The route's timeout covers the whole answer, body included, and the body
 * is capped so it fits in a Lambda response. Hop-by-hop headers are dropped both ways,
 * {@code X-Forwarded-For/Proto/Host}, {@code X-Request-Id} and {@code X-Correlation-Id} (the correlation
 * id) and the trace headers ({@link TraceContext}) are added. Before each call, a
 * {@link BackendAddressGuard} checks the host and the addresses it resolves to. Failures propagate as
 * exceptions and become 502/504 in {@link dev.lambassador.core.ErrorResponses}.
 */
public final class HttpForwarder implements BackendClient {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(3);
    /** Lambda returns at most 6 MB; base64 makes a binary body a third larger. */
    public static final long MAX_RESPONSE_BODY_BYTES = 4_400_000;

    /**
     * RFC 9110 §7.6.1 hop-by-hop headers, the ones the JDK client sets itself, and {@code Forwarded},
     * which a client could forge and which the X-Forwarded headers replace.
     */
    private static final Set<String> NOT_FORWARDED = caseInsensitive(
            "Connection", "Keep-Alive", "Transfer-Encoding", "TE", "Trailer", "Upgrade",
            "Proxy-Authorization", "Proxy-Authenticate", "Proxy-Connection",
            "Host", "Content-Length", "Expect", "HTTP2-Settings", "Forwarded");

    private final HttpClient client;
    private final BackendAddressGuard guard;
    /** Clients for named backends with a connect timeout of their own: the JDK client has one per client, not per request. */
    private final Map<Duration, HttpClient> byConnectTimeout = new ConcurrentHashMap<>();

    /** A forwarder whose backends may listen on loopback, for embedding and tests; see {@link #HttpForwarder(HttpClient, BackendAddressGuard)}. */
    public HttpForwarder(HttpClient client) {
        this(client, BackendAddressGuard.LOOPBACK_ALLOWED);
    }

    /** @param guard which backend hosts and addresses may be called; the router's comes from its settings */
    public HttpForwarder(HttpClient client, BackendAddressGuard guard) {
        this.client = client;
        this.guard = Objects.requireNonNull(guard, "guard");
    }

    /** A forwarder with its own client, whose backends may listen on loopback: for embedding and tests. */
    public static HttpForwarder create(Duration connectTimeout) {
        return create(connectTimeout, BackendAddressGuard.LOOPBACK_ALLOWED);
    }

    /** A forwarder with its own client: HTTP/1.1, no redirects followed, the given connect timeout and address guard. */
    public static HttpForwarder create(Duration connectTimeout, BackendAddressGuard guard) {
        return new HttpForwarder(newClient(connectTimeout), guard);
    }

    private static HttpClient newClient(Duration connectTimeout) {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(connectTimeout)
                .build();
    }

    /** The same client (and its connections) with another guard. */
    public HttpForwarder withGuard(BackendAddressGuard value) {
        return new HttpForwarder(client, value);
    }

    public BackendAddressGuard guard() {
        return guard;
    }

    @Override
    public String type() {
        return HttpBackend.TYPE;
    }

    /**
     * Calls the backend with the request as the filters left it: its path (when the backend URL
     * forwards the path), query, headers and body.
     */
    @Override
    public GatewayResponse call(GatewayRequest request, Exchange exchange, Backend backend) throws Exception {
        RouteMatch match = exchange.match().orElseThrow();
        RequestPath path = request.path().equals(exchange.original().path()) ? match.path()
                : match.route().definition().matrixParameters() ? RequestPath.parseAllowingMatrixParameters(request.path())
                : RequestPath.parse(request.path());
        HttpBackend http = (HttpBackend) backend;
        URI target = http.target().resolve(match, path, request.rawQuery());
        long checkStarted = System.nanoTime();
        // Before a byte is sent: a refused backend receives nothing, not even a connection.
        guard.check(target.getHost(), exchange.requestId());
        Duration left = exchange.timeout().minusNanos(System.nanoTime() - checkStarted);
        if (left.toMillis() <= 0) {
            throw new HttpTimeoutException("resolving the backend's host took the route's whole timeout");
        }
        Duration timeout = timeout(left, exchange.deadline());
        HttpRequest.Builder backendRequest = withBody(HttpRequest.newBuilder(target).timeout(timeout), request);
        requestHeaders(request, exchange).forEach((name, values) -> values.forEach(value -> {
            try {
                backendRequest.header(name, value);
            } catch (IllegalArgumentException e) {
                throw GatewayException.badRequest("header " + name + " cannot be forwarded: " + e.getMessage());
            }
        }));
        HttpClient client = http.connectTimeout() == null ? this.client
                : byConnectTimeout.computeIfAbsent(http.connectTimeout(), HttpForwarder::newClient);
        HttpResponse<byte[]> response = send(client, backendRequest.build(), timeout);
        if (response.statusCode() < 200 || response.statusCode() > 599) {
            throw new GatewayException(502, "backend answered with status " + response.statusCode(), Headers.EMPTY, null);
        }
        return new GatewayResponse(response.statusCode(), responseHeaders(response.headers().map()), response.body());
    }

    /**
     * The method and body. A GET or HEAD without a body goes as the JDK's own {@code GET()} and
     * {@code HEAD()}: with {@code noBody()} the JDK sends {@code Content-Length: 0}, a header the
     * client did not send and every backend would have to read. Other methods keep it, as a POST
     * with an empty body needs it.
     */
    private static HttpRequest.Builder withBody(HttpRequest.Builder builder, GatewayRequest request) {
        if (request.body().length > 0) {
            return builder.method(request.method(), HttpRequest.BodyPublishers.ofByteArray(request.body()));
        }
        return switch (request.method()) {
            case "GET" -> builder.GET();
            case "HEAD" -> builder.HEAD();
            default -> builder.method(request.method(), HttpRequest.BodyPublishers.noBody());
        };
    }

    /** The route's timeout, shortened to what is left before the deadline; none left is a 504 at once. */
    public static Duration timeout(Duration routeTimeout, Instant deadline) throws HttpTimeoutException {
        if (deadline.equals(Instant.MAX)) {
            return routeTimeout;
        }
        Duration left = Duration.between(Instant.now(), deadline);
        if (left.toMillis() <= 0) {
            throw new HttpTimeoutException("no time left before the function's deadline");
        }
        return left.compareTo(routeTimeout) < 0 ? left : routeTimeout;
    }

    /** The request timeout alone stops at the headers; waiting on the whole exchange bounds a body that trickles too. */
    private static HttpResponse<byte[]> send(HttpClient client, HttpRequest request, Duration timeout) throws Exception {
        CompletableFuture<HttpResponse<byte[]>> exchange = client.sendAsync(request, LimitedBody.handler(MAX_RESPONSE_BODY_BYTES));
        try {
            return exchange.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            exchange.cancel(true);
            throw new HttpTimeoutException("backend did not answer within " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof LimitedBody.TooLarge tooLarge) {
                throw new GatewayException(502, "backend answer is too large for the gateway", Headers.EMPTY, tooLarge);
            }
            throw e.getCause() instanceof Exception cause ? cause : e;
        } catch (InterruptedException e) {
            exchange.cancel(true);
            throw e;
        }
    }

    static Headers requestHeaders(GatewayRequest request) {
        return requestHeaders(request, new Exchange(request, Instant.MAX));
    }

    /**
     * The request's headers as the backend gets them: X-Request-Id and X-Correlation-Id are the request's
     * correlation id (API Gateway's request id without one), and the trace headers are the exchange's.
     */
    static Headers requestHeaders(GatewayRequest request, Exchange exchange) {
        Headers.Builder headers = withoutHopByHop(request.headers().asMap());
        String forwardedFor = String.join(", ", request.headers().all("X-Forwarded-For"));
        if (!request.sourceIp().isEmpty() && !listsLastHop(forwardedFor, request.sourceIp())) {
            forwardedFor = forwardedFor.isEmpty() ? request.sourceIp() : forwardedFor + ", " + request.sourceIp();
        }
        if (!forwardedFor.isEmpty()) {
            headers.set("X-Forwarded-For", forwardedFor);
        }
        headers.set("X-Forwarded-Proto", request.headers().first("X-Forwarded-Proto").orElse("https"));
        request.headers().first("Host").ifPresent(host -> headers.set("X-Forwarded-Host", host));
        String correlationId = exchange.get(CorrelationId.ID).orElse(request.requestId());
        headers.set(CorrelationId.REQUEST_HEADER, correlationId);
        if (exchange.get(CorrelationId.ID).isPresent()) {
            headers.set(CorrelationId.CORRELATION_HEADER, correlationId);
        }
        TraceContext.apply(exchange, headers);
        return headers.build();
    }

    static Headers responseHeaders(Map<String, List<String>> backendHeaders) {
        return withoutHopByHop(backendHeaders).build();
    }

    /** Copies headers less the hop-by-hop ones, those named in Connection, and HTTP/2 pseudo-headers such as ":status". */
    private static Headers.Builder withoutHopByHop(Map<String, List<String>> source) {
        Set<String> namedByConnection = Set.of();
        for (Map.Entry<String, List<String>> header : source.entrySet()) {
            if (header.getKey().equalsIgnoreCase("Connection")) {
                namedByConnection = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
                for (String value : header.getValue()) {
                    for (String token : value.split(",")) {
                        namedByConnection.add(token.trim());
                    }
                }
            }
        }
        Headers.Builder headers = Headers.builder();
        for (Map.Entry<String, List<String>> header : source.entrySet()) {
            String name = header.getKey();
            if (!name.startsWith(":") && !NOT_FORWARDED.contains(name) && !namedByConnection.contains(name)
                    && !name.regionMatches(true, 0, "proxy-", 0, 6)) {
                headers.addAll(name, header.getValue());
            }
        }
        return headers;
    }

    /**
     * Whether API Gateway's own X-Forwarded-For lists the caller already: as its last entry (HTTP
     * APIs, regional REST APIs), or as the one before the last, where an edge-optimized REST API
     * puts the CloudFront edge that forwarded the request ({@code client, edge}). Appending the
     * caller again would give backends {@code client, edge, client}. Anything further left is the
     * client's own claim and proves nothing.
     */
    private static boolean listsLastHop(String forwardedFor, String address) {
        String[] entries = forwardedFor.split(",");
        int last = entries.length - 1;
        return entries[last].trim().equals(address) || last > 0 && entries[last - 1].trim().equals(address);
    }

    private static Set<String> caseInsensitive(String... names) {
        Set<String> set = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        set.addAll(List.of(names));
        return set;
    }
}
