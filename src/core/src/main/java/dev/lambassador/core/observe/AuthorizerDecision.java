package dev.lambassador.core.observe;

import java.time.Instant;
import java.util.List;

/**
 * One answer of the authorizer, as its log line and metrics report it. Never holds a credential: no
 * token, no key, no {@code Authorization} value; only what was decided, why, and for whom.
 *
 * @param timestamp         when the decision was made
 * @param requestId         API Gateway's request id, or Lambda's when the event had none
 * @param functionRequestId Lambda's request id of the invocation, or empty outside Lambda
 * @param allowed           whether the request may go on to the router
 * @param reason            a short fixed word: for an allow, how the caller authenticated ({@code jwt},
 *                          {@code apiKey}, {@code anonymous}); for a deny, one of {@link #DENY_REASONS}
 * @param detail            the refusal's explanation, written to be log-safe, or empty
 * @param principal         who was let in (a token's subject, a key's consumer), or empty
 * @param consumer          the consumer, or empty
 * @param latencyMs         how long the decision took
 * @param coldStart         whether this was the function instance's first invocation
 */
public record AuthorizerDecision(Instant timestamp, String requestId, String functionRequestId, boolean allowed,
                                 String reason, String detail, String principal, String consumer, double latencyMs,
                                 boolean coldStart) {

    /** No credential, and anonymous access is off. */
    public static final String NO_CREDENTIALS = "no_credentials";
    /** An Authorization or API key header that cannot be a credential (repeated, empty, not Bearer). */
    public static final String MALFORMED_CREDENTIAL = "malformed_credential";
    /** A bearer token that failed verification, or tokens are not accepted at all. */
    public static final String TOKEN_REFUSED = "token_refused";
    /** An unknown or disabled API key, or API keys are not accepted at all. */
    public static final String API_KEY_REFUSED = "api_key_refused";
    /** The credential could not be checked: the issuer's keys or the key store failed. */
    public static final String UNAVAILABLE = "unavailable";
    /** The event is not an authorizer event this function understands. */
    public static final String MALFORMED_EVENT = "malformed_event";
    /** A bug: refused rather than let through. */
    public static final String INTERNAL = "internal";

    public static final List<String> DENY_REASONS = List.of(NO_CREDENTIALS, MALFORMED_CREDENTIAL,
            TOKEN_REFUSED, API_KEY_REFUSED, UNAVAILABLE, MALFORMED_EVENT, INTERNAL);

    public String decision() {
        return allowed ? "allow" : "deny";
    }

    /** ERROR when the gateway is at fault ({@link #UNAVAILABLE}, {@link #INTERNAL}), WARN for a malformed event, else INFO. */
    public String level() {
        if (allowed) {
            return "INFO";
        }
        return switch (reason) {
            case UNAVAILABLE, INTERNAL -> "ERROR";
            case MALFORMED_EVENT -> "WARN";
            default -> "INFO";
        };
    }
}
