package dev.lambassador.authorizer;

/**
 * A credential was refused. The message says why in words fit for a log line: it never contains
 * the credential itself, and values taken from a token are shortened and stripped of control
 * characters. Callers answer the client without it (API Gateway shows only 401 or 403).
 */
public final class AuthenticationException extends Exception {

    private final boolean unavailable;

    /** The credential is not acceptable: missing, malformed, expired, unknown, disabled, ... */
    public AuthenticationException(String reason) {
        this(reason, null, false);
    }

    private AuthenticationException(String reason, Throwable cause, boolean unavailable) {
        // No stack trace: refusals are routine, and a flood of bad tokens should cost as little as possible.
        super(reason, cause, false, false);
        this.unavailable = unavailable;
    }

    /**
     * The credential could not be checked because something it depends on failed (the issuer's JWKS
     * endpoint, the API key store). It is refused all the same; operators want to hear about it.
     */
    public static AuthenticationException unavailable(String reason, Throwable cause) {
        return new AuthenticationException(reason, cause, true);
    }

    /** Whether the refusal is the gateway's problem rather than the caller's; see {@link #unavailable}. */
    public boolean isUnavailable() {
        return unavailable;
    }
}
