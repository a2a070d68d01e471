package dev.lambassador.core.observe;

import dev.lambassador.core.Exchange;
import dev.lambassador.core.GatewayRequest;
import dev.lambassador.core.GatewayResponse;
import dev.lambassador.core.filter.Filter;
import dev.lambassador.core.filter.FilterChain;
import java.util.List;

/**
 * A global filter that gives every request one id to follow it by: the client's
 * {@code X-Correlation-Id}, else its {@code X-Request-Id}, when that is safe to log and forward
 * ({@link #isSafe}), else API Gateway's request id. Backends get it in both headers (the backend client
 * sets them from {@link #ID}), the client gets it back in both, and the access log carries it as {@code correlation_id}. An unsafe id is not
 * forwarded at all: a client cannot put line breaks, quotes or a megabyte into every log on the path.
 */
public final class CorrelationId implements Filter {

    public static final Exchange.Attribute<String> ID = Exchange.Attribute.of("correlation.id", String.class);
    public static final String CORRELATION_HEADER = "X-Correlation-Id";
    public static final String REQUEST_HEADER = "X-Request-Id";
    /** Longer than a UUID, a ULID or an X-Ray trace id; short enough for every log line. */
    public static final int MAX_LENGTH = 128;

    @Override
    public GatewayResponse filter(GatewayRequest request, FilterChain chain) throws Exception {
        String id = of(request);
        chain.exchange().put(ID, id);
        // The backend client adds both headers from the attribute: copying the request's headers here would cost every request.
        GatewayResponse response = chain.proceed(request);
        return new GatewayResponse(response.status(), response.headers().toBuilder()
                .set(REQUEST_HEADER, id)
                .set(CORRELATION_HEADER, id)
                .build(), response.body());
    }

    /** The id the request goes by: the client's, when one header carries exactly one safe value, else API Gateway's. */
    public static String of(GatewayRequest request) {
        for (String header : List.of(CORRELATION_HEADER, REQUEST_HEADER)) {
            List<String> values = request.headers().all(header);
            if (values.size() == 1 && isSafe(values.getFirst())) {
                return values.getFirst();
            }
        }
        return request.requestId();
    }

    /**
     * 1 to {@value #MAX_LENGTH} characters of {@code A-Z a-z 0-9 - _ . : + / =}: UUIDs, ULIDs, hex and
     * base64 ids and X-Ray trace ids pass; spaces, quotes, commas, semicolons and control characters do not.
     */
    public static boolean isSafe(String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.' || c == ':' || c == '+' || c == '/' || c == '=';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
