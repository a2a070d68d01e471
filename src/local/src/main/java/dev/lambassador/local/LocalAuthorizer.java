package dev.lambassador.local;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.lambassador.core.apigw.EventJson;
import dev.lambassador.core.apigw.PayloadVersion;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * API Gateway's side of a Lambda authorizer, run locally in front of the router: the identity
 * sources (any one missing is a 401 without calling the function), result caching per identity
 * for a TTL, the REST policy evaluated against the method's ARN, HTTP API simple responses, and
 * the authorizer's context handed on for the router's {@code requestContext.authorizer}.
 *
 */
public final class LocalAuthorizer {

    public static final String FUNCTION_NAME = "lambassador-authorizer";
    private static final Duration FUNCTION_TIMEOUT = Duration.ofSeconds(10);
    /** Bounds the cache when clients send endless distinct identities. */
    private static final int MAX_CACHED = 10_000;

    private final RequestStreamHandler function;
    private final List<String> identitySources;
    private final Duration ttl;
    private final Clock clock;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    /**
     * @param function         the authorizer Lambda's handler
     * @param identitySources  request headers whose values identify the caller; empty means none are required
     * @param ttl              how long a decision is cached per identity; zero turns caching off
     */
    public LocalAuthorizer(RequestStreamHandler function, List<String> identitySources, Duration ttl) {
        this(function, identitySources, ttl, Clock.systemUTC());
    }

    LocalAuthorizer(RequestStreamHandler function, List<String> identitySources, Duration ttl, Clock clock) {
        this.function = Objects.requireNonNull(function, "function");
        this.identitySources = List.copyOf(identitySources);
        this.ttl = Objects.requireNonNull(ttl, "ttl");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (ttl.isNegative() || ttl.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("the authorizer cache TTL is 0 to 3600 seconds, was " + ttl.toSeconds());
        }
        if (!ttl.isZero() && identitySources.isEmpty()) {
            throw new IllegalArgumentException("caching authorizer results needs at least one identity source, as in API Gateway");
        }
    }

    /** An authorizer's answer API Gateway cached, and until when. */
    private record Cached(Map<?, ?> response, Instant until) {
    }

    /**
     * What API Gateway does with the request: pass it on with the authorizer's context, or answer
     * it without calling the router.
     *
     * @param context  for {@code requestContext.authorizer} when allowed
     * @param denial   the response to send when not allowed
     */
    record Decision(Map<String, Object> context, LocalApiGateway.ProxyResponse denial) {

        boolean allowed() {
            return denial == null;
        }

        static Decision deny(int status, String messageKey, String message) {
            Map<String, String> body = new LinkedHashMap<>();
            body.put(messageKey, message);
            return new Decision(Map.of(), new LocalApiGateway.ProxyResponse(status,
                    Map.of("Content-Type", List.of("application/json")), EventJson.write(body)));
        }
    }

    /**
     * @param version which API flavour to act as: REST (payload 1.0, an IAM policy) or HTTP (2.0, simple responses)
     */
    Decision authorize(LocalEvents.HttpCall call, PayloadVersion version) {
        List<String> identity = new ArrayList<>();
        for (String source : identitySources) {
            String value = header(call.headers(), source);
            if (value == null || value.isEmpty()) {
                return Decision.deny(401, "message", "Unauthorized");
            }
            identity.add(value);
        }
        String methodArn = LocalEvents.methodArn(call, version);
        if (ttl.isZero()) {
            Answer answer = invoke(call, identity, version);
            return answer.failure() != null ? answer.failure() : decide(answer.response(), version, methodArn);
        }
        String key = String.join("\n", identity);
        Instant now = clock.instant();
        Cached cached = cache.get(key);
        if (cached != null && now.isBefore(cached.until())) {
            // As in API Gateway, the cached policy is applied to this request's method, not the first one's.
            return decide(cached.response(), version, methodArn);
        }
        Answer answer = invoke(call, identity, version);
        if (answer.failure() != null) {
            return answer.failure();
        }
        Decision decision = decide(answer.response(), version, methodArn);
        if (decision.denial() == null || decision.denial().status() == 403) {
            // API Gateway caches what the authorizer answered, allowing and denying alike; not errors.
            if (cache.size() >= MAX_CACHED) {
                cache.values().removeIf(entry -> !now.isBefore(entry.until()));
                if (cache.size() >= MAX_CACHED) {
                    cache.clear();
                }
            }
            cache.put(key, new Cached(answer.response(), now.plus(ttl)));
        }
        return decision;
    }

    /** What the function answered, or the response API Gateway gives when it failed. */
    private record Answer(Map<?, ?> response, Decision failure) {
    }

    private Answer invoke(LocalEvents.HttpCall call, List<String> identity, PayloadVersion version) {
        Map<String, Object> event = version == PayloadVersion.V1
                ? LocalEvents.restAuthorizer(call)
                : LocalEvents.httpAuthorizer(call, identity);
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try {
            function.handleRequest(new ByteArrayInputStream(EventJson.write(event)), output,
                    new LocalContext(call.requestId(), FUNCTION_NAME, 512, FUNCTION_TIMEOUT));
        } catch (Exception | Error e) {
            if (version == PayloadVersion.V1 && "Unauthorized".equals(e.getMessage())) {
                return new Answer(null, Decision.deny(401, "message", "Unauthorized"));
            }
            System.err.println("function " + FUNCTION_NAME + " failed on request " + call.requestId() + ": " + e);
            return new Answer(null, authorizerFailure());
        }
        try {
            if (!(EventJson.json().anyFrom(output.toByteArray()) instanceof Map<?, ?> response)) {
                throw new IOException("not a JSON object");
            }
            return new Answer(response, null);
        } catch (IOException | RuntimeException e) {
            System.err.println("function " + FUNCTION_NAME + " answered request " + call.requestId()
                    + " with an answer API Gateway cannot use: " + e.getMessage());
            return new Answer(null, authorizerFailure());
        }
    }

    private static Decision decide(Map<?, ?> response, PayloadVersion version, String methodArn) {
        try {
            return version == PayloadVersion.V1 ? fromPolicy(response, methodArn) : fromSimpleResponse(response);
        } catch (IOException e) {
            System.err.println("function " + FUNCTION_NAME + " answered with something API Gateway cannot use: " + e.getMessage());
            return authorizerFailure();
        }
    }

    /** REST: the policy must allow {@code execute-api:Invoke} on the method's ARN, and no statement may deny it. */
    private static Decision fromPolicy(Map<?, ?> answer, String methodArn) throws IOException {
        if (!(answer.get("principalId") instanceof String principalId) || principalId.isEmpty()) {
            throw new IOException("no principalId");
        }
        if (!(answer.get("policyDocument") instanceof Map<?, ?> policy) || !(policy.get("Statement") instanceof List<?> statements)) {
            throw new IOException("no policyDocument with a Statement list");
        }
        boolean allowed = false;
        for (Object element : statements) {
            if (!(element instanceof Map<?, ?> statement) || !covers(statement.get("Action"), "execute-api:Invoke")
                    || !covers(statement.get("Resource"), methodArn)) {
                continue;
            }
            if ("Deny".equals(statement.get("Effect"))) {
                return Decision.deny(403, "Message", "User is not authorized to access this resource with an explicit deny");
            }
            allowed |= "Allow".equals(statement.get("Effect"));
        }
        if (!allowed) {
            return Decision.deny(403, "Message", "User is not authorized to access this resource");
        }
        Map<String, Object> context = new LinkedHashMap<>(scalars(answer.get("context")));
        context.put("principalId", principalId);
        context.put("integrationLatency", 0);
        return new Decision(context, null);
    }

    /** HTTP API: {@code isAuthorized} decides; the context arrives under {@code lambda}. */
    private static Decision fromSimpleResponse(Map<?, ?> answer) throws IOException {
        if (!(answer.get("isAuthorized") instanceof Boolean authorized)) {
            throw new IOException("isAuthorized must be a boolean");
        }
        if (!authorized) {
            return Decision.deny(403, "message", "Forbidden");
        }
        return new Decision(Map.of("lambda", scalars(answer.get("context"))), null);
    }

    private static Decision authorizerFailure() {
        // What API Gateway answers when an authorizer fails or answers nonsense.
        return new Decision(Map.of(), new LocalApiGateway.ProxyResponse(500,
                Map.of("Content-Type", List.of("application/json")), "{\"message\":null}".getBytes(StandardCharsets.US_ASCII)));
    }

    /** Whether a policy's Action or Resource (a string or a list, with * and ? wildcards) covers a value. */
    private static boolean covers(Object patterns, String value) {
        List<?> list = patterns instanceof List<?> l ? l : List.of(String.valueOf(patterns));
        for (Object pattern : list) {
            if (matches(String.valueOf(pattern), value)) {
                return true;
            }
        }
        return false;
    }

    /**
     * IAM's wildcard match: {@code *} any run of characters, {@code ?} any one, everything else literally.
     * Walked directly rather than compiled to a regular expression: the policy is checked on every request.
     */
    static boolean matches(String pattern, String value) {
        int p = 0;
        int v = 0;
        int star = -1;
        int resume = 0;
        while (v < value.length()) {
            if (p < pattern.length() && (pattern.charAt(p) == '?' || pattern.charAt(p) == value.charAt(v))) {
                p++;
                v++;
            } else if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = p++;
                resume = v;
            } else if (star >= 0) {
                p = star + 1;
                v = ++resume;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }

    /** API Gateway passes on only the context's strings, numbers and booleans. */
    private static Map<String, Object> scalars(Object context) {
        Map<String, Object> values = new LinkedHashMap<>();
        if (context instanceof Map<?, ?> map) {
            map.forEach((key, value) -> {
                if (value instanceof String || value instanceof Number || value instanceof Boolean) {
                    values.put(String.valueOf(key), value);
                }
            });
        }
        return values;
    }

    private static String header(Map<String, List<String>> headers, String name) {
        for (Map.Entry<String, List<String>> header : headers.entrySet()) {
            if (header.getKey().equalsIgnoreCase(name) && !header.getValue().isEmpty()) {
                return String.join(",", header.getValue());
            }
        }
        return null;
    }
}
