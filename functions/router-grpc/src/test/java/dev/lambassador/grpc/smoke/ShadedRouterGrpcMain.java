package dev.lambassador.grpc.smoke;

import dev.lambassador.router.RouterHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs the shaded router-grpc jar's handler as Lambda would: built with its no-argument constructor from
 * the environment, then given each event file named on the command line. Prints one line per event:
 * {@code OK <response JSON>} or {@code ERROR <exception class> <message>}. It must use nothing but
 * the shaded jar and the JDK, since that is all it has on its class path.
 */
public final class ShadedRouterGrpcMain {

    private ShadedRouterGrpcMain() {
    }

    public static void main(String[] args) throws Exception {
        RouterHandler handler = new RouterHandler();
        for (String file : args) {
            byte[] event = Files.readAllBytes(Path.of(file));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try {
                handler.handleRequest(new ByteArrayInputStream(event), out, null);
                System.out.println("OK " + out.toString(StandardCharsets.UTF_8));
            } catch (Throwable e) {
                System.out.println("ERROR " + e.getClass().getName() + " " + e.getMessage());
                e.printStackTrace();
            }
        }
    }
}
