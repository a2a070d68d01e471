package dev.lambassador.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * An HTTP server on a loopback port that takes every request and answers none until it is closed:
 * a backend or a DynamoDB endpoint slower than any deadline, for tests of what gives up first.
 */
public final class SilentServer implements AutoCloseable {

    private final CountDownLatch release = new CountDownLatch(1);
    private final HttpServer server;

    private SilentServer(HttpServer server) {
        this.server = server;
    }

    public static SilentServer start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            SilentServer silent = new SilentServer(server);
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.createContext("/", exchange -> {
                try {
                    silent.release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                exchange.close();
            });
            server.start();
            return silent;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a silent server on loopback", e);
        }
    }

    /** {@code http://127.0.0.1:PORT}. */
    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Lets the held requests end, then stops. */
    @Override
    public void close() {
        release.countDown();
        server.stop(0);
    }
}
