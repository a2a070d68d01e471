package dev.lambassador.bench.coldstart;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Lambda Runtime API, as much of it as one function instance uses: it hands out a fixed list of
 * invocations on {@code GET /runtime/invocation/next}, takes answers on {@code .../response} and
 * {@code .../error}, and init failures on {@code /runtime/init/error}. It notes when each call
 * arrives, on this JVM's {@link System#nanoTime()}, so a harness can time a function from process
 * start to its first {@code next} (init) and from handing out an event to its answer.
 *
 * <p>Once the list is used up, {@code next} is left unanswered, as Lambda leaves a function frozen
 * until the next event: the harness then stops the process.
 *
 * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html">Lambda Runtime API</a>
 */
public final class RuntimeApiServer implements AutoCloseable {

    public static final String FUNCTION_ARN = "arn:aws:lambda:us-east-1:123456789012:function:";

    private static final String PREFIX = "/2018-06-01/runtime/";
    private static final Pattern ANSWER = Pattern.compile(PREFIX + "invocation/([^/]+)/(response|error)");
    private static final Duration FUNCTION_TIMEOUT = Duration.ofSeconds(30);

    /** An event to hand out, with the request id the function must answer under. */
    public record Invocation(String requestId, byte[] event) {
    }

    /** How one invocation went, on this JVM's nanoTime. */
    public record Answer(String requestId, boolean error, byte[] body, long handedOutNanos, long answeredNanos) {

        public Duration duration() {
            return Duration.ofNanos(answeredNanos - handedOutNanos);
        }

        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "runtime-api");
        thread.setDaemon(true);
        return thread;
    });
    private final String functionName;
    private final Runnable onFirstNext;
    private final Deque<Invocation> pending;
    private final List<Answer> answers = new ArrayList<>();
    private final List<Long> handedOut = new ArrayList<>();
    private final CountDownLatch done;
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile long firstNextNanos;
    private volatile String initError;

    private RuntimeApiServer(HttpServer server, String functionName, List<Invocation> invocations, Runnable onFirstNext) {
        this.server = server;
        this.functionName = functionName;
        this.onFirstNext = onFirstNext;
        this.pending = new ConcurrentLinkedDeque<>(invocations);
        this.done = new CountDownLatch(invocations.size());
        server.setExecutor(executor);
        server.createContext(PREFIX, this::serve);
        server.start();
    }

    /** Starts on a free loopback port; the function is told {@link #address()} in AWS_LAMBDA_RUNTIME_API. */
    public static RuntimeApiServer start(String functionName, List<Invocation> invocations) throws IOException {
        return start(functionName, invocations, () -> { });
    }

    /**
     * @param onFirstNext runs when the first {@code next} arrives, before it is answered: the function
     *                    has finished its init and waits, so it can be looked at as init left it
     */
    public static RuntimeApiServer start(String functionName, List<Invocation> invocations, Runnable onFirstNext)
            throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        return new RuntimeApiServer(server, functionName, List.copyOf(invocations), onFirstNext);
    }

    /** {@code host:port}, the form AWS_LAMBDA_RUNTIME_API takes. */
    public String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /**
     * Waits until every invocation is answered, or init failed.
     *
     * @return whether that happened within the timeout
     */
    public boolean await(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (initError != null || done.await(20, TimeUnit.MILLISECONDS)) {
                return true;
            }
        }
        return false;
    }

    /** When the first {@code next} call arrived, or 0 if none did. */
    public long firstNextNanos() {
        return firstNextNanos;
    }

    public Optional<String> initError() {
        return Optional.ofNullable(initError);
    }

    public synchronized List<Answer> answers() {
        return List.copyOf(answers);
    }

    @Override
    public void close() {
        closed.countDown();
        server.stop(0);
        executor.shutdownNow();
    }

    private void serve(HttpExchange exchange) throws IOException {
        long arrived = System.nanoTime();
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if (method.equals("GET") && path.equals(PREFIX + "invocation/next")) {
                next(exchange, arrived);
                return;
            }
            byte[] body = exchange.getRequestBody().readAllBytes();
            Matcher answer = ANSWER.matcher(path);
            if (method.equals("POST") && answer.matches()) {
                answered(answer.group(1), answer.group(2).equals("error"), body, arrived);
                reply(exchange, 202, "{\"status\":\"OK\"}");
            } else if (method.equals("POST") && path.equals(PREFIX + "init/error")) {
                initError = exchange.getRequestHeaders().getFirst("Lambda-Runtime-Function-Error-Type") + ": "
                        + new String(body, StandardCharsets.UTF_8);
                reply(exchange, 202, "{\"status\":\"OK\"}");
            } else {
                reply(exchange, 404, "{\"errorMessage\":\"not part of this Runtime API: " + method + " " + path + "\"}");
            }
        }
    }

    private void next(HttpExchange exchange, long arrived) throws IOException {
        if (firstNextNanos == 0) {
            firstNextNanos = arrived;
            onFirstNext.run();
        }
        Invocation invocation = pending.poll();
        if (invocation == null) {
            // Frozen until the harness stops the process; answering would start a busy loop.
            try {
                closed.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return;
        }
        var headers = exchange.getResponseHeaders();
        headers.add("Content-Type", "application/json");
        headers.add("Lambda-Runtime-Aws-Request-Id", invocation.requestId());
        headers.add("Lambda-Runtime-Deadline-Ms", Long.toString(System.currentTimeMillis() + FUNCTION_TIMEOUT.toMillis()));
        headers.add("Lambda-Runtime-Invoked-Function-Arn", FUNCTION_ARN + functionName);
        headers.add("Lambda-Runtime-Trace-Id", "Root=1-5e66d96f-7491f09xmpl79d18acf3d050;Parent=53995c3f42cd8ad8;Sampled=0");
        synchronized (this) {
            handedOut.add(System.nanoTime());
        }
        exchange.sendResponseHeaders(200, invocation.event().length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(invocation.event());
        }
    }

    private void answered(String requestId, boolean error, byte[] body, long arrived) {
        synchronized (this) {
            // Invocations are answered in order: a function instance takes one event at a time.
            long handed = answers.size() < handedOut.size() ? handedOut.get(answers.size()) : arrived;
            answers.add(new Answer(requestId, error, body, handed, arrived));
        }
        done.countDown();
    }

    private static void reply(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
