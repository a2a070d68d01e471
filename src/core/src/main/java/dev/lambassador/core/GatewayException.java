package dev.lambassador.core;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A failure with a deliberate HTTP status. Thrown anywhere on the request path and turned into
 * a response in exactly one place, {@link ErrorResponses}.
 */
public class GatewayException extends RuntimeException {

    private final int status;
    private final Headers headers;
    private final Map<String, Object> details;

    public GatewayException(int status, String message) {
        this(status, message, Headers.EMPTY, null);
    }

    public GatewayException(int status, String message, Headers headers, Throwable cause) {
        this(status, message, headers, Map.of(), cause);
    }

    /** @param details more fields for the JSON error body, after {@code message} and {@code requestId} */
    public GatewayException(int status, String message, Headers headers, Map<String, Object> details, Throwable cause) {
        super(message, cause);
        this.details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("an error status is 4xx or 5xx, was " + status);
        }
        this.status = status;
        this.headers = Objects.requireNonNull(headers, "headers");
    }

    public static GatewayException badRequest(String message) {
        return new GatewayException(400, message);
    }

    public int status() {
        return status;
    }

    /** Fields the error body carries besides the message, such as the versions that exist. */
    public Map<String, Object> details() {
        return details;
    }

    /** Headers the error response must carry, such as Allow on a 405. */
    public Headers headers() {
        return headers;
    }
}
