package dev.lambassador.local;

import com.fasterxml.jackson.jr.ob.JSON;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.lambassador.core.apigw.EventJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The demo backend: answers every request with the request it received, as JSON (method, path,
 * query, headers, body), so a newcomer sees exactly what the gateway forwarded. Two paths misbehave
 * on purpose: {@code /delay/{ms}} answers late (at most 10 s) and {@code /status/{code}} answers
 * with that status.
 */
public final class EchoBackend implements AutoCloseable {

    private static final long MAX_DELAY_MS = 10_000;
    /** Indented for people to read; the request path's buffer pool, as each request runs on a new virtual thread. */
    private static final JSON PRETTY = EventJson.json().with(JSON.Feature.PRETTY_PRINT_OUTPUT);

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    private EchoBackend(HttpServer server) {
        this.server = server;
        server.setExecutor(executor);
        server.createContext("/", this::echo);
        server.start();
    }

    /** Starts on a free loopback port. */
    public static EchoBackend start() throws IOException {
        return start(0);
    }

    /** Starts on this loopback port (0: a free one), so that routes written into a table can name it. */
    public static EchoBackend start(int port) throws IOException {
        return new EchoBackend(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64));
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void echo(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String path = exchange.getRequestURI().getRawPath();
            int status = 200;
            if (path.startsWith("/delay/")) {
                sleep(parse(path.substring("/delay/".length()), 0, MAX_DELAY_MS));
            } else if (path.startsWith("/status/")) {
                status = (int) parse(path.substring("/status/".length()), 200, 599);
            }
            Map<String, Object> echo = new LinkedHashMap<>();
            echo.put("method", exchange.getRequestMethod());
            echo.put("path", path);
            echo.put("query", exchange.getRequestURI().getRawQuery() == null ? "" : exchange.getRequestURI().getRawQuery());
            Map<String, Object> headers = new TreeMap<>();
            exchange.getRequestHeaders().forEach((name, values) ->
                    headers.put(LocalEvents.canonical(name), values.size() == 1 ? values.getFirst() : List.copyOf(values)));
            echo.put("headers", headers);
            String text = utf8(body);
            echo.put("body", text != null ? text : Base64.getEncoder().encodeToString(body));
            echo.put("bodyBase64", text == null);
            ByteArrayOutputStream json = new ByteArrayOutputStream(2048);
            PRETTY.write(echo, json);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.getResponseHeaders().add("X-Echo", "lambassador-demo");
            exchange.sendResponseHeaders(status, json.size());
            try (OutputStream out = exchange.getResponseBody()) {
                json.writeTo(out);
            }
        }
    }

    private static long parse(String text, long min, long max) {
        try {
            return Math.clamp(Long.parseLong(text), min, max);
        } catch (NumberFormatException e) {
            return min;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String utf8(byte[] body) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
