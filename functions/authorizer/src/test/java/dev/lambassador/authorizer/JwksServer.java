package dev.lambassador.authorizer;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Issuers' JWKS endpoints on a loopback port, at {@code /NAME/.well-known/jwks.json}: what they
 * serve, whether they answer at all, and how often they were asked is up to the test.
 */
final class JwksServer implements AutoCloseable {

    enum Mode { SERVE, FAIL, HANG }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Map<String, String> sets = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile Mode mode = Mode.SERVE;

    private JwksServer(HttpServer server) {
        this.server = server;
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    static JwksServer start() {
        try {
            return new JwksServer(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An issuer served here; its keys are at the default JWKS path below it. */
    String issuer(String name) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + name;
    }

    URI jwksUrl(String name) {
        return URI.create(issuer(name) + "/.well-known/jwks.json");
    }

    /** Serves the public halves of these keys for the issuer (private parts are never served). */
    void publish(String name, JWK... keys) {
        sets.put(name, new JWKSet(List.of(keys)).toPublicJWKSet().toString());
    }

    /** Serves this JSON as is, for key sets no honest issuer would publish. */
    void publishRaw(String name, String json) {
        sets.put(name, json);
    }

    void mode(Mode mode) {
        this.mode = mode;
    }

    /** How many times the issuer's JWKS was asked for. */
    int hits(String name) {
        return hits.computeIfAbsent(name, n -> new AtomicInteger()).get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String suffix = "/.well-known/jwks.json";
            String name = path.endsWith(suffix) ? path.substring(1, path.length() - suffix.length()) : "";
            hits.computeIfAbsent(name, n -> new AtomicInteger()).incrementAndGet();
            switch (mode) {
                case HANG -> {
                    try {
                        closed.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    exchange.sendResponseHeaders(503, -1);
                }
                case FAIL -> exchange.sendResponseHeaders(503, -1);
                case SERVE -> {
                    String json = sets.get(name);
                    if (json == null) {
                        exchange.sendResponseHeaders(404, -1);
                        return;
                    }
                    byte[] body = json.getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().set("Content-Type", "application/json");
                    exchange.sendResponseHeaders(200, body.length);
                    exchange.getResponseBody().write(body);
                }
            }
        }
    }

    @Override
    public void close() {
        closed.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
