package dev.lambassador.infra;

import java.util.Objects;

import software.amazon.awscdk.services.apigateway.Period;

/**
 * How many requests one API key of a usage plan may make per period.
 *
 * @param limit  requests per period, at least one
 * @param period the period the limit resets after
 */
public record Quota(int limit, Period period) {

    public Quota {
        if (limit < 1) {
            throw new IllegalArgumentException("quota.limit must be at least 1, was " + limit);
        }
        Objects.requireNonNull(period, "quota.period must not be null");
    }

    public static Quota perDay(int limit) {
        return new Quota(limit, Period.DAY);
    }

    public static Quota perWeek(int limit) {
        return new Quota(limit, Period.WEEK);
    }

    public static Quota perMonth(int limit) {
        return new Quota(limit, Period.MONTH);
    }
}
