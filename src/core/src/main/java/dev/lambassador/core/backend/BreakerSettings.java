package dev.lambassador.core.backend;

import dev.lambassador.core.route.Items;
import dev.lambassador.core.route.Problems;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A named backend's {@code circuitBreaker} map: when calls to it stop for a while. Over the last
 * {@code windowSize} calls (once at least {@code minimumCalls} were made), the circuit opens when
 * the share of failures reaches {@code failureRatePercent}, or the share of calls slower than
 * {@code slowCallMs} reaches {@code slowCallRatePercent}. Open, it refuses calls for {@code openMs};
 * then {@code halfOpenCalls} probes are let through, and their outcome closes or reopens it.
 * A failure is a call that threw (refused, reset, timed out) or answered one of {@code failureStatuses}.
 *
 * @param failureRatePercent  1 to 100
 * @param slowCallRatePercent 1 to 100; 100 opens only when every call of the window was slow
 * @param slowCall            how long a call may take before it counts as slow
 * @param windowSize          the calls the rates are taken over
 * @param minimumCalls        the calls needed before the rates count, at most {@code windowSize}
 * @param open                how long the circuit stays open before probes are let through
 * @param halfOpenCalls       the probes that decide whether it closes
 * @param failureStatuses     backend statuses that count as failures
 */
public record BreakerSettings(int failureRatePercent, int slowCallRatePercent, Duration slowCall, int windowSize, int minimumCalls,
                              Duration open, int halfOpenCalls, Set<Integer> failureStatuses) {

    /**
     * resilience4j's defaults, but for a window of 20 calls rather than 100 and one probe rather
     * than 10: a Lambda container sees a fraction of a backend's traffic and one request at a time.
     */
    public static final BreakerSettings DEFAULT = new BreakerSettings(50, 100, Duration.ofSeconds(10), 20, 10,
            Duration.ofSeconds(30), 1, Set.of(500, 502, 503, 504));

    static final int MAX_WINDOW = 1000;
    static final Duration MAX_OPEN = Duration.ofHours(1);
    private static final Set<String> ATTRIBUTES = Set.of("failureRatePercent", "slowCallRatePercent", "slowCallMs", "windowSize",
            "minimumCalls", "openMs", "halfOpenCalls", "failureStatuses");

    public BreakerSettings {
        failureStatuses = Set.copyOf(failureStatuses);
    }

    public boolean failureStatus(int status) {
        return failureStatuses.contains(status);
    }

    /** The resilience4j configuration: count-based window, no thread of its own (it moves to half-open on the next call). */
    CircuitBreakerConfig config(Clock clock) {
        return CircuitBreakerConfig.custom()
                .failureRateThreshold(failureRatePercent)
                .slowCallRateThreshold(slowCallRatePercent)
                .slowCallDurationThreshold(slowCall)
                .slidingWindow(windowSize, minimumCalls, CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .waitDurationInOpenState(open)
                .permittedNumberOfCallsInHalfOpenState(halfOpenCalls)
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                .clock(clock)
                .build();
    }

    /** @return the settings, or null when the map has problems (reported) */
    static BreakerSettings read(Object value, Problems problems) {
        Map<String, Object> map = Items.asMap(value);
        if (map == null) {
            problems.add("", "must be a map (DynamoDB type M) of " + new TreeSet<>(ATTRIBUTES) + ", was " + Items.describe(value));
            return null;
        }
        int before = problems.size();
        Items.refuseUnknown(map, ATTRIBUTES, "", problems);
        BreakerSettings d = DEFAULT;
        Integer failureRate = RetryPolicy.whole(map, "failureRatePercent", 1, 100, problems);
        Integer slowRate = RetryPolicy.whole(map, "slowCallRatePercent", 1, 100, problems);
        Duration slowCall = Items.millis(map, "slowCallMs", dev.lambassador.core.route.RouteDefinition.MAX_TIMEOUT, problems);
        Integer window = RetryPolicy.whole(map, "windowSize", 1, MAX_WINDOW, problems);
        Integer minimum = RetryPolicy.whole(map, "minimumCalls", 1, MAX_WINDOW, problems);
        Duration open = Items.millis(map, "openMs", MAX_OPEN, problems);
        Integer halfOpen = RetryPolicy.whole(map, "halfOpenCalls", 1, 100, problems);
        Set<Integer> statuses = RetryPolicy.statuses(map, "failureStatuses", problems);
        BreakerSettings settings = new BreakerSettings(failureRate == null ? d.failureRatePercent : failureRate,
                slowRate == null ? d.slowCallRatePercent : slowRate, slowCall == null ? d.slowCall : slowCall,
                window == null ? d.windowSize : window, minimum == null ? Math.min(d.minimumCalls, window == null ? d.windowSize : window) : minimum,
                open == null ? d.open : open, halfOpen == null ? d.halfOpenCalls : halfOpen, statuses == null ? d.failureStatuses : statuses);
        if (settings.minimumCalls > settings.windowSize) {
            problems.add("minimumCalls", "must not be above windowSize (" + settings.windowSize + "), was " + settings.minimumCalls);
        }
        return problems.size() == before ? settings : null;
    }
}
