package dev.lambassador.core;

import java.util.Objects;

/**
 * A failure with a deliberate HTTP status. Thrown anywhere on the request path and turned into
 * a response in exactly one place, {@link ErrorResponses}.
 */
public class GatewayException extends RuntimeException {

    private final int status;
    private final Headers headers;

    public GatewayException(int status, String message) {
        this(status, message, Headers.EMPTY, null);
    }

    public GatewayException(int status, String message, Headers headers, Throwable cause) {
        super(message, cause);
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

    /** Headers the error response must carry, such as Allow on a 405. */
    public Headers headers() {
        return headers;
    }
}
