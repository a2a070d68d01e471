package dev.lambassador.core.observe;

import dev.lambassador.core.Exchange;
import dev.lambassador.core.GatewayRequest;
import dev.lambassador.core.GatewayResponse;
import dev.lambassador.core.Headers;
import dev.lambassador.core.filter.Filter;
import dev.lambassador.core.filter.FilterChain;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A global filter that carries the request's trace on to its backend, when a trace is active:
 *
 * <ul>
 *   <li>W3C {@code traceparent}: the trace id and flags go on, with a new span id as the parent, the
 *       gateway's hop; {@code tracestate} goes on unchanged with a valid {@code traceparent} only. A
 *       request with an X-Ray trace but no {@code traceparent} starts one from the X-Ray root, whose
 *       digits are a W3C trace id, so that backends traced either way share one trace id.</li>
 *   <li>{@code X-Amzn-Trace-Id}: the Lambda invocation's trace header when there is one (its parent
 *       is the function's segment), else the request's; rewritten to {@code Root}, {@code Parent}
 *       and {@code Sampled}. The parent stays the function's segment: Lambassador sends X-Ray no
 *       segments of its own, and a parent X-Ray never receives would cut the backend off the trace
 *       map.</li>
 * </ul>
 *
 * Malformed trace headers are dropped, not forwarded. Without any trace, nothing is added.
 */
public final class TraceContext implements Filter {

    public static final String TRACEPARENT = "traceparent";
    public static final String TRACESTATE = "tracestate";
    public static final String XRAY = "X-Amzn-Trace-Id";
    /** W3C caps tracestate at 32 members; 512 characters fits them with room, and bounds the log. */
    static final int MAX_TRACESTATE_LENGTH = 512;

    public static final Exchange.Attribute<Trace> TRACE = Exchange.Attribute.of("trace", Trace.class);
    /**
     * The trace headers the backend gets in place of the request's own (none: the request's are dropped);
     * set on every request that came with trace headers or has a trace. Backend clients apply it
     * ({@link #apply}), so that the request's headers are not copied for it.
     */
    public static final Exchange.Attribute<Headers> OUTGOING = Exchange.Attribute.of("trace.outgoing", Headers.class);

    /**
     * The request's trace, as the access log reports it.
     *
     * @param traceId      the W3C trace id (32 hex digits)
     * @param spanId       the gateway's span id, the backend's parent (16 hex digits)
     * @param parentSpanId the caller's span id, or empty when the gateway started the W3C trace
     * @param sampled      whether the caller (or X-Ray) sampled the trace
     * @param xrayTraceId  the X-Ray root ({@code 1-5759e988-bd862e3fe1be46a994272793}), or empty
     */
    public record Trace(String traceId, String spanId, String parentSpanId, boolean sampled, String xrayTraceId) {
    }

    @Override
    public GatewayResponse filter(GatewayRequest request, FilterChain chain) throws Exception {
        Optional<XrayHeader> xray = XrayHeader.parse(Invocation.current().xrayTraceHeader())
                .or(() -> only(request.headers().all(XRAY)).flatMap(XrayHeader::parse));
        Optional<Traceparent> parent = only(request.headers().all(TRACEPARENT)).flatMap(Traceparent::parse);
        boolean hasTraceHeaders = request.headers().contains(TRACEPARENT) || request.headers().contains(TRACESTATE)
                || request.headers().contains(XRAY);
        if (parent.isEmpty() && xray.isEmpty()) {
            if (hasTraceHeaders) {
                chain.exchange().put(OUTGOING, Headers.EMPTY);
            }
            return chain.proceed(request);
        }
        String spanId = newSpanId();
        Headers.Builder headers = Headers.builder();
        Trace trace;
        if (parent.isPresent()) {
            Traceparent caller = parent.get();
            trace = new Trace(caller.traceId(), spanId, caller.parentId(), caller.sampled(), xray.map(XrayHeader::root).orElse(""));
            headers.set(TRACEPARENT, "00-" + caller.traceId() + "-" + spanId + "-" + caller.flags());
            String state = String.join(",", request.headers().all(TRACESTATE));
            if (!state.isEmpty() && state.length() <= MAX_TRACESTATE_LENGTH && printable(state)) {
                headers.set(TRACESTATE, state);
            }
        } else {
            XrayHeader root = xray.get();
            trace = new Trace(root.w3cTraceId(), spanId, "", root.sampled(), root.root());
            headers.set(TRACEPARENT, "00-" + root.w3cTraceId() + "-" + spanId + (root.sampled() ? "-01" : "-00"));
        }
        xray.ifPresent(header -> headers.set(XRAY, header.toHeader()));
        chain.exchange().put(TRACE, trace);
        chain.exchange().put(OUTGOING, headers.build());
        return chain.proceed(request);
    }

    /** Replaces the trace headers among a backend request's headers with what {@link #OUTGOING} says, if anything. */
    public static void apply(Exchange exchange, Headers.Builder headers) {
        exchange.get(OUTGOING).ifPresent(outgoing -> {
            headers.remove(TRACEPARENT).remove(TRACESTATE).remove(XRAY);
            outgoing.forEach(headers::addAll);
        });
    }

    /** 16 random lower-case hex digits, never all zeros (which W3C reserves for "no parent"). */
    static String newSpanId() {
        long id;
        do {
            id = ThreadLocalRandom.current().nextLong();
        } while (id == 0);
        return hex(id, 16);
    }

    private static String hex(long value, int digits) {
        String text = Long.toHexString(value);
        return text.length() >= digits ? text : "0".repeat(digits - text.length()) + text;
    }

    private static Optional<String> only(List<String> values) {
        return values.size() == 1 ? Optional.of(values.getFirst()) : Optional.empty();
    }

    private static boolean printable(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }

    private static boolean isLowerHex(String value, int from, int to) {
        boolean nonZero = false;
        for (int i = from; i < to; i++) {
            char c = value.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
            nonZero |= c != '0';
        }
        return nonZero;
    }

    /** A W3C {@code traceparent} of version 00 (or a later one, read as 00 as the spec says). */
    record Traceparent(String traceId, String parentId, String flags) {

        static Optional<Traceparent> parse(String header) {
            String value = header.strip();
            if (value.length() < 55 || (value.length() > 55 && (value.startsWith("00") || value.charAt(55) != '-'))
                    || value.charAt(2) != '-' || value.charAt(35) != '-' || value.charAt(52) != '-') {
                return Optional.empty();
            }
            String version = value.substring(0, 2);
            if (!isHexOrZero(version) || version.equals("ff") || !isLowerHex(value, 3, 35) || !isLowerHex(value, 36, 52)
                    || !isHexOrZero(value.substring(53, 55))) {
                return Optional.empty();
            }
            return Optional.of(new Traceparent(value.substring(3, 35), value.substring(36, 52), value.substring(53, 55)));
        }

        boolean sampled() {
            return (Integer.parseInt(flags, 16) & 1) == 1;
        }

        private static boolean isHexOrZero(String value) {
            return value.equals("00") || isLowerHex(value, 0, value.length());
        }
    }

    /** An X-Ray trace header: {@code Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1}. */
    record XrayHeader(String root, String parent, String sampledFlag) {

        static Optional<XrayHeader> parse(String header) {
            if (header == null || header.isBlank() || header.length() > 256) {
                return Optional.empty();
            }
            String root = null;
            String parent = null;
            String sampled = null;
            for (int start = 0; start < header.length(); ) {
                int end = header.indexOf(';', start);
                end = end < 0 ? header.length() : end;
                int equals = header.indexOf('=', start);
                int from = start;
                start = end + 1;
                if (equals < 0 || equals > end) {
                    continue;
                }
                String key = header.substring(from, equals).strip();
                String value = header.substring(equals + 1, end).strip();
                switch (key) {
                    case "Root" -> root = value;
                    case "Parent" -> parent = value;
                    case "Sampled" -> sampled = value;
                    default -> { }
                }
            }
            if (root == null || root.length() != 35 || !root.startsWith("1-") || root.charAt(10) != '-'
                    || !isLowerHex(root, 2, 10) || !isLowerHex(root, 11, 35)) {
                return Optional.empty();
            }
            if (parent != null && (parent.length() != 16 || !isLowerHex(parent, 0, 16))) {
                parent = null;
            }
            if (sampled != null && !sampled.equals("0") && !sampled.equals("1") && !sampled.equals("?")) {
                sampled = null;
            }
            return Optional.of(new XrayHeader(root, parent, sampled));
        }

        boolean sampled() {
            return "1".equals(sampledFlag);
        }

        /** The root's 32 hex digits, which are a valid W3C trace id (its epoch seconds, then 96 random bits). */
        String w3cTraceId() {
            return root.substring(2, 10) + root.substring(11);
        }

        String toHeader() {
            StringBuilder header = new StringBuilder(80).append("Root=").append(root);
            if (parent != null) {
                header.append(";Parent=").append(parent);
            }
            if (sampledFlag != null) {
                header.append(";Sampled=").append(sampledFlag);
            }
            return header.toString();
        }
    }
}
