package dev.lambassador.authorizer;

/**
 * How a REST API authorizer says 401: a Lambda function error whose message is exactly
 * {@value #MESSAGE}. API Gateway answers any other error with 500, so the message must never
 * carry details; the reason is in the function's log instead.
 */
public final class UnauthorizedException extends RuntimeException {

    public static final String MESSAGE = "Unauthorized";

    public UnauthorizedException() {
        // No stack trace: it would only add noise to the function error API Gateway receives.
        super(MESSAGE, null, false, false);
    }
}
