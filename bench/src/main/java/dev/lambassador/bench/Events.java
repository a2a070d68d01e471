package dev.lambassador.bench;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The sample API Gateway events from the repository's events/ folder, as the benchmarks send them. */
public final class Events {

    /** REST API (payload 1.0) GET /echo/hello?name=world&tag=a&tag=b from curl. */
    public static final String REST_V1_GET = "/events/rest-v1-get.json";
    /** REST API REQUEST authorizer event for GET /orders/42; the sample carries an API key. */
    public static final String AUTHORIZER_REST_REQUEST = "/events/authorizer-rest-request.json";

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

    /**
     * The REST authorizer sample with {@code Authorization: Bearer <token>} in place of its API key, in
     * both header maps, as API Gateway sends a request that carries a bearer token.
     */
    @SuppressWarnings("unchecked")
    public static byte[] authorizerWithBearer(String token) {
        try {
            Map<String, Object> event = JSON.std.mapFrom(load(AUTHORIZER_REST_REQUEST));
            Map<String, Object> headers = new LinkedHashMap<>((Map<String, Object>) event.get("headers"));
            Map<String, Object> multiValueHeaders = new LinkedHashMap<>((Map<String, Object>) event.get("multiValueHeaders"));
            headers.remove("x-api-key");
            multiValueHeaders.remove("x-api-key");
            headers.put("Authorization", "Bearer " + token);
            multiValueHeaders.put("Authorization", List.of("Bearer " + token));
            event.put("headers", headers);
            event.put("multiValueHeaders", multiValueHeaders);
            return JSON.std.asBytes(event);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
