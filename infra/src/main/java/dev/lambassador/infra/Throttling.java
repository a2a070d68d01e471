package dev.lambassador.infra;

/**
 * Steady-state request rate and burst that API Gateway allows before it answers 429.
 *
 * @param rateLimit  requests per second, greater than zero
 * @param burstLimit requests that may arrive at once, at least one
 */
public record Throttling(double rateLimit, int burstLimit) {

    public Throttling {
        if (!(rateLimit > 0) || Double.isInfinite(rateLimit)) {
            throw new IllegalArgumentException(
                    "throttling.rateLimit must be a finite number of requests per second greater than 0, was " + rateLimit);
        }
        if (burstLimit < 1) {
            throw new IllegalArgumentException("throttling.burstLimit must be at least 1, was " + burstLimit);
        }
    }

    public static Throttling of(double rateLimit, int burstLimit) {
        return new Throttling(rateLimit, burstLimit);
    }
}
