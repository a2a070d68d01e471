package dev.lambassador.dynamodb;

/**
 * A DynamoDB call that failed, as {@link DynamoDbJsonClient} reports it: the operation and table, and
 * DynamoDB's own error type and message ({@code ResourceNotFoundException: Requested resource not
 * found}), or what kept the call from being answered.
 */
public final class DynamoDbException extends RuntimeException {

    private final String type;
    private final int status;

    /**
     * @param type   DynamoDB's error type without its namespace, e.g. {@code ConditionalCheckFailedException}; empty when
     *               there was no answer
     * @param status the HTTP status of the answer, 0 when there was none
     */
    DynamoDbException(String message, String type, int status, Throwable cause) {
        super(message, cause);
        this.type = type;
        this.status = status;
    }

    /** DynamoDB's error type without its namespace, e.g. {@code ResourceNotFoundException}; empty when there was no answer. */
    public String type() {
        return type;
    }

    /** The answer's HTTP status, 0 when there was no answer (I/O error, timeout). */
    public int status() {
        return status;
    }
}
