package dev.lambassador.core.backend;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A real HTTP server on loopback that answers the statuses it is told, in order (the last one from
 * then on), after an optional delay, and keeps what each request carried.
 */
final class ScriptedBackend implements AutoCloseable {

    /** What one request carried. */
    record Seen(String method, String path, String body) {
    }

    private final HttpServer server;
    private final Deque<Integer> statuses = new ArrayDeque<>();
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private volatile int lastStatus = 200;
    private volatile long delayMillis;

    private ScriptedBackend(HttpServer server) {
        this.server = server;
    }

    static ScriptedBackend start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            ScriptedBackend backend = new ScriptedBackend(server);
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.createContext("/", exchange -> {
                byte[] body = exchange.getRequestBody().readAllBytes();
                backend.seen.add(new Seen(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                        new String(body, StandardCharsets.UTF_8)));
                int status = backend.next();
                try {
                    Thread.sleep(backend.delayMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                byte[] answer = ("answer " + status).getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(status, answer.length);
                exchange.getResponseBody().write(answer);
                exchange.close();
            });
            server.start();
            return backend;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Answers these statuses to the next requests, then the last of them to every later one. */
    ScriptedBackend answer(int... script) {
        synchronized (statuses) {
            statuses.clear();
            for (int status : script) {
                statuses.add(status);
            }
        }
        return this;
    }

    ScriptedBackend delay(long millis) {
        this.delayMillis = millis;
        return this;
    }

    private int next() {
        synchronized (statuses) {
            if (!statuses.isEmpty()) {
                lastStatus = statuses.poll();
            }
            return lastStatus;
        }
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    List<Seen> seen() {
        return List.copyOf(seen);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
