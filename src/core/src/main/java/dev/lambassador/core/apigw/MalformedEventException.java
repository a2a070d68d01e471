package dev.lambassador.core.apigw;

import dev.lambassador.core.GatewayException;

/**
 * An event that is not what API Gateway sends: a field is missing or of the wrong type. The router
 * answers it 400 with the message, which names the field; the authorizer refuses the request.
 */
public final class MalformedEventException extends GatewayException {

    /** @param detail what is wrong, naming the field: "'headers' must be an object, was a string" */
    public MalformedEventException(String detail) {
        super(400, "malformed event: " + detail);
    }
}
