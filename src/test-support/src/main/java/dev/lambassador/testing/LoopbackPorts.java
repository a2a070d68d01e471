package dev.lambassador.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Free TCP ports on the loopback interface, for servers that tests start. */
public final class LoopbackPorts {

    private LoopbackPorts() {}

    /**
     * A port that was free on 127.0.0.1 a moment ago. The socket is closed before returning, so
     * another process could take the port first; a server started with it fails loudly if so.
     */
    public static int free() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on the loopback interface", e);
        }
    }
}
