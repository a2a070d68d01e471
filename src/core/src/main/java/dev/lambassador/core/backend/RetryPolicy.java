package dev.lambassador.core.backend;

import dev.lambassador.core.route.Items;
import dev.lambassador.core.route.Problems;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * When a failed backend call is made again: a named backend's {@code retry} map, which a route's
 * reference may override field by field. Only connect failures and the listed statuses are
 * retried, since anything else may have reached the backend's logic; and only idempotent methods
 * (RFC 9110 §9.2.2) unless {@code nonIdempotent} says a POST or PATCH is safe to send twice.
 * Delays grow exponentially with full jitter (a random delay from 0 to the cap), which spreads
 * the retries of many callers rather than sending them back in step.
 *
 * @param attempts      calls in all, the first included; 1 retries nothing
 * @param baseDelay     the cap of the first retry's delay, doubled for each further retry
 * @param maxDelay      the cap no delay exceeds
 * @param statuses      backend statuses that are retried
 * @param nonIdempotent whether POST and PATCH are retried too
 */
public record RetryPolicy(int attempts, Duration baseDelay, Duration maxDelay, Set<Integer> statuses, boolean nonIdempotent) {

    /** Three calls in all, a first retry within 50 ms, none later than 1 s, on 502, 503 and 504. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(3, Duration.ofMillis(50), Duration.ofSeconds(1), Set.of(502, 503, 504), false);
    /** No retries: a backend without a {@code retry} map. */
    public static final RetryPolicy NONE = new RetryPolicy(1, Duration.ZERO, Duration.ZERO, Set.of(), false);

    static final int MAX_ATTEMPTS = 10;
    static final Duration MAX_DELAY = Duration.ofSeconds(30);
    private static final Set<String> IDEMPOTENT = Set.of("GET", "HEAD", "OPTIONS", "PUT", "DELETE");
    private static final Set<String> ATTRIBUTES = Set.of("attempts", "baseDelayMs", "maxDelayMs", "statuses", "nonIdempotent");

    public RetryPolicy {
        statuses = Set.copyOf(statuses);
    }

    /** Whether a request of this method may be sent more than once. */
    public boolean allows(String method) {
        return attempts > 1 && (nonIdempotent || IDEMPOTENT.contains(method));
    }

    public boolean retriesStatus(int status) {
        return statuses.contains(status);
    }

    /**
     * The longest delay before a retry, to be drawn from uniformly: {@code baseDelay × 2^(retry-1)},
     * at most {@code maxDelay}.
     *
     * @param retry 1 for the first retry
     */
    public Duration delayCap(int retry) {
        long cap = Math.min(baseDelay.toMillis(), maxDelay.toMillis());
        for (int i = 1; i < retry; i++) {
            cap = Math.min(cap * 2, maxDelay.toMillis());
        }
        return Duration.ofMillis(cap);
    }

    /**
     * Reads a {@code retry} map over a policy: the fields it sets replace the base's.
     *
     * @param base the policy the map refines: {@link #DEFAULT} for a backend item, the backend's for a reference
     * @return the policy, or {@code base} when the map has problems (reported)
     */
    static RetryPolicy read(Object value, RetryPolicy base, Problems problems) {
        Map<String, Object> map = Items.asMap(value);
        if (map == null) {
            problems.add("", "must be a map (DynamoDB type M) of " + new TreeSet<>(ATTRIBUTES) + ", was " + Items.describe(value));
            return base;
        }
        int before = problems.size();
        Items.refuseUnknown(map, ATTRIBUTES, "", problems);
        Integer attempts = whole(map, "attempts", 1, MAX_ATTEMPTS, problems);
        Duration baseDelay = Items.millis(map, "baseDelayMs", MAX_DELAY, problems);
        Duration maxDelay = Items.millis(map, "maxDelayMs", MAX_DELAY, problems);
        Set<Integer> statuses = statuses(map, "statuses", problems);
        Boolean nonIdempotent = Items.bool(map, "nonIdempotent", problems);
        RetryPolicy policy = new RetryPolicy(attempts == null ? base.attempts : attempts,
                baseDelay == null ? base.baseDelay : baseDelay, maxDelay == null ? base.maxDelay : maxDelay,
                statuses == null ? base.statuses : statuses, nonIdempotent == null ? base.nonIdempotent : nonIdempotent);
        if (policy.maxDelay.compareTo(policy.baseDelay) < 0) {
            problems.add("maxDelayMs", "must not be below baseDelayMs (" + policy.baseDelay.toMillis() + ")");
        }
        return problems.size() == before ? policy : base;
    }

    /** A list of statuses from 400 to 599, or null when absent or invalid (reported). */
    static Set<Integer> statuses(Map<String, Object> map, String name, Problems problems) {
        Object value = map.get(name);
        if (value == null) {
            return null;
        }
        if (!(value instanceof java.util.Collection<?> list)) {
            problems.add(name, "must be a list of numbers (DynamoDB type L or NS), was " + Items.describe(value));
            return null;
        }
        Set<Integer> statuses = new TreeSet<>();
        int index = 0;
        for (Object element : list) {
            Long status = Items.wholeIn(element, 400, 599);
            if (status == null) {
                problems.add(name + "[" + index + "]", "must be a status from 400 to 599, was " + Items.describe(element));
            } else {
                statuses.add(status.intValue());
            }
            index++;
        }
        return statuses;
    }

    /** A whole number within bounds, or null when absent or not one (reported). */
    static Integer whole(Map<String, ?> map, String name, int min, int max, Problems problems) {
        Object value = map.get(name);
        if (value == null) {
            return null;
        }
        Long whole = Items.wholeIn(value, min, max);
        if (whole == null) {
            problems.add(name, "must be a whole number from " + min + " to " + max + ", was " + Items.describe(value));
            return null;
        }
        return whole.intValue();
    }
}
