package dev.lambassador.local;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An HTTP/1.1 server on a loopback port, on plain sockets, that answers each path with a fault of
 * the test's choosing: an answer, a reset in the middle of the body, a wait, a huge body. It can be
 * {@linkplain #stop stopped} (its port then refuses connections) and {@linkplain #restart restarted}
 * on the same port. One request per connection.
 */
final class FaultServer implements AutoCloseable {

    /** What a path is answered with; it writes the whole answer (or not) to the socket. */
    @FunctionalInterface
    interface Fault {
        void answer(Socket socket, OutputStream out) throws IOException, InterruptedException;
    }

    private int port;
    private final Map<String, Fault> faults = new ConcurrentHashMap<>();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile ServerSocket listener;

    private FaultServer() {
    }

    static FaultServer start() {
        FaultServer server = new FaultServer();
        server.listen(0);
        server.port = server.listener.getLocalPort();
        Thread.ofVirtual().start(server::accept);
        return server;
    }

    private void listen(int at) {
        try {
            ServerSocket socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), at));
            listener = socket;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on loopback port " + at, e);
        }
    }

    int port() {
        return port;
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + port());
    }

    /** Answers requests for the path (exactly, query left out) with the fault. */
    FaultServer on(String path, Fault fault) {
        faults.put(path, fault);
        return this;
    }

    /** Stops listening and drops every connection: the port refuses connections until {@link #restart}. */
    synchronized void stop() {
        try {
            listener.close();
        } catch (IOException ignored) {
            // closed already
        }
        open.forEach(FaultServer::closeQuietly);
    }

    /** Listens again on the same port, unless it still does. */
    synchronized void restart() {
        if (!listener.isClosed()) {
            return;
        }
        listen(port());
        Thread.ofVirtual().start(this::accept);
    }

    @Override
    public void close() {
        stop();
    }

    private void accept() {
        ServerSocket current = listener;
        while (!current.isClosed()) {
            try {
                Socket socket = current.accept();
                open.add(socket);
                Thread.ofVirtual().start(() -> serve(socket));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            String requestLine = line(in);
            Map<String, String> headers = new LinkedHashMap<>();
            for (String header = line(in); !header.isEmpty(); header = line(in)) {
                int colon = header.indexOf(':');
                headers.put(header.substring(0, colon).trim().toLowerCase(Locale.ROOT), header.substring(colon + 1).trim());
            }
            in.readNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0")));
            String target = requestLine.split(" ")[1];
            String path = target.contains("?") ? target.substring(0, target.indexOf('?')) : target;
            Fault fault = faults.getOrDefault(path, (s, out) -> answer(out, 404, "text/plain", "no fault at " + path));
            fault.answer(socket, socket.getOutputStream());
        } catch (IOException | RuntimeException e) {
            // The client went away, or the fault broke the connection on purpose.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            open.remove(socket);
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b >= 0 && b != '\n'; b = in.read()) {
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closed already
        }
    }

    // The faults.

    static void answer(OutputStream out, int status, String contentType, String body) throws IOException {
        answer(out, status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    static void answer(OutputStream out, int status, String contentType, byte[] body) throws IOException {
        out.write(("HTTP/1.1 " + status + " X\r\nContent-Type: " + contentType + "\r\nContent-Length: " + body.length
                + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.flush();
    }

    /** A 200 with this body. */
    static Fault ok(String contentType, byte[] body) {
        return (socket, out) -> answer(out, 200, contentType, body);
    }

    /** Promises a body, sends part of it, then resets the connection (RST, not FIN). */
    static Fault resetMidBody() {
        return (socket, out) -> {
            out.write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 100000\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.write(new byte[1000]);
            out.flush();
            socket.setSoLinger(true, 0);
            socket.close();
        };
    }

    /** Each request gets the next of these faults, and the last one once they run out: 503, 503, then 200, say. */
    static Fault sequence(Fault... faults) {
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        return (socket, out) -> faults[Math.min(next.getAndIncrement(), faults.length - 1)].answer(socket, out);
    }

    /** An answer with this status and a short text body. */
    static Fault status(int status) {
        return (socket, out) -> answer(out, status, "text/plain", "status " + status);
    }

    /** Waits, then answers 200: a backend slower than the gateway will wait. */
    static Fault slow(long millis) {
        return (socket, out) -> {
            Thread.sleep(millis);
            answer(out, 200, "text/plain", "late");
        };
    }
}
