package dev.lambassador.grpc;

import io.grpc.Status;

/**
 * gRPC status codes as HTTP statuses, as google.api.http and grpc-gateway map them: the client of a
 * REST route sees the status a REST service would have answered.
 */
final class GrpcStatuses {

    private GrpcStatuses() {
    }

    static int httpStatus(Status.Code code) {
        return switch (code) {
            case OK -> 200;
            case CANCELLED -> 499;
            case UNKNOWN, INTERNAL, DATA_LOSS -> 500;
            case INVALID_ARGUMENT, FAILED_PRECONDITION, OUT_OF_RANGE -> 400;
            case DEADLINE_EXCEEDED -> 504;
            case NOT_FOUND -> 404;
            case ALREADY_EXISTS, ABORTED -> 409;
            case PERMISSION_DENIED -> 403;
            case UNAUTHENTICATED -> 401;
            case RESOURCE_EXHAUSTED -> 429;
            case UNIMPLEMENTED -> 501;
            case UNAVAILABLE -> 503;
        };
    }
}
