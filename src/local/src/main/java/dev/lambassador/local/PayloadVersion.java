package dev.lambassador.local;

import java.util.Locale;

/** Which API Gateway event format the local gateway speaks to the function. */
public enum PayloadVersion {
    /** REST API, Lambda proxy integration, payload format 1.0. */
    V1,
    /** HTTP API, payload format 2.0. */
    V2;

    public static PayloadVersion parse(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "v1", "1", "1.0", "rest" -> V1;
            case "v2", "2", "2.0", "http" -> V2;
            default -> throw new IllegalArgumentException("--payload must be v1 (REST API) or v2 (HTTP API), was '" + text + "'");
        };
    }

    public String describe() {
        return this == V1 ? "REST API payload v1" : "HTTP API payload v2";
    }
}
