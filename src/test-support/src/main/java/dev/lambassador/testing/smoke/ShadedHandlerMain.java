package dev.lambassador.testing.smoke;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs a shaded jar's handler as Lambda would: the class named first, built with its no-argument constructor
 * from the environment, then given each event file named after it. Prints one line per event:
 * {@code OK <response JSON>} or {@code ERROR <exception class> <message>}. It uses nothing but the JDK and
 * the Lambda interface the shaded jar carries, since {@link dev.lambassador.testing.ShadedJarRun} runs it with
 * that jar and this class alone on the class path.
 */
public final class ShadedHandlerMain {

    private ShadedHandlerMain() {
    }

    public static void main(String[] args) throws Exception {
        RequestStreamHandler handler = (RequestStreamHandler) Class.forName(args[0]).getDeclaredConstructor().newInstance();
        for (int i = 1; i < args.length; i++) {
            byte[] event = Files.readAllBytes(Path.of(args[i]));
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
