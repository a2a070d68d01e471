package dev.lambassador.core.apigw;

import dev.lambassador.core.Gateway;
import dev.lambassador.core.GatewayException;
import dev.lambassador.core.GatewayRequest;
import dev.lambassador.core.GatewayResponse;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * API Gateway's Lambda proxy integration around a {@link Gateway}: event JSON in, response JSON out,
 * for REST APIs (payload 1.0) and HTTP APIs (payload 2.0) alike. A malformed event gets a 400
 * response rather than an exception, so API Gateway shows the caller a reason instead of a 502.
 * A response that would not fit in Lambda's response payload once written is replaced by a 502
 * that says so, for the same reason.
 */
public final class ProxyIntegration {

    /**
     * The most a response may take once written as JSON: Lambda's limit on a synchronous
     * invocation's response, 6 MB, read as MiB. (Lambda enforces 6,291,556 bytes, a hundred more;
     * the documented figure is the one to hold.) Past it Lambda fails the invocation, and API
     * Gateway answers the client a bare 502 with no request id.
     */
    public static final int MAX_RESPONSE_BYTES = 6 * 1024 * 1024;

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
     * @param fallbackRequestId used when the event carries no request id it can read (the Lambda request id)
     * @param deadline          when the response must be written; backend calls are cut short to meet it
     */
    public byte[] handle(byte[] event, String fallbackRequestId, Instant deadline) {
        Map<String, Object> json = EventJson.readProxyEvent(event).orElse(null);
        if (json == null) {
            return gateway.refuse(unreadable(fallbackRequestId), new MalformedEventException("not a UTF-8 JSON object"),
                    response -> write(PayloadVersion.V1, response));
        }
        PayloadVersion version = PayloadVersion.of(json);
        // Read apart from the rest, so that an event malformed elsewhere is still answered under API Gateway's id.
        String requestId = readableRequestId(json, fallbackRequestId);
        Gateway.Writer<byte[]> writer = response -> withinLimit(version, write(version, response));
        GatewayRequest request;
        try {
            request = switch (version) {
                case V1 -> RestApiEvents.toRequest(json, fallbackRequestId);
                case V2 -> HttpApiEvents.toRequest(json, fallbackRequestId);
            };
        } catch (GatewayException e) {
            return gateway.refuse(unreadable(requestId), e, writer);
        }
        return gateway.handle(withoutBasePath(request), deadline, writer);
    }

    /** What stands for a request whose event could not be read: nothing but its id. */
    private static GatewayRequest unreadable(String requestId) {
        return new GatewayRequest("", "", "", null, null, null, null, requestId, null);
    }

    /** {@code requestContext.requestId} when it can be read, else the fallback (the Lambda request id). */
    private static String readableRequestId(Map<String, Object> event, String fallback) {
        try {
            return EventJson.requestId(event, fallback);
        } catch (MalformedEventException e) {
            return fallback;
        }
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

    /** The response as written; a 502 naming the limit replaces one larger than a Lambda response may be. */
    private static byte[] withinLimit(PayloadVersion version, byte[] written) {
        if (written.length > MAX_RESPONSE_BYTES) {
            throw new GatewayException(502, "the backend's answer does not fit in a Lambda response: "
                    + written.length + " bytes once written as JSON, at most " + MAX_RESPONSE_BYTES);
        }
        return written;
    }

    private static byte[] write(PayloadVersion version, GatewayResponse response) {
        return switch (version) {
            case V1 -> RestApiEvents.toResponse(response);
            case V2 -> HttpApiEvents.toResponse(response);
        };
    }
}
