package dev.lambassador.local;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.lambassador.core.GatewayResponse;
import dev.lambassador.core.apigw.EventJson;
import dev.lambassador.core.apigw.PayloadVersion;
import dev.lambassador.core.apigw.ProxyResponses;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * A local stand-in for API Gateway's request path: an HTTP server that turns each request into
 * the event API Gateway would send, invokes a real Lambda handler in-process with a Lambda
 * {@code Context}, and writes the handler's proxy response back. As in API Gateway, a handler
 * that throws or answers something that is not a proxy response gives the client a 502. With a
 * {@link LocalAuthorizer}, every request goes through it first, and the router's event carries
 * its context in {@code requestContext.authorizer}.
 *
 * <p>It holds requests to API Gateway's documented quotas, which REST and HTTP APIs share: the
 * request line and headers at most {@value #MAX_REQUEST_HEAD_BYTES} bytes (431, or 414 for the
 * request line alone), the body at most {@value #MAX_BODY_BYTES} bytes (413). The body is read up
 * to that bound and no further, so a client cannot make the process hold more. An event Lambda
 * would refuse (over {@value #MAX_EVENT_BYTES} bytes, as a large body becomes once base64-encoded)
 * is a 413 too, rather than something that works locally and fails on AWS. Its own errors, those
 * of malformed HTTP included, are JSON {@code {"message": ...}}, as API Gateway's are. Every answer
 * names its request id in a header ({@link #requestIdHeader}), the one the functions saw in
 * {@code requestContext.requestId}, so that a refusal without a body that says so can still be traced.
 */
public final class LocalApiGateway implements AutoCloseable {

    public static final String FUNCTION_NAME = "lambassador-router";
    public static final Duration FUNCTION_TIMEOUT = Duration.ofSeconds(29);
    /** API Gateway's quota on the payload, REST and HTTP APIs alike: 10 MB. */
    public static final int MAX_BODY_BYTES = 10 * 1024 * 1024;
    /** API Gateway's quota on the request line and headers together (for REST APIs, on the headers): 10,240 bytes. */
    public static final int MAX_REQUEST_HEAD_BYTES = 10_240;
    /** Lambda's quota on a synchronous invocation's event, 6 MB: it refuses anything larger. */
    public static final int MAX_EVENT_BYTES = 6 * 1024 * 1024;

    /**
     * The header API Gateway names each request's id in, on every answer, its own refusals included: REST APIs
     * ({@code x-amzn-RequestId}) and HTTP APIs ({@code apigw-requestid}) spell it differently.
     */
    public static String requestIdHeader(PayloadVersion version) {
        return version == PayloadVersion.V1 ? "x-amzn-RequestId" : "apigw-requestid";
    }

    /** Headers the server computes itself; a handler's values for them are dropped. */
    private static final Set<String> SERVER_HEADERS = caseInsensitive("Content-Length", "Transfer-Encoding", "Connection", "Date");
    /** Longer than the function's timeout, so that a slow function is answered by its own timeout, not the connection's. */
    private static final Duration IDLE_TIMEOUT = FUNCTION_TIMEOUT.plusSeconds(30);

    private final Server server;
    private final ServerConnector connector;
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

        /** A request the server answered itself before any function saw it: malformed, or over a quota. */
        default void refused(String method, String path, int status, String reason) {
            served(method, path, status, 0, "-");
        }
    }

    private LocalApiGateway(InetSocketAddress address, RequestStreamHandler function, LocalAuthorizer authorizer, PayloadVersion version,
                            RequestLog accessLog) {
        this.function = function;
        this.authorizer = authorizer;
        this.version = version;
        this.accessLog = accessLog;
        QueuedThreadPool threads = new QueuedThreadPool();
        threads.setName("local-api-gateway");
        // Each request blocks on the function, which blocks on its backend: a virtual thread each.
        threads.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
        this.server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setRequestHeaderSize(MAX_REQUEST_HEAD_BYTES);
        // Paths reach the router as sent: it refuses ambiguous ones itself, with its own JSON 400.
        http.setUriCompliance(UriCompliance.UNSAFE);
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        this.connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(address.getHostString());
        connector.setPort(address.getPort());
        connector.setIdleTimeout(IDLE_TIMEOUT.toMillis());
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                serve(request, response, callback);
                return true;
            }
        });
        server.setErrorHandler(this::serveError);
    }

    /**
     * Starts serving on the address.
     *
     * @param authorizer what runs before the function, or null for an API without an authorizer
     * @param accessLog  told of each request once it is answered, or null
     * @throws IOException when the address cannot be bound ({@link BindException} when the port is in use)
     */
    public static LocalApiGateway start(InetSocketAddress address, RequestStreamHandler function, LocalAuthorizer authorizer,
                                        PayloadVersion version, RequestLog accessLog) throws IOException {
        LocalApiGateway gateway = new LocalApiGateway(address, function, authorizer, version, accessLog);
        try {
            gateway.server.start();
        } catch (Exception e) {
            gateway.close();
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof BindException bind) {
                    throw bind;
                }
            }
            throw e instanceof IOException io ? io : new IOException("cannot start the local gateway on " + address + ": " + e, e);
        }
        return gateway;
    }

    public URI uri() {
        return URI.create("http://localhost:" + connector.getLocalPort());
    }

    public PayloadVersion version() {
        return version;
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            System.err.println("stopping the local gateway failed: " + e);
        }
    }

    private void serve(Request request, Response response, Callback callback) {
        long started = System.nanoTime();
        String requestId = requestId();
        String method = request.getMethod();
        String rawPath = request.getHttpURI().getPath();
        ProxyResponse answer;
        try {
            byte[] body = body(request);
            answer = body == null ? tooLarge() : invoke(new LocalEvents.HttpCall(
                    method,
                    rawPath,
                    request.getHttpURI().getQuery() == null ? "" : request.getHttpURI().getQuery(),
                    headers(request),
                    body,
                    remoteAddress(request.getConnectionMetaData().getRemoteSocketAddress()),
                    connector.getLocalPort(),
                    requestId,
                    Instant.now()));
        } catch (IOException | RuntimeException e) {
            // Reading the body failed: the client went away or broke the framing.
            answer = ProxyResponse.error(400, "the request could not be read: " + e.getMessage());
        }
        write(request, response, callback, answer, requestId);
        if (accessLog != null) {
            accessLog.served(method, rawPath, answer.status(), (System.nanoTime() - started) / 1_000, requestId);
        }
    }

    /**
     * A random (version 4) UUID, as API Gateway's request ids are. Not {@link UUID#randomUUID()}: its
     * SecureRandom reads the system's entropy source under a lock on every request, and a request id
     * is no secret.
     */
    static String requestId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = random.nextLong() & ~0xF000L | 0x4000L;
        long low = random.nextLong() & ~(0b11L << 62) | 1L << 63;
        return new UUID(high, low).toString();
    }

    /**
     * The body, or null when it is larger than API Gateway takes: a declared length over the quota is
     * refused before a byte is read, and an undeclared one (chunked) is read no further than the
     * quota. (Not {@code readNBytes}: it asks for zero bytes at each buffer's end, which this stream
     * answers only once more content or the end arrives.)
     */
    private static byte[] body(Request request) throws IOException {
        long declared = request.getLength();
        if (declared > MAX_BODY_BYTES) {
            return null;
        }
        InputStream in = Content.Source.asInputStream(request);
        // Most requests (every GET) have no body: find that out before allocating buffers for one.
        int first = declared == 0 ? -1 : in.read();
        if (first < 0) {
            return new byte[0];
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream(declared > 0 ? (int) declared : 8192);
        body.write(first);
        byte[] buffer = new byte[declared > 0 ? (int) Math.min(declared, 64 * 1024) : 64 * 1024];
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            if (body.size() + n > MAX_BODY_BYTES) {
                return null;
            }
            body.write(buffer, 0, n);
        }
        return body.toByteArray();
    }

    private static ProxyResponse tooLarge() {
        return ProxyResponse.error(413, "the request body is larger than API Gateway's payload quota of " + MAX_BODY_BYTES + " bytes");
    }

    private static Map<String, List<String>> headers(Request request) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (HttpField field : request.getHeaders()) {
            headers.computeIfAbsent(field.getName(), name -> new ArrayList<>()).add(field.getValue());
        }
        return headers;
    }

    /** The address without brackets or port, as API Gateway reports {@code sourceIp}. */
    private static String remoteAddress(SocketAddress address) {
        return address instanceof InetSocketAddress inet && inet.getAddress() != null
                ? inet.getAddress().getHostAddress()
                : String.valueOf(address);
    }

    private void write(Request request, Response response, Callback callback, ProxyResponse answer, String requestId) {
        response.setStatus(answer.status());
        answer.headers().forEach((name, values) -> {
            if (!SERVER_HEADERS.contains(name)) {
                values.forEach(value -> response.getHeaders().add(name, value));
            }
        });
        response.getHeaders().put(requestIdHeader(version), requestId);
        int status = answer.status();
        boolean noBody = answer.body().length == 0 || request.getMethod().equals("HEAD") || status == 204 || status == 304;
        if (noBody) {
            if (status != 204 && status != 304 && !request.getMethod().equals("HEAD")) {
                response.getHeaders().put(HttpHeader.CONTENT_LENGTH, 0L);
            }
            callback.succeeded();
            return;
        }
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, answer.body().length);
        response.write(true, ByteBuffer.wrap(answer.body()), callback);
    }

    /**
     * Answers what the server refuses before a request reaches {@link #serve}: malformed HTTP, a
     * request line or headers over the quota. JSON, as every error the gateway answers itself.
     */
    private boolean serveError(Request request, Response response, Callback callback) {
        int status = response.getStatus();
        String message = switch (status) {
            case 431 -> "the request line and headers are larger than API Gateway's quota of " + MAX_REQUEST_HEAD_BYTES + " bytes";
            case 414 -> "the request line is larger than API Gateway's quota of " + MAX_REQUEST_HEAD_BYTES + " bytes";
            case 413 -> "the request body is larger than API Gateway's payload quota of " + MAX_BODY_BYTES + " bytes";
            default -> request.getAttribute(ErrorHandler.ERROR_MESSAGE) instanceof String reason && !reason.isBlank()
                    ? "bad request: " + reason
                    : "bad request";
        };
        ProxyResponse error = ProxyResponse.error(status, message);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(requestIdHeader(version), UUID.randomUUID().toString());
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, error.body().length);
        response.write(true, ByteBuffer.wrap(error.body()), callback);
        if (accessLog != null) {
            accessLog.refused(request.getMethod(), request.getHttpURI() == null ? "-" : request.getHttpURI().getPath(), status, message);
        }
        return true;
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
            byte[] input = EventJson.write(event);
            if (input.length > MAX_EVENT_BYTES) {
                return ProxyResponse.error(413, "the function's event would be " + input.length + " bytes, more than Lambda's quota of "
                        + MAX_EVENT_BYTES + " bytes for an invocation (a body grows by a third once base64-encoded)");
            }
            function.handleRequest(new ByteArrayInputStream(input), output,
                    new LocalContext(call.requestId(), FUNCTION_NAME, 1024, FUNCTION_TIMEOUT));
        } catch (Exception | Error e) {
            System.err.println("function " + FUNCTION_NAME + " failed on request " + call.requestId() + ": " + e);
            return ProxyResponse.internalServerError();
        }
        try {
            return ProxyResponse.parse(output.toByteArray(), version);
        } catch (ProxyResponses.MalformedResponseException e) {
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

        /** An error the local gateway answers itself, as JSON. */
        static ProxyResponse error(int status, String message) {
            return new ProxyResponse(status, Map.of("Content-Type", List.of("application/json")), EventJson.write(Map.of("message", message)));
        }

        /** The function's output, read as API Gateway reads it ({@link ProxyResponses}). */
        static ProxyResponse parse(byte[] output, PayloadVersion version) throws ProxyResponses.MalformedResponseException {
            GatewayResponse response = ProxyResponses.read(output, version);
            return new ProxyResponse(response.status(), response.headers().asMap(), response.body());
        }
    }

    private static Set<String> caseInsensitive(String... names) {
        Set<String> set = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        set.addAll(List.of(names));
        return set;
    }
}
