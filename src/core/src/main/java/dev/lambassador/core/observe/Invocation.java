package dev.lambassador.core.observe;

/**
 * What the Lambda runtime says about the invocation a request arrived in, for the request's log line
 * and trace headers: Lambda's own request id (the one on its {@code START} and {@code REPORT} lines)
 * and the invocation's X-Ray trace header. A handler sets it around the call ({@link #during}); the
 * gateway reads it on the same thread. Outside Lambda both are empty.
 *
 * @param functionRequestId Lambda's request id, or empty
 * @param xrayTraceHeader   the invocation's {@code X-Amzn-Trace-Id}, or empty
 */
public record Invocation(String functionRequestId, String xrayTraceHeader) {

    public static final Invocation NONE = new Invocation("", "");
    /** Where Lambda's Java runtime puts each invocation's trace header (the X-Ray SDK reads it there too). */
    public static final String XRAY_TRACE_PROPERTY = "com.amazonaws.xray.traceHeader";

    private static final ThreadLocal<Invocation> CURRENT = new ThreadLocal<>();

    public Invocation {
        functionRequestId = functionRequestId == null ? "" : functionRequestId;
        xrayTraceHeader = xrayTraceHeader == null ? "" : xrayTraceHeader;
    }

    /** The invocation the current thread is serving, or {@link #NONE}. */
    public static Invocation current() {
        Invocation invocation = CURRENT.get();
        return invocation == null ? NONE : invocation;
    }

    /** Runs {@code work} with this as the current invocation, and forgets it afterwards. */
    public <T, E extends Exception> T during(Work<T, E> work) throws E {
        Invocation previous = CURRENT.get();
        CURRENT.set(this);
        try {
            return work.run();
        } finally {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        }
    }

    /** What runs during an invocation. */
    @FunctionalInterface
    public interface Work<T, E extends Exception> {
        T run() throws E;
    }
}
