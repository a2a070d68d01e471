package dev.lambassador.core;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/** A response on its way back to the client, independent of the API Gateway payload version. */
public record GatewayResponse(int status, Headers headers, byte[] body) {

    private static final byte[] NO_BODY = new byte[0];

    public GatewayResponse {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("status must be between 100 and 599, was " + status);
        }
        headers = Objects.requireNonNullElse(headers, Headers.EMPTY);
        body = Objects.requireNonNullElse(body, NO_BODY);
    }

    public String bodyAsString() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
