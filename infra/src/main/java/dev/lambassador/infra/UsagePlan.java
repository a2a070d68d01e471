package dev.lambassador.infra;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An API Gateway usage plan attached to the REST API's stage. A plan meters and throttles only
 * requests that carry one of its API keys, so plans matter once methods require a key
 * ({@link LambassadorGatewayProps.Builder#apiKeyRequired(boolean)}). Keys for these plans are issued
 * outside the stack; only the plan made when no plans are given comes with a key.
 *
 * @param name       plan name, as shown in the console and used by key management
 * @param throttling per-key throttling, or null for the stage's
 * @param quota      per-key quota, or null for none
 */
public record UsagePlan(String name, Throttling throttling, Quota quota) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");

    public UsagePlan {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "usagePlans.name must be 1 to 128 letters, digits, '_', '.' or '-', starting with a letter or digit, was "
                            + name);
        }
    }

    public static UsagePlan named(String name) {
        return new UsagePlan(name, null, null);
    }

    public UsagePlan withThrottling(Throttling throttling) {
        return new UsagePlan(name, throttling, quota);
    }

    public UsagePlan withQuota(Quota quota) {
        return new UsagePlan(name, throttling, quota);
    }

    public Optional<Throttling> throttlingIfSet() {
        return Optional.ofNullable(throttling);
    }

    public Optional<Quota> quotaIfSet() {
        return Optional.ofNullable(quota);
    }
}
