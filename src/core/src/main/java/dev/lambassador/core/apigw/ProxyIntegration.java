package dev.lambassador.core.apigw;

import dev.lambassador.core.ErrorResponses;
import dev.lambassador.core.Gateway;
import dev.lambassador.core.GatewayException;
import dev.lambassador.core.GatewayRequest;
import dev.lambassador.core.GatewayResponse;
import dev.lambassador.core.Headers;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * API Gateway's Lambda proxy integration around a {@link Gateway}: event JSON in, response JSON out,
 * for REST APIs (payload 1.0) and HTTP APIs (payload 2.0) alike. A malformed event gets a 400
 * response rather than an exception, so API Gateway shows the caller a reason instead of a 502.
 */
public final class ProxyIntegration {

    private final Gateway gateway;
    private final String basePath;

    public ProxyIntegration(Gateway gateway) {
        this(gateway, "");
    }

    /**
     * @param basePath a custom domain's base path such as {@code /v1}, taken off the front of request
     *                 paths: API Gateway leaves it in the event, and routes are written without it
     */
    public ProxyIntegration(Gateway gateway, String basePath) {
        this.gateway = Objects.requireNonNull(gateway, "gateway");
        this.basePath = basePath(basePath);
    }

    /** Normalises a base path: empty for none, else one leading '/' and no trailing one. */
    public static String basePath(String basePath) {
        String trimmed = basePath == null ? "" : basePath.strip();
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        if (trimmed.isEmpty()) {
            return "";
        }
        if (!trimmed.startsWith("/") || trimmed.contains("//")) {
            throw new IllegalArgumentException("BASE_PATH must look like /v1, was '" + basePath + "'");
        }
        return trimmed;
    }

    /** Handles an event with no deadline but the routes' own timeouts. */
    public byte[] handle(byte[] event, String fallbackRequestId) {
        return handle(event, fallbackRequestId, Instant.MAX);
    }

    /**
     * @param event             the event as API Gateway sent it
     * @param fallbackRequestId used when the event carries no request id (the Lambda request id)
     * @param deadline          when the response must be written; backend calls are cut short to meet it
     */
    public byte[] handle(byte[] event, String fallbackRequestId, Instant deadline) {
        Map<String, Object> json = EventJson.read(event).orElse(null);
        if (json == null) {
            return write(PayloadVersion.V1, ErrorResponses.of(400, "malformed event: not a UTF-8 JSON object", fallbackRequestId, Headers.EMPTY));
        }
        PayloadVersion version = PayloadVersion.of(json);
        GatewayResponse response;
        try {
            GatewayRequest request = switch (version) {
                case V1 -> RestApiEvents.toRequest(json, fallbackRequestId);
                case V2 -> HttpApiEvents.toRequest(json, fallbackRequestId);
            };
            response = gateway.handle(withoutBasePath(request), deadline);
        } catch (GatewayException e) {
            response = ErrorResponses.from(e, fallbackRequestId);
        }
        return write(version, response);
    }

    private GatewayRequest withoutBasePath(GatewayRequest request) {
        String path = request.path();
        if (basePath.isEmpty() || !path.startsWith(basePath)) {
            return request;
        }
        String rest = path.substring(basePath.length());
        if (!rest.isEmpty() && !rest.startsWith("/")) {
            return request;
        }
        return request.withPath(rest.isEmpty() ? "/" : rest);
    }

    private static byte[] write(PayloadVersion version, GatewayResponse response) {
        return EventJson.write(switch (version) {
            case V1 -> RestApiEvents.toResponse(response);
            case V2 -> HttpApiEvents.toResponse(response);
        });
    }
}
