package dev.lambassador.local;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.jr.ob.JSON;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lambda functions on loopback: Java handlers shaped as {@link RequestStreamHandler}, run in-process
 * behind Lambda's Invoke API ({@code POST /2015-03-31/functions/{name}/invocations}), so that an AWS
 * SDK client pointed at {@link #uri()} invokes them as it would invoke deployed functions. Answers
 * as Lambda does: the handler's output with status 200; a handler that throws or runs past its
 * timeout with status 200 and {@code X-Amz-Function-Error: Unhandled} and the error as JSON; an
 * unknown function with 404 {@code ResourceNotFoundException}; an event over Lambda's 6 MB quota
 * with 413 {@code RequestTooLargeException}. Request signatures are not checked.
 */
public final class LocalFunctionRuntime implements AutoCloseable {

    /** Lambda's quota on a synchronous invocation's event. */
    public static final int MAX_EVENT_BYTES = 6 * 1024 * 1024;

    private static final Pattern INVOKE = Pattern.compile("/2015-03-31/functions/([^/]+)/invocations");
    /** A function name, partial ARN or ARN, possibly qualified: the name is what comes after "function:", or the whole. */
    private static final Pattern NAME = Pattern.compile("(?:.*:)?function:([^:]+)(?::([^:]+))?|([^:]+)(?::([^:]+))?");

    /** A function the runtime serves. */
    public record Function(String name, RequestStreamHandler handler, Duration timeout, int memoryMb) {
    }

    /** One invocation as the runtime received it. */
    public record Invocation(String function, String qualifier, byte[] event) {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, Function> functions = new ConcurrentHashMap<>();
    private final List<Invocation> invocations = new CopyOnWriteArrayList<>();

    private LocalFunctionRuntime(HttpServer server) {
        this.server = server;
        server.setExecutor(executor);
        server.createContext("/", this::serve);
        server.start();
    }

    /** Starts on a free loopback port. */
    public static LocalFunctionRuntime start() throws IOException {
        return new LocalFunctionRuntime(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64));
    }

    /** Serves a handler under a name, with Lambda's default timeout (3 s) and memory (128 MB). */
    public LocalFunctionRuntime deploy(String name, RequestStreamHandler handler) {
        return deploy(new Function(name, handler, Duration.ofSeconds(3), 128));
    }

    public LocalFunctionRuntime deploy(Function function) {
        functions.put(function.name(), function);
        return this;
    }

    /** The endpoint to give an SDK client ({@code endpointOverride}, or {@code AWS_ENDPOINT_URL_LAMBDA}). */
    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Every invocation of a known function, in arrival order. */
    public List<Invocation> invocations() {
        return List.copyOf(invocations);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] event = exchange.getRequestBody().readAllBytes();
            Matcher invoke = INVOKE.matcher(exchange.getRequestURI().getRawPath());
            if (!exchange.getRequestMethod().equals("POST") || !invoke.matches()) {
                error(exchange, 404, "UnknownOperationException", "the local function runtime answers Invoke only");
                return;
            }
            Matcher name = NAME.matcher(URLDecoder.decode(invoke.group(1), StandardCharsets.UTF_8));
            name.matches();
            String functionName = name.group(1) != null ? name.group(1) : name.group(3);
            String qualifier = query(exchange.getRequestURI().getRawQuery(), "Qualifier");
            if (qualifier.isEmpty()) {
                qualifier = name.group(2) != null ? name.group(2) : name.group(4) != null ? name.group(4) : "";
            }
            Function function = functions.get(functionName);
            if (function == null) {
                error(exchange, 404, "ResourceNotFoundException", "Function not found: " + functionName);
                return;
            }
            String type = exchange.getRequestHeaders().getFirst("X-Amz-Invocation-Type");
            if (type != null && !type.equals("RequestResponse")) {
                error(exchange, 400, "InvalidParameterValueException", "the local function runtime runs RequestResponse invocations only");
                return;
            }
            if (event.length > MAX_EVENT_BYTES) {
                error(exchange, 413, "RequestTooLargeException", "Request must be smaller than " + MAX_EVENT_BYTES + " bytes for the InvokeFunction operation");
                return;
            }
            invocations.add(new Invocation(functionName, qualifier, event));
            run(exchange, function, event);
        }
    }

    private void run(HttpExchange exchange, Function function, byte[] event) throws IOException {
        String requestId = UUID.randomUUID().toString();
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        Future<?> running = executor.submit(() -> {
            function.handler().handleRequest(new ByteArrayInputStream(event), output,
                    new LocalContext(requestId, function.name(), function.memoryMb(), function.timeout()));
            return null;
        });
        byte[] answer;
        String functionError = null;
        try {
            running.get(function.timeout().toMillis(), TimeUnit.MILLISECONDS);
            answer = output.toByteArray();
        } catch (TimeoutException e) {
            running.cancel(true);
            functionError = "Unhandled";
            answer = json(Map.of("errorMessage", "Task timed out after " + String.format("%.2f", function.timeout().toMillis() / 1000.0)
                    + " seconds", "errorType", "Sandbox.Timedout"));
        } catch (ExecutionException e) {
            Throwable failure = e.getCause();
            functionError = "Unhandled";
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("errorMessage", String.valueOf(failure.getMessage()));
            error.put("errorType", failure.getClass().getName());
            error.put("stackTrace", Arrays.stream(failure.getStackTrace()).limit(20).map(StackTraceElement::toString).toList());
            answer = json(error);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set("X-Amz-Executed-Version", "$LATEST");
        exchange.getResponseHeaders().set("X-Amzn-RequestId", requestId);
        if (functionError != null) {
            exchange.getResponseHeaders().set("X-Amz-Function-Error", functionError);
        }
        send(exchange, 200, answer);
    }

    /** Lambda's error answers: the error code in {@code X-Amzn-ErrorType}, which the SDK maps to its exception. */
    private static void error(HttpExchange exchange, int status, String code, String message) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set("X-Amzn-ErrorType", code);
        send(exchange, status, json(Map.of("Type", "User", "message", message)));
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static String query(String rawQuery, String name) {
        if (rawQuery == null) {
            return "";
        }
        for (String pair : rawQuery.split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0 && pair.substring(0, equals).equals(name)) {
                return URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            }
        }
        return "";
    }

    private static byte[] json(Map<String, ?> value) {
        try {
            return JSON.std.asBytes(value);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }
}
