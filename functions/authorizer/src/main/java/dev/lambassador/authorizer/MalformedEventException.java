package dev.lambassador.authorizer;

/** The event is not what API Gateway sends an authorizer; the message says which field is wrong. */
final class MalformedEventException extends Exception {

    MalformedEventException(String message) {
        super(message, null, false, false);
    }
}
