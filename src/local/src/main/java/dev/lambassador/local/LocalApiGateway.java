package dev.lambassador.local;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.jr.ob.JSON;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.lambassador.core.apigw.PayloadVersion;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A local stand-in for API Gateway's request path: an HTTP server that turns each request into
 * the event API Gateway would send, invokes a real Lambda handler in-process with a Lambda
 * {@code Context}, and writes the handler's proxy response back. As in API Gateway, a handler
 * that throws or answers something that is not a proxy response gives the client a 502. With a
 * {@link LocalAuthorizer}, every request goes through it first, and the router's event carries
 * its context in {@code requestContext.authorizer}.
 */
public final class LocalApiGateway implements AutoCloseable {

    public static final String FUNCTION_NAME = "lambassador-router";
    public static final Duration FUNCTION_TIMEOUT = Duration.ofSeconds(29);

    /** Headers the server computes itself; a handler's values for them are dropped. */
    private static final Set<String> SERVER_HEADERS = caseInsensitive("Content-Length", "Transfer-Encoding", "Connection", "Date");

    private final HttpServer server;
    private final ExecutorService executor;
    private final RequestStreamHandler function;
    private final LocalAuthorizer authorizer;
    private final PayloadVersion version;
    private final RequestLog accessLog;

    /** Told of every request the local gateway answered, once the answer is sent. */
    @FunctionalInterface
    public interface RequestLog {

        /**
         * @param path      the raw path the client asked for
         * @param micros    from taking the request to sending the answer
         * @param requestId the API Gateway request id the functions saw
         */
        void served(String method, String path, int status, long micros, String requestId);
    }

    private LocalApiGateway(HttpServer server, RequestStreamHandler function, LocalAuthorizer authorizer, PayloadVersion version,
                            RequestLog accessLog) {
        this.server = server;
        this.function = function;
        this.authorizer = authorizer;
        this.version = version;
        this.accessLog = accessLog;
        this.executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        server.createContext("/", this::serve);
    }

    /**
     * Starts serving on the address.
     *
     * @param authorizer what runs before the function, or null for an API without an authorizer
     * @param accessLog  told of each request once it is answered, or null
     * @throws IOException when the address cannot be bound, e.g. the port is in use
     */
    public static LocalApiGateway start(InetSocketAddress address, RequestStreamHandler function, LocalAuthorizer authorizer,
                                        PayloadVersion version, RequestLog accessLog) throws IOException {
        LocalApiGateway gateway = new LocalApiGateway(HttpServer.create(address, 64), function, authorizer, version, accessLog);
        gateway.server.start();
        return gateway;
    }

    public URI uri() {
        return URI.create("http://localhost:" + server.getAddress().getPort());
    }

    public PayloadVersion version() {
        return version;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void serve(HttpExchange exchange) throws IOException {
        long started = System.nanoTime();
        String requestId = UUID.randomUUID().toString();
        int status;
        try (exchange) {
            LocalEvents.HttpCall call = new LocalEvents.HttpCall(
                    exchange.getRequestMethod(),
                    exchange.getRequestURI().getRawPath(),
                    exchange.getRequestURI().getRawQuery() == null ? "" : exchange.getRequestURI().getRawQuery(),
                    exchange.getRequestHeaders(),
                    exchange.getRequestBody().readAllBytes(),
                    exchange.getRemoteAddress().getAddress().getHostAddress(),
                    server.getAddress().getPort(),
                    requestId,
                    Instant.now());
            ProxyResponse response = invoke(call);
            status = response.status();
            response.headers().forEach((name, values) -> {
                if (!SERVER_HEADERS.contains(name)) {
                    exchange.getResponseHeaders().put(name, values);
                }
            });
            boolean noBody = response.body().length == 0 || call.method().equals("HEAD") || status == 204 || status == 304;
            exchange.sendResponseHeaders(status, noBody ? -1 : response.body().length);
            if (!noBody) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(response.body());
                }
            }
        }
        if (accessLog != null) {
            accessLog.served(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(), status,
                    (System.nanoTime() - started) / 1_000, requestId);
        }
    }

    private ProxyResponse invoke(LocalEvents.HttpCall call) {
        Map<String, Object> event = version == PayloadVersion.V1 ? LocalEvents.restApi(call) : LocalEvents.httpApi(call);
        if (authorizer != null) {
            LocalAuthorizer.Decision decision = authorizer.authorize(call, version);
            if (!decision.allowed()) {
                return decision.denial();
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> requestContext = (Map<String, Object>) event.get("requestContext");
            requestContext.put("authorizer", decision.context());
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try {
            byte[] input = JSON.std.asBytes(event);
            function.handleRequest(new ByteArrayInputStream(input), output,
                    new LocalContext(call.requestId(), FUNCTION_NAME, 1024, FUNCTION_TIMEOUT));
        } catch (Exception | Error e) {
            System.err.println("function " + FUNCTION_NAME + " failed on request " + call.requestId() + ": " + e);
            return ProxyResponse.internalServerError();
        }
        try {
            return ProxyResponse.parse(output.toByteArray(), version);
        } catch (IOException | RuntimeException e) {
            System.err.println("function " + FUNCTION_NAME + " answered request " + call.requestId()
                    + " with a malformed proxy response: " + e.getMessage());
            return ProxyResponse.internalServerError();
        }
    }

    /** A Lambda proxy response, read the way API Gateway reads it. */
    record ProxyResponse(int status, Map<String, List<String>> headers, byte[] body) {

        static ProxyResponse internalServerError() {
            return new ProxyResponse(502, Map.of("Content-Type", List.of("application/json")),
                    "{\"message\":\"Internal server error\"}".getBytes(StandardCharsets.UTF_8));
        }

        static ProxyResponse parse(byte[] output, PayloadVersion version) throws IOException {
            Object parsed = JSON.std.anyFrom(output);
            if (!(parsed instanceof Map<?, ?> map) || !map.containsKey("statusCode")) {
                if (version == PayloadVersion.V2 && parsed != null) {
                    // HTTP APIs take any other JSON value as a 200 with that JSON as the body.
                    return new ProxyResponse(200, Map.of("Content-Type", List.of("application/json")), output);
                }
                throw new IOException("no statusCode");
            }
            if (!(map.get("statusCode") instanceof Number number) || number.intValue() < 100 || number.intValue() > 599) {
                throw new IOException("statusCode must be a number from 100 to 599, was " + map.get("statusCode"));
            }
            Map<String, List<String>> headers = new LinkedHashMap<>();
            if (map.get("headers") instanceof Map<?, ?> single) {
                single.forEach((name, value) -> {
                    if (value != null) {
                        headers.put(String.valueOf(name), new ArrayList<>(List.of(String.valueOf(value))));
                    }
                });
            }
            if (map.get("multiValueHeaders") instanceof Map<?, ?> multi) {
                multi.forEach((name, values) -> {
                    if (values instanceof List<?> list) {
                        headers.put(String.valueOf(name), list.stream().map(String::valueOf).toList());
                    }
                });
            }
            if (map.get("cookies") instanceof List<?> cookies && !cookies.isEmpty()) {
                headers.put("Set-Cookie", cookies.stream().map(String::valueOf).toList());
            }
            Object body = map.get("body");
            byte[] bytes = body == null ? new byte[0]
                    : Boolean.TRUE.equals(map.get("isBase64Encoded")) ? Base64.getDecoder().decode(String.valueOf(body))
                    : String.valueOf(body).getBytes(StandardCharsets.UTF_8);
            return new ProxyResponse(number.intValue(), headers, bytes);
        }
    }

    private static Set<String> caseInsensitive(String... names) {
        Set<String> set = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        set.addAll(List.of(names));
        return set;
    }
}
