package dev.lambassador.core.guard;

import dev.lambassador.core.GatewayException;
import dev.lambassador.core.GatewayRequest;
import dev.lambassador.core.GatewayResponse;
import dev.lambassador.core.Headers;
import dev.lambassador.core.filter.Filter;
import dev.lambassador.core.filter.FilterChain;
import dev.lambassador.core.settings.FunctionSettings;
import java.util.List;
import java.util.Map;

/**
 * A global filter that refuses, with 431, a request with more distinct header names than
 * {@code maxHeaders} or whose header names and values come to more than {@code maxHeaderBytes}
 * (counted as UTF-16 units, which for the ASCII that headers are is bytes). Names are counted rather
 * than lines because an HTTP API event joins a repeated header's values with commas, so lines are
 * not there to count; a REST API event's repeated values count towards the bytes alike.
 *
 * @param maxHeaders     the most distinct header names a request may carry
 * @param maxHeaderBytes the most bytes its header names and values may add up to
 */
public record HeaderLimits(int maxHeaders, int maxHeaderBytes) implements Filter {

    /**
     * Envoy's and Tomcat's default: API Gateway documents no count, and no real client sends more
     * distinct headers than this.
     */
    public static final int DEFAULT_MAX_HEADERS = 100;
    /**
     * API Gateway's quota on what a client sends (10,240 bytes for the request line and headers),
     * with room for the headers API Gateway and CloudFront add before the router sees them
     * ({@code X-Forwarded-*}, {@code X-Amzn-Trace-Id}, {@code Via}, {@code CloudFront-*}), so that no
     * request API Gateway let through is refused at the default.
     */
    public static final int DEFAULT_MAX_HEADER_BYTES = 16_384;

    public HeaderLimits {
        if (maxHeaders < 1 || maxHeaderBytes < 1) {
            throw new IllegalArgumentException("header limits must be at least 1, were " + maxHeaders + " and " + maxHeaderBytes);
        }
    }

    /** The limits an environment's {@code MAX_REQUEST_HEADERS} and {@code MAX_REQUEST_HEADER_BYTES} set. */
    public static HeaderLimits fromSettings(Map<String, String> environment) {
        return new HeaderLimits(FunctionSettings.MAX_REQUEST_HEADERS.read(environment),
                FunctionSettings.MAX_REQUEST_HEADER_BYTES.read(environment));
    }

    @Override
    public GatewayResponse filter(GatewayRequest request, FilterChain chain) throws Exception {
        check(request.headers());
        return chain.proceed(request);
    }

    /** @throws GatewayException 431 naming the limit that was passed */
    void check(Headers headers) {
        Map<String, List<String>> all = headers.asMap();
        if (all.size() > maxHeaders) {
            throw new GatewayException(431, "the request has " + all.size() + " headers, more than the gateway takes (" + maxHeaders + ")",
                    Headers.EMPTY, Map.of("maxHeaders", maxHeaders), null);
        }
        long bytes = 0;
        for (Map.Entry<String, List<String>> header : all.entrySet()) {
            for (String value : header.getValue()) {
                bytes += header.getKey().length() + value.length();
            }
        }
        if (bytes > maxHeaderBytes) {
            throw new GatewayException(431, "the request's headers come to " + bytes + " bytes, more than the gateway takes ("
                    + maxHeaderBytes + ")", Headers.EMPTY, Map.of("maxHeaderBytes", maxHeaderBytes), null);
        }
    }
}
