package dev.lambassador.grpc.smoke;

import dev.lambassador.router.RouterHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * One cold start of the router with what is on its class path, for bench/grpc-coldstart.sh: the
 * JVM's start, the handler's init (routes loaded, descriptors read), the first and second
 * invocations of the event file, then warm invocations. Prints one line of figures in ms, or
 * {@code ERROR} with the answer that was not a 200.
 */
public final class ColdStartMain {

    private ColdStartMain() {
    }

    public static void main(String[] args) throws Exception {
        double startMs = ManagementFactory.getRuntimeMXBean().getUptime();
        byte[] event = Files.readAllBytes(Path.of(args[0]));
        int warm = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        long t0 = System.nanoTime();
        RouterHandler handler = new RouterHandler();
        long t1 = System.nanoTime();
        String first = invoke(handler, event);
        long t2 = System.nanoTime();
        invoke(handler, event);
        long t3 = System.nanoTime();
        if (!first.contains("\"statusCode\":200")) {
            System.out.println("ERROR " + first);
            return;
        }
        double[] warmMs = new double[warm];
        for (int i = 0; i < warm; i++) {
            long s = System.nanoTime();
            invoke(handler, event);
            warmMs[i] = (System.nanoTime() - s) / 1e6;
        }
        Arrays.sort(warmMs);
        System.out.printf("jvm=%.1f init=%.1f first=%.1f second=%.1f warmP50=%.3f warmP99=%.3f%n", startMs, (t1 - t0) / 1e6,
                (t2 - t1) / 1e6, (t3 - t2) / 1e6, warmMs[warm / 2], warmMs[(int) (warm * 0.99)]);
        System.exit(0);
    }

    private static String invoke(RouterHandler handler, byte[] event) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event), out, null);
        return out.toString(StandardCharsets.UTF_8);
    }
}
