package dev.lambassador.cli;

/**
 * A command that cannot do what it was asked, said in one line: {@code lambassador} prints the
 * message, never a stack trace, and exits with {@link #exitCode()}.
 */
final class CliException extends RuntimeException {

    /** The command line cannot be carried out as given: a bad value, a missing file. */
    static final int USAGE = 2;
    /** What was asked failed: an invalid item, a conflict, a missing table. */
    static final int FAILED = 1;
    /** The change was made, but what should follow it failed: an authorizer cache that could not be flushed. */
    static final int PARTLY = 3;

    private final int exitCode;

    CliException(String message) {
        this(message, FAILED);
    }

    CliException(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    CliException(String message, Throwable cause) {
        super(message, cause);
        this.exitCode = FAILED;
    }

    int exitCode() {
        return exitCode;
    }
}
