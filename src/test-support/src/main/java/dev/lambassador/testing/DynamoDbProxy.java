package dev.lambassador.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.LongAdder;

/**
 * A loopback HTTP proxy in front of a DynamoDB endpoint that counts the calls it passes on, by
 * operation ({@code X-Amz-Target}), and can be cut off: while {@link #down(boolean) down} it closes
 * every connection unanswered, as an unreachable table would. For tests and benchmarks of what a
 * client calls and of what it does when DynamoDB is gone.
 */
public final class DynamoDbProxy implements AutoCloseable {

    private static final Set<String> NOT_FORWARDED = Set.of("host", "content-length", "connection", "expect", "upgrade");

    private final HttpServer server;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final URI upstream;
    private final Map<String, LongAdder> calls = new ConcurrentHashMap<>();
    private volatile boolean down;
    private volatile long lastCallNanos = -1;

    private DynamoDbProxy(HttpServer server, URI upstream) {
        this.server = server;
        this.upstream = upstream;
    }

    /** A proxy to this endpoint, on a free loopback port. */
    public static DynamoDbProxy start(URI upstream) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            DynamoDbProxy proxy = new DynamoDbProxy(server, upstream);
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.createContext("/", proxy::forward);
            server.start();
            return proxy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Calls passed on of this operation ({@code GetItem}, {@code Query}, ...) so far. */
    public long calls(String operation) {
        LongAdder count = calls.get(operation);
        return count == null ? 0 : count.sum();
    }

    /** The calls passed on so far, by operation, in name order. */
    public Map<String, Long> counts() {
        Map<String, Long> counts = new java.util.TreeMap<>();
        calls.forEach((operation, count) -> counts.put(operation, count.sum()));
        return counts;
    }

    /** How long the last call passed on took DynamoDB to answer, in nanoseconds; -1 before the first. */
    public long lastCallNanos() {
        return lastCallNanos;
    }

    /** While down, every request's connection is closed without an answer. */
    public void down(boolean down) {
        this.down = down;
    }

    private void forward(com.sun.net.httpserver.HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            if (down) {
                return;
            }
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            String operation = target == null ? "" : target.substring(target.indexOf('.') + 1);
            calls.computeIfAbsent(operation, name -> new LongAdder()).increment();
            HttpRequest.Builder request = HttpRequest.newBuilder(upstream.resolve(exchange.getRequestURI()))
                    .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
            exchange.getRequestHeaders().forEach((name, values) -> {
                if (!NOT_FORWARDED.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                    values.forEach(value -> request.header(name, value));
                }
            });
            long started = System.nanoTime();
            HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            lastCallNanos = System.nanoTime() - started;
            response.headers().map().forEach((name, values) -> {
                if (!NOT_FORWARDED.contains(name.toLowerCase(java.util.Locale.ROOT)) && !name.equalsIgnoreCase("transfer-encoding")
                        && !name.startsWith(":")) {
                    exchange.getResponseHeaders().put(name, List.copyOf(values));
                }
            });
            exchange.sendResponseHeaders(response.statusCode(), response.body().length == 0 ? -1 : response.body().length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(response.body());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        client.close();
    }
}
