package dev.lambassador.core.observe;

import dev.lambassador.core.GatewayException;
import dev.lambassador.core.apigw.MalformedEventException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;

/**
 * The class of a failed request, a short fixed word for logs and the {@code error} dimension of the
 * {@code Errors} metric: what went wrong, without the request's own values, so that there are only
 * as many series as there are classes.
 */
public final class ErrorClass {

    public static final String NO_ROUTE = "no_route";
    public static final String METHOD_NOT_ALLOWED = "method_not_allowed";
    public static final String BAD_REQUEST = "bad_request";
    public static final String MALFORMED_EVENT = "malformed_event";
    public static final String UNAUTHORIZED = "unauthorized";
    public static final String FORBIDDEN = "forbidden";
    public static final String CLIENT_ERROR = "client_error";
    public static final String NOT_IMPLEMENTED = "not_implemented";
    public static final String UNAVAILABLE = "unavailable";
    public static final String BACKEND_TIMEOUT = "backend_timeout";
    public static final String BACKEND_CONNECT_TIMEOUT = "backend_connect_timeout";
    public static final String BACKEND_REFUSED = "backend_refused";
    public static final String BACKEND_FAILED = "backend_failed";
    public static final String BACKEND_BAD_ANSWER = "backend_bad_answer";
    public static final String BACKEND_5XX = "backend_5xx";
    public static final String SHUTTING_DOWN = "shutting_down";
    public static final String INTERNAL = "internal";

    private ErrorClass() {
    }

    /**
     * @param failure what the request failed with, or null when it was answered (by a backend, say)
     * @param status  the status the client got
     * @return the class, or empty for an answer that is no failure: any answer below 500 that the
     *         gateway did not make itself
     */
    public static String of(Throwable failure, int status) {
        if (failure == null) {
            return status >= 500 ? BACKEND_5XX : "";
        }
        return switch (failure) {
            case MalformedEventException e -> MALFORMED_EVENT;
            case GatewayException e -> switch (e.status()) {
                case 400 -> BAD_REQUEST;
                case 401 -> UNAUTHORIZED;
                case 403 -> FORBIDDEN;
                case 404 -> NO_ROUTE;
                case 405 -> METHOD_NOT_ALLOWED;
                case 501 -> NOT_IMPLEMENTED;
                case 502 -> BACKEND_BAD_ANSWER;
                case 503 -> UNAVAILABLE;
                case 504 -> BACKEND_TIMEOUT;
                default -> e.status() < 500 ? CLIENT_ERROR : INTERNAL;
            };
            case HttpConnectTimeoutException e -> BACKEND_CONNECT_TIMEOUT;
            case HttpTimeoutException e -> BACKEND_TIMEOUT;
            case ConnectException e -> BACKEND_REFUSED;
            case IOException e -> BACKEND_FAILED;
            case InterruptedException e -> SHUTTING_DOWN;
            default -> INTERNAL;
        };
    }
}
