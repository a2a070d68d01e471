package dev.lambassador.core;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one place where a failure becomes an HTTP response: a JSON body
 * {@code {"message": ..., "requestId": ...}} with the status the failure deserves.
 * 4xx for the caller's mistakes, 502 for a backend that refused, reset or answered nonsense,
 * 504 for a backend that did not answer in time, 500 only for a bug (logged with its stack).
 */
public final class ErrorResponses {

    private static final Logger LOG = System.getLogger(ErrorResponses.class.getName());

    private ErrorResponses() {
    }

    public static GatewayResponse from(Throwable failure, String requestId) {
        return switch (failure) {
            case GatewayException e -> of(e.status(), e.getMessage(), requestId, e.headers(), e.details());
            case HttpConnectTimeoutException e -> of(504, "backend did not accept the connection in time", requestId, Headers.EMPTY);
            case HttpTimeoutException e -> of(504, "backend did not answer in time", requestId, Headers.EMPTY);
            case ConnectException e -> of(502, "backend refused the connection", requestId, Headers.EMPTY);
            case IOException e -> {
                // The detail can name internal hosts and addresses: it goes to the log, not to the client.
                LOG.log(Level.WARNING, "request {0}: backend connection failed: {1}", requestId, e.toString());
                yield of(502, "backend connection failed", requestId, Headers.EMPTY);
            }
            case InterruptedException e -> {
                Thread.currentThread().interrupt();
                yield of(503, "gateway is shutting down", requestId, Headers.EMPTY);
            }
            default -> {
                LOG.log(Level.ERROR, "request " + requestId + " failed with an unexpected error", failure);
                yield of(500, "internal gateway error", requestId, Headers.EMPTY);
            }
        };
    }

    public static GatewayResponse of(int status, String message, String requestId, Headers extra) {
        return of(status, message, requestId, extra, Map.of());
    }

    public static GatewayResponse of(int status, String message, String requestId, Headers extra, Map<String, Object> details) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("message", message);
        body.put("requestId", requestId);
        details.forEach(body::putIfAbsent);
        byte[] json;
        try {
            json = JSON.std.asBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write an error body", e);
        }
        Headers headers = extra.toBuilder()
                .set("Content-Type", "application/json")
                .set("X-Request-Id", requestId)
                .build();
        return new GatewayResponse(status, headers, json);
    }
}
