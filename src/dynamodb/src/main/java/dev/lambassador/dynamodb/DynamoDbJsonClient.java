package dev.lambassador.dynamodb;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * A small DynamoDB client for the functions' reads and the revision's update: DynamoDB's JSON
 * protocol ({@code POST /} with {@code X-Amz-Target: DynamoDB_20120810.<Operation>}) over the JDK's
 * {@link HttpURLConnection}, signed with {@link SigV4}. It starts in a fraction of the AWS SDK's time
 * and classes, which were most of a function's cold start. The URL connection rather than
 * {@code java.net.http.HttpClient}: alone, a first call through it loads about 1,250 fewer classes;
 * beside the HttpClient the router forwards with, it adds about 10; and the authorizer's JWKS fetch
 * loads it anyway.
 *
 * <p>Requests and answers are DynamoDB's JSON as maps ({@link DynamoDbJson} turns items into plain
 * Java). A call is retried, with exponential backoff and full jitter, on throttling, on 5xx answers and
 * on I/O errors, all within {@link #CALL_TIMEOUT} (or a caller's earlier deadline), so a
 * route refresh never hangs; connecting is given {@link #CONNECT_TIMEOUT}. Other 4xx
 * answers fail at once with DynamoDB's error type and message and the table's name
 * ({@link DynamoDbException}). Thread-safe; connections are kept alive between calls.
 */
public final class DynamoDbJsonClient {

    /** How long connecting may take: a route refresh must never hang, the last good table keeps serving. */
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    /** How long a call may take, its retries included. */
    public static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);
    static final String TARGET_PREFIX = "DynamoDB_20120810.";
    static final String CONTENT_TYPE = "application/x-amz-json-1.0";
    /** One call and three retries, as the AWS SDK's standard retry mode allows for DynamoDB. */
    static final int MAX_ATTEMPTS = 4;
    static final Duration BACKOFF_BASE = Duration.ofMillis(25);
    /** Throttling waits longer: the table needs the time to let more through. */
    static final Duration THROTTLED_BACKOFF_BASE = Duration.ofMillis(250);
    static final Duration BACKOFF_CAP = Duration.ofSeconds(2);
    private static final Set<String> THROTTLING = Set.of("ProvisionedThroughputExceededException", "ThrottlingException",
            "RequestLimitExceeded", "ThrottlingReasonException");

    private final URI endpoint;
    private final String region;
    private final Supplier<AwsCredentials> credentials;
    private final Duration callTimeout;

    public DynamoDbJsonClient(URI endpoint, String region, Supplier<AwsCredentials> credentials) {
        this(endpoint, region, credentials, CALL_TIMEOUT);
    }

    /** @param callTimeout how long a call may take, its retries included */
    public DynamoDbJsonClient(URI endpoint, String region, Supplier<AwsCredentials> credentials, Duration callTimeout) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        if (endpoint.getHost() == null || !(endpoint.getScheme().equals("https") || endpoint.getScheme().equals("http"))) {
            throw new IllegalArgumentException("a DynamoDB endpoint is an http(s) URL with a host, was '" + endpoint + "'");
        }
        if (region == null || region.isBlank()) {
            throw new IllegalArgumentException("a DynamoDB client needs a region");
        }
        this.region = region;
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.callTimeout = Objects.requireNonNull(callTimeout, "callTimeout");
    }

    /**
     * A client as a Lambda function's environment describes it: the region from {@code AWS_REGION} (or
     * {@code AWS_DEFAULT_REGION}), the endpoint from {@code AWS_ENDPOINT_URL_DYNAMODB} or
     * {@code AWS_ENDPOINT_URL} ({@link #endpointOverride}) or else the region's, and the
     * credentials of {@link AwsCredentials#fromEnvironment}.
     *
     * @throws IllegalArgumentException naming what is missing
     */
    public static DynamoDbJsonClient fromEnvironment(Map<String, String> environment) {
        String region = region(environment);
        return new DynamoDbJsonClient(endpoint(environment, region), region, AwsCredentials.fromEnvironment(environment));
    }

    /** {@code AWS_REGION}, else {@code AWS_DEFAULT_REGION}. */
    static String region(Map<String, String> environment) {
        String region = environment.get("AWS_REGION");
        if (region == null || region.isBlank()) {
            region = environment.get("AWS_DEFAULT_REGION");
        }
        if (region == null || region.isBlank()) {
            throw new IllegalArgumentException("set AWS_REGION to the DynamoDB table's region");
        }
        return region.strip();
    }

    /** The environment's endpoint override, else DynamoDB's public endpoint in the region. */
    public static URI endpoint(Map<String, String> environment, String region) {
        return endpointOverride(environment)
                .orElseGet(() -> URI.create("https://dynamodb." + region + ".amazonaws.com" + (region.startsWith("cn-") ? ".cn" : "")));
    }

    /** The endpoint the environment points DynamoDB at, in practice an emulator ({@code AWS_ENDPOINT_URL_DYNAMODB} or {@code AWS_ENDPOINT_URL}), if any. */
    public static Optional<URI> endpointOverride(Map<String, String> environment) {
        String endpoint = environment.getOrDefault("AWS_ENDPOINT_URL_DYNAMODB", environment.get("AWS_ENDPOINT_URL"));
        return endpoint == null || endpoint.isBlank() ? Optional.empty() : Optional.of(URI.create(endpoint.strip()));
    }

    public URI endpoint() {
        return endpoint;
    }

    public String region() {
        return region;
    }

    /**
     * A Query's items, every page of them (following {@code LastEvaluatedKey}), as plain Java.
     *
     * @param request the Query request in DynamoDB JSON; its {@code ExclusiveStartKey} is set page by page
     */
    public List<Map<String, Object>> query(Map<String, Object> request) {
        List<Map<String, Object>> items = new ArrayList<>();
        Map<String, Object> page = new LinkedHashMap<>(request);
        while (true) {
            Map<String, Object> answer = call("Query", page, Instant.MAX);
            if (answer.get("Items") instanceof List<?> found) {
                for (Object item : found) {
                    items.add(DynamoDbJson.toJava(attributes(item)));
                }
            }
            if (!(answer.get("LastEvaluatedKey") instanceof Map<?, ?> last) || last.isEmpty()) {
                return items;
            }
            page.put("ExclusiveStartKey", last);
        }
    }

    /** A GetItem's item as plain Java, empty when there is none. */
    public Optional<Map<String, Object>> getItem(Map<String, Object> request, Instant deadline) {
        Map<String, Object> answer = call("GetItem", request, deadline);
        return answer.get("Item") instanceof Map<?, ?> item && !item.isEmpty()
                ? Optional.of(DynamoDbJson.toJava(attributes(item)))
                : Optional.empty();
    }

    /** {@link #call(String, Map, Instant)} with no deadline but the client's call timeout. */
    public Map<String, Object> call(String operation, Map<String, Object> request) {
        return call(operation, request, Instant.MAX);
    }

    /**
     * One operation of DynamoDB's API, retried as the class says.
     *
     * @param operation e.g. {@code GetItem}, {@code Query}, {@code UpdateItem}
     * @param request   the request in DynamoDB JSON, as maps, lists, strings and booleans
     * @param deadline  when to give up, retries included, if before the call timeout runs out
     * @return the answer in DynamoDB JSON
     * @throws DynamoDbException when DynamoDB refused the request, or did not answer in time
     */
    public Map<String, Object> call(String operation, Map<String, Object> request, Instant deadline) {
        Instant start = Instant.now();
        Instant until = start.plus(callTimeout);
        if (deadline.isBefore(until)) {
            until = deadline;
        }
        String table = request.get("TableName") instanceof String name ? "table " + name : "no table";
        String what = "DynamoDB " + operation + " on " + table;
        byte[] body;
        try {
            body = JSON.std.asBytes(request);
        } catch (IOException e) {
            throw new IllegalArgumentException(what + ": the request is not JSON: " + e.getMessage(), e);
        }
        DynamoDbException last = null;
        for (int attempt = 1; ; attempt++) {
            Duration left = Duration.between(Instant.now(), until);
            if (left.toMillis() <= 0) {
                throw new DynamoDbException(what + ": no answer within " + Duration.between(start, until).toMillis() + " ms"
                        + (last == null ? "" : " (" + (attempt - 1) + " attempts, the last: " + last.getMessage() + ")"),
                        last == null ? "" : last.type(), last == null ? 0 : last.status(), last);
            }
            boolean throttled = false;
            try {
                return answer(what, send(operation, body, left));
            } catch (DynamoDbException e) {
                last = e;
                if (!(e.status() >= 500 || THROTTLING.contains(e.type()))) {
                    throw e;
                }
                throttled = THROTTLING.contains(e.type());
            } catch (IOException e) {
                last = new DynamoDbException(what + ": no answer from " + endpoint + ": "
                        + (e instanceof SocketTimeoutException ? "timed out" : e.getClass().getSimpleName() + ": " + e.getMessage()), "", 0, e);
            }
            if (attempt == MAX_ATTEMPTS) {
                throw new DynamoDbException(last.getMessage() + " (after " + attempt + " attempts)", last.type(), last.status(), last);
            }
            long sleep = ThreadLocalRandom.current().nextLong(backoffCapMillis(attempt, throttled) + 1);
            if (Instant.now().plusMillis(sleep).isAfter(until)) {
                throw new DynamoDbException(last.getMessage() + " (no time left to retry after " + attempt + " attempts)",
                        last.type(), last.status(), last);
            }
            try {
                Thread.sleep(sleep);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DynamoDbException(what + ": interrupted", last.type(), last.status(), e);
            }
        }
    }

    /** The longest wait after this attempt (full jitter waits a random time up to it): doubling from the base, capped. */
    static long backoffCapMillis(int attempt, boolean throttled) {
        long base = (throttled ? THROTTLED_BACKOFF_BASE : BACKOFF_BASE).toMillis();
        return Math.min(BACKOFF_CAP.toMillis(), base << Math.min(attempt - 1, 20));
    }

    /** One attempt: the status and the body of the answer. */
    private Response send(String operation, byte[] body, Duration left) throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Host", host(endpoint));
        headers.put("Content-Type", CONTENT_TYPE);
        headers.put("X-Amz-Target", TARGET_PREFIX + operation);
        AwsCredentials signing;
        try {
            signing = credentials.get();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        headers.putAll(SigV4.sign("POST", endpoint, headers, body, signing, region, "dynamodb", Instant.now()));
        headers.remove("Host"); // The connection writes it, from the same URL.
        HttpURLConnection connection = (HttpURLConnection) endpoint.toURL().openConnection();
        int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, left.toMillis()));
        connection.setConnectTimeout((int) Math.min(millis, CONNECT_TIMEOUT.toMillis()));
        // Each read waits at most what is left of the call; DynamoDB answers in one piece.
        connection.setReadTimeout(millis);
        connection.setRequestMethod("POST");
        connection.setDoOutput(true);
        connection.setFixedLengthStreamingMode(body.length);
        connection.setUseCaches(false);
        headers.forEach(connection::setRequestProperty);
        try {
            try (OutputStream out = connection.getOutputStream()) {
                out.write(body);
            }
            int status = connection.getResponseCode();
            InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
            byte[] answer;
            if (in == null) {
                answer = new byte[0];
            } else {
                // Read to the end and closed, the connection is kept alive for the next call.
                try (in) {
                    answer = in.readAllBytes();
                }
            }
            return new Response(status, answer);
        } catch (IOException e) {
            connection.disconnect();
            throw e;
        }
    }

    private record Response(int statusCode, byte[] body) {
    }

    /** The answer's JSON when it is a 200, else DynamoDB's error as an exception. */
    private static Map<String, Object> answer(String what, Response response) {
        Map<String, Object> json;
        try {
            json = response.body().length == 0 ? Map.of() : JSON.std.mapFrom(response.body());
        } catch (IOException | RuntimeException e) {
            json = null;
        }
        int status = response.statusCode();
        if (status == 200 && json != null) {
            return json;
        }
        String type = json != null && json.get("__type") instanceof String t ? t.substring(t.lastIndexOf('#') + 1) : "";
        Object message = json == null ? null : json.getOrDefault("message", json.get("Message"));
        String detail = type.isEmpty() && message == null
                ? (json == null ? "an answer that is not JSON: " + snippet(response.body()) : "no error type")
                : type + (message == null ? "" : ": " + message);
        throw new DynamoDbException(what + ": " + detail + " (HTTP " + status + ")", type, status, null);
    }

    /** The start of a body, on one line, for an error message. */
    private static String snippet(byte[] body) {
        String text = new String(body, 0, Math.min(body.length, 300), java.nio.charset.StandardCharsets.UTF_8).replaceAll("\\s+", " ").strip();
        return text.isEmpty() ? "(empty)" : text;
    }

    /** The Host header the connection sends for the endpoint: the port only when it is not the scheme's own. */
    static String host(URI endpoint) {
        int port = endpoint.getPort();
        boolean defaultPort = port == -1 || (port == 443 && endpoint.getScheme().equals("https"))
                || (port == 80 && endpoint.getScheme().equals("http"));
        return defaultPort ? endpoint.getHost() : endpoint.getHost() + ":" + port;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> attributes(Object item) {
        if (item instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        throw new IllegalArgumentException("not a DynamoDB item: " + item);
    }
}
