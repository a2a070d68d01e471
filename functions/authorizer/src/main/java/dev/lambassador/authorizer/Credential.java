package dev.lambassador.authorizer;

import dev.lambassador.core.Headers;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What a request presents: a bearer token, an API key, or nothing. Records of secrets print
 * themselves redacted, so a credential that ends up in a log line or an assertion message leaks
 * nothing.
 */
sealed interface Credential {

    String AUTHORIZATION = "Authorization";
    /** API Gateway allows 10 KiB for all headers together; anything near that is not a key we issued. */
    int MAX_API_KEY_LENGTH = 512;

    record None() implements Credential {
    }

    record Bearer(String token) implements Credential {
        @Override
        public String toString() {
            return "Bearer[redacted]";
        }
    }

    record ApiKey(String key) implements Credential {
        @Override
        public String toString() {
            return "ApiKey[redacted]";
        }
    }

    /**
     * Reads the credential from request headers (names case-insensitive). With both headers, the
     * {@code Authorization} header decides. Presented but unusable credentials are refused, never
     * treated as none: a client that sends a credential expects it to be checked.
     *
     * @param apiKeyHeader the header API keys are read from; empty: none is, and whatever the request
     *                     carries in {@code x-api-key} (API Gateway's own key, say) is no credential here
     * @throws AuthenticationException for a header given twice, a scheme other than Bearer, or an empty value
     */
    static Credential from(Headers headers, Optional<String> apiKeyHeader) throws AuthenticationException {
        List<String> authorization = headers.all(AUTHORIZATION);
        if (!authorization.isEmpty()) {
            return bearer(only(authorization, AUTHORIZATION));
        }
        if (apiKeyHeader.isEmpty()) {
            return new None();
        }
        String name = apiKeyHeader.get();
        List<String> apiKey = headers.all(name);
        if (!apiKey.isEmpty()) {
            String key = only(apiKey, name).strip();
            if (key.isEmpty()) {
                throw new AuthenticationException("empty " + name + " header");
            }
            if (key.length() > MAX_API_KEY_LENGTH) {
                throw new AuthenticationException(name + " header is longer than " + MAX_API_KEY_LENGTH + " characters");
            }
            return new ApiKey(key);
        }
        return new None();
    }

    private static Credential bearer(String value) throws AuthenticationException {
        String trimmed = value.strip();
        int space = trimmed.indexOf(' ');
        String scheme = space < 0 ? trimmed : trimmed.substring(0, space);
        if (!scheme.toLowerCase(Locale.ROOT).equals("bearer")) {
            // The scheme is named only when it looks like one: a bare token in its place must not reach the log.
            String named = scheme.matches("[A-Za-z][A-Za-z0-9-]{0,19}") && space > 0 ? " (scheme '" + scheme + "')" : "";
            throw new AuthenticationException("Authorization header is not 'Bearer <token>'" + named);
        }
        String token = space < 0 ? "" : trimmed.substring(space + 1).strip();
        if (token.isEmpty()) {
            throw new AuthenticationException("Authorization header has no bearer token");
        }
        return new Bearer(token);
    }

    /** One value, or a refusal: with two, which one a backend or a cache would see is anyone's guess. */
    private static String only(List<String> values, String name) throws AuthenticationException {
        if (values.size() > 1) {
            throw new AuthenticationException("more than one " + name + " header");
        }
        return values.getFirst() == null ? "" : values.getFirst();
    }
}
