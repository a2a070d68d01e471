package dev.lambassador.core.apigw;

import java.util.Locale;
import java.util.Map;

/**
 * Which of API Gateway's two event formats a function is spoken to in: the shape of proxy events and
 * responses, and of authorizer events and answers. The router, the authorizer and the local gateway
 * all go by this one model.
 */
public enum PayloadVersion {
    /** REST API: Lambda proxy integration and REQUEST authorizers answered with an IAM policy, payload format 1.0. */
    V1("1.0", "REST API"),
    /** HTTP API: payload format 2.0, whose Lambda authorizers answer with simple responses. */
    V2("2.0", "HTTP API");

    private final String value;
    private final String api;

    PayloadVersion(String value, String api) {
        this.value = value;
        this.api = api;
    }

    /** The format's number, as the {@code version} field of an event carries it: {@code 1.0}, {@code 2.0}. */
    public String value() {
        return value;
    }

    /**
     * The version of an event. Only 2.0 events say so in {@code version}; REST API events carry
     * {@code 1.0} or no {@code version} at all, so everything else is read as 1.0.
     */
    public static PayloadVersion of(Map<String, ?> event) {
        return V2.value.equals(event.get("version")) ? V2 : V1;
    }

    /**
     * Reads a version a person chose, such as the local gateway's {@code --payload}: {@code v1}, {@code 1},
     * {@code 1.0} or {@code rest}; {@code v2}, {@code 2}, {@code 2.0} or {@code http}.
     *
     * @param setting names the value in the error
     * @throws IllegalArgumentException naming the setting and the accepted values
     */
    public static PayloadVersion parse(String text, String setting) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "v1", "1", "1.0", "rest" -> V1;
            case "v2", "2", "2.0", "http" -> V2;
            default -> throw new IllegalArgumentException(setting + " must be v1 (REST API) or v2 (HTTP API), was '" + text + "'");
        };
    }

    /** For people: "REST API payload v1". */
    public String describe() {
        return api + " payload v" + value.charAt(0);
    }
}
