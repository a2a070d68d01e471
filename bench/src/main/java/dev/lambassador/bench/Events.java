package dev.lambassador.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The sample API Gateway events from the repository's events/ folder, as the benchmarks send them. */
public final class Events {

    /** REST API (payload 1.0) GET /echo/hello?name=world&tag=a&tag=b from curl. */
    public static final String REST_V1_GET = "/events/rest-v1-get.json";

    private Events() {
    }

    public static byte[] load(String resource) {
        try (InputStream in = Events.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no resource " + resource + " on the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
