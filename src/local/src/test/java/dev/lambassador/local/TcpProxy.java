package dev.lambassador.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy on a loopback port in front of a real server (the DynamoDB emulator), which a test
 * turns into an outage: {@link #refuse} (nothing listens on the port), {@link #hold} (connections
 * are taken and never answered: a slow table), or {@link #forward} again. Changing the mode drops the
 * connections open through it, as an outage drops a client's kept-alive ones.
 */
final class TcpProxy implements AutoCloseable {

    enum Mode { FORWARD, HOLD, REFUSE }

    private final InetSocketAddress target;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private int port;
    private volatile ServerSocket listener;
    private volatile Mode mode = Mode.FORWARD;

    private TcpProxy(InetSocketAddress target) {
        this.target = target;
    }

    static TcpProxy to(URI server) {
        TcpProxy proxy = new TcpProxy(new InetSocketAddress(server.getHost(), server.getPort()));
        proxy.listen(0);
        proxy.port = proxy.listener.getLocalPort();
        return proxy;
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    void forward() {
        change(Mode.FORWARD);
    }

    void hold() {
        change(Mode.HOLD);
    }

    void refuse() {
        change(Mode.REFUSE);
    }

    private synchronized void change(Mode next) {
        mode = next;
        open.forEach(TcpProxy::closeQuietly);
        if (next == Mode.REFUSE) {
            closeQuietly(listener);
        } else if (listener.isClosed()) {
            listen(port);
        }
    }

    @Override
    public void close() {
        change(Mode.REFUSE);
    }

    private void listen(int at) {
        try {
            ServerSocket socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), at));
            listener = socket;
            Thread.ofVirtual().start(() -> accept(socket));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on loopback port " + at, e);
        }
    }

    private void accept(ServerSocket socket) {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                open.add(client);
                if (mode == Mode.FORWARD) {
                    Socket server = new Socket(target.getAddress(), target.getPort());
                    open.add(server);
                    Thread.ofVirtual().start(() -> pipe(client, server));
                    Thread.ofVirtual().start(() -> pipe(server, client));
                }
                // HOLD: the connection stays open and unanswered until the mode changes.
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void pipe(Socket from, Socket to) {
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            in.transferTo(out);
        } catch (IOException ended) {
            // One side closed.
        } finally {
            closeQuietly(from);
            closeQuietly(to);
            open.remove(from);
            open.remove(to);
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            if (closeable != null) {
                closeable.close();
            }
        } catch (Exception ignored) {
            // closed already
        }
    }
}
