package dev.lambassador.core.apigw;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import com.sun.net.httpserver.HttpServer;
import dev.lambassador.core.Gateway;
import dev.lambassador.core.GatewayResponse;
import dev.lambassador.core.Headers;
import dev.lambassador.core.auth.AuthFilter;
import dev.lambassador.core.auth.RouteAuth;
import dev.lambassador.core.backend.BackendClient;
import dev.lambassador.core.backend.HttpBackend;
import dev.lambassador.core.backend.HttpForwarder;
import dev.lambassador.core.cors.CorsPolicy;
import dev.lambassador.core.observe.CorrelationId;
import dev.lambassador.core.observe.TraceContext;
import dev.lambassador.core.route.RouteTable;
import dev.lambassador.core.route.SampleItems;
import dev.lambassador.testing.fuzz.Fuzz;
import dev.lambassador.testing.fuzz.Gen;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The event adapters fuzzed through {@link ProxyIntegration}, as the router runs them: API Gateway's
 * own sample events (events/), REST payload 1.0 and HTTP API 2.0, mutated (fields dropped, values of
 * the wrong type, strings with lone surrogates, control characters, percent-encoding edge cases,
 * huge values, odd Unicode) and sent at a table with every kind of route: conditions, filters with
 * templates, JSON transforms, matrix parameters, a weighted split, auth and scopes, an API with
 * versions. Whatever comes in, the answer is a response (never an exception), never a 500, and
 * every error is JSON naming the request id the event carries, or the Lambda one when it carries
 * none that can be read. Runs: see {@link Fuzz}.
 */
class EventFuzzTest {

    private static final Path EVENTS = Path.of("../../events");
    private static final String FALLBACK_ID = "lambda-request-id";
    private static final List<String> PATHS = List.of("/echo/hello", "/echo/a/b/", "/orders/42", "/public/7/x", "/files/a;v=1/b",
            "/split/x", "/keyed", "/shop/items/7", "/v1/shop/items/7", "/v0/shop", "/shop", "/", "/nowhere");
    private static final List<String> HEADERS = List.of("Host", "X-Beta", "X-Tenant", "X-A", "Content-Type", "Accept", "Api-Version",
            "Origin", "Access-Control-Request-Method", "traceparent", "tracestate", "X-Amzn-Trace-Id", "X-Correlation-Id", "X-Request-Id",
            "X-Forwarded-For", "X-User", "Cookie", "X-Lambassador-Target", "Authorization", "x-api-key", "Content-Length", "Connection");
    private static final List<Map<String, Object>> AUTHORIZERS = List.of(
            Map.of("auth", "jwt", "subject", "user-1", "consumer", "web", "scopes", "orders:read", "plan", "", "issuer", "https://id"),
            Map.of("lambda", Map.of("auth", "apiKey", "subject", "acme", "consumer", "acme", "scopes", "", "plan", "gold")),
            Map.of("jwt", Map.of("claims", Map.of("sub", "u", "scope", "orders:read"))),
            Map.of("principalId", "anonymous", "auth", "anonymous"));

    private static List<Map<String, Object>> samples;
    private static HttpServer backend;
    private static ProxyIntegration inProcess;
    private static ProxyIntegration forwarding;

    @BeforeAll
    static void setUp() throws IOException {
        samples = new ArrayList<>();
        for (String file : List.of("rest-v1-get.json", "rest-v1-post-binary.json", "http-v2-get.json", "http-v2-post.json")) {
            samples.add(JSON.std.mapFrom(Files.readAllBytes(EVENTS.resolve(file))));
        }
        backend = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        backend.setExecutor(Executors.newFixedThreadPool(2));
        backend.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String type = exchange.getRequestHeaders().getFirst("Content-Type");
            exchange.getResponseHeaders().set("Content-Type", type == null ? "application/octet-stream" : type);
            exchange.getResponseHeaders().set("X-Path", exchange.getRequestURI().getRawPath());
            exchange.sendResponseHeaders(200, body.length == 0 ? -1 : body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        backend.start();
        // In process: what the backend got comes back as its answer, so responses are fuzzed too.
        BackendClient echo = BackendClient.of(HttpBackend.TYPE, (request, exchange, target) -> new GatewayResponse(200,
                Headers.builder().set("Content-Type", request.headers().first("Content-Type").orElse("text/plain"))
                        .set("X-Path", request.path()).build(), request.body()));
        inProcess = integration("http://backend.invalid", echo);
        forwarding = integration("http://127.0.0.1:" + backend.getAddress().getPort(), HttpForwarder.create(Duration.ofSeconds(2)));
    }

    @AfterAll
    static void stop() {
        backend.stop(0);
    }

    private static ProxyIntegration integration(String url, BackendClient client) {
        RouteTable.Compiled compiled = RouteTable.compileItems(SampleItems.all(url));
        assertThat(compiled.rejected()).isEmpty();
        return new ProxyIntegration(Gateway.builder()
                .routes(compiled.table())
                .globalFilter(new CorrelationId())
                .globalFilter(new TraceContext())
                .afterRouting(new AuthFilter(RouteAuth.ANY))
                .backendClient(client)
                .cors(CorsPolicy.fromSettings(Map.of("CORS_ALLOW_ORIGINS", "https://app.example.com,https://*.example.org")).orElseThrow())
                .build());
    }

    @Test
    void mutatedEventsAreAnsweredWithoutA500() {
        Fuzz.check("mutated events, in process", 10_000, EventFuzzTest::event, event -> holds(inProcess, event));
    }

    @Test
    void mutatedEventsThroughTheHttpForwarderAreAnsweredWithoutA500() {
        Fuzz.check("mutated events, forwarded on loopback", 1_000, EventFuzzTest::event, event -> holds(forwarding, event));
    }

    @Test
    void mangledEventBytesAreAnsweredWithoutA500() {
        Fuzz.check("mangled event bytes", 3_000, EventFuzzTest::bytes, event -> holds(inProcess, event));
    }

    /** A sample event, aimed at one of the routes, then mutated; written as JSON. */
    static byte[] event(Random random) {
        // Half the events keep their shape, so that hostile values reach routing, filters and backends.
        Object mutated = random.nextBoolean() ? aimed(random) : Gen.mutate(random, aimed(random), 10 + random.nextInt(60));
        try {
            return JSON.std.asBytes(mutated);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A sample event with a path of one of the routes (mangled now and then), headers, a query, a body and a caller. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> aimed(Random random) {
        Map<String, Object> event = (Map<String, Object>) Gen.copy(Gen.oneOf(random, samples));
        boolean v2 = "2.0".equals(event.get("version"));
        String path = Gen.oneOf(random, PATHS);
        if (random.nextInt(3) == 0) {
            path = Gen.mangle(random, path);
            path = random.nextInt(4) == 0 ? path : Gen.wellFormed(path);
        }
        Map<String, Object> context = new LinkedHashMap<>((Map<String, Object>) event.get("requestContext"));
        event.put("requestContext", context);
        if (v2) {
            event.put("rawPath", path);
            Map<String, Object> http = new LinkedHashMap<>((Map<String, Object>) context.get("http"));
            http.put("method", method(random));
            context.put("http", http);
            event.put("rawQueryString", random.nextBoolean() ? "" : query(random));
        } else {
            event.put("path", path);
            event.put("httpMethod", method(random));
            Map<String, List<String>> query = new LinkedHashMap<>();
            for (int i = random.nextInt(3); i > 0; i--) {
                query.computeIfAbsent(Gen.oneOf(random, "q", "beta", "debug", "version", text(random)), name -> new ArrayList<>())
                        .add(text(random));
            }
            event.put("multiValueQueryStringParameters", query);
        }
        Map<String, Object> headers = new LinkedHashMap<>(event.get("headers") instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of());
        for (int i = random.nextInt(5); i > 0; i--) {
            headers.put(Gen.oneOf(random, HEADERS), headerValue(random));
        }
        event.put("headers", headers);
        if (!v2) {
            Map<String, Object> multi = new LinkedHashMap<>();
            headers.forEach((name, value) -> multi.put(name, random.nextInt(8) == 0 ? List.of(value, headerValue(random)) : List.of(value)));
            event.put("multiValueHeaders", multi);
        }
        if (random.nextBoolean()) {
            event.put("body", Gen.oneOf(random, "{\"a\":1,\"meta\":{}}", "[1,2]", "{\"a\":", "\u0000\"\"", text(random)));
            event.put("isBase64Encoded", false);
        } else if (random.nextInt(4) == 0) {
            event.put("body", Base64.getEncoder().encodeToString(Gen.string(random).getBytes(StandardCharsets.UTF_8)));
            event.put("isBase64Encoded", true);
        }
        if (random.nextBoolean()) {
            context.put("authorizer", Gen.oneOf(random, AUTHORIZERS));
        }
        return event;
    }

    private static String method(Random random) {
        return random.nextInt(10) == 0 ? Gen.oneOf(random, "get", "TRACE", "CONNECT", Gen.string(random)) : Gen.oneOf(random, "GET", "POST", "OPTIONS", "DELETE", "PATCH");
    }

    /** Mostly well-formed text, so that values get past the adapters; a lone surrogate now and then. */
    private static String text(Random random) {
        String text = Gen.string(random);
        return random.nextInt(5) == 0 ? text : Gen.wellFormed(text);
    }

    private static String query(Random random) {
        StringBuilder out = new StringBuilder();
        for (int i = 1 + random.nextInt(3); i > 0; i--) {
            out.append(out.isEmpty() ? "" : "&").append(Gen.oneOf(random, "q", "beta", "debug", "version", "fixed", text(random)))
                    .append('=').append(text(random));
        }
        return out.toString();
    }

    private static String headerValue(Random random) {
        int roll = random.nextInt(40);
        if (roll == 0) {
            return Gen.mangle(random, Gen.plain(random, 8_000 + random.nextInt(4_000)));
        }
        return roll < 15 ? Gen.oneOf(random, "on", "application/json", "application/vnd.shop.v1+json;q=0.5", "v1", "https://app.example.com",
                    "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", "Root=1-5e66d96f-7491f09xmpl79d18acf3d050;Parent=1;Sampled=1",
                    "Bearer x", "session=abc; theme=dark", "blue", "198.51.100.1, 10.0.0.1") : text(random);
    }

    /** A sample event's JSON text, cut, with bytes changed, or with escapes for lone surrogates put in. */
    static byte[] bytes(Random random) {
        byte[] json = event(random);
        String text = new String(json, StandardCharsets.UTF_8);
        return switch (random.nextInt(4)) {
            case 0 -> java.util.Arrays.copyOf(json, random.nextInt(json.length + 1));
            case 1 -> {
                byte[] changed = json.clone();
                for (int i = 1 + random.nextInt(4); i > 0; i--) {
                    changed[random.nextInt(changed.length)] = (byte) random.nextInt(256);
                }
                yield changed;
            }
            case 2 -> {
                int quote = text.indexOf('"', random.nextInt(text.length()));
                yield quote < 0 ? json : (text.substring(0, quote + 1) + Gen.oneOf(random, "\\ud800", "\\udc00", "\\u0000", "\\uDFFF\\uD800", "\\")
                        + text.substring(quote + 1)).getBytes(StandardCharsets.UTF_8);
            }
            default -> Gen.oneOf(random, "", "null", "[]", "\"event\"", "{}", "{\"version\":\"2.0\"}", "{\"requestContext\":{\"requestId\":7}}",
                    "\ufeff{}", "{\"httpMethod\":\"GET\",\"path\":\"/echo/x\",\"requestContext\":{\"requestId\":\"r-1\"}}")
                    .getBytes(StandardCharsets.UTF_8);
        };
    }

    /** The property: a JSON response, not a 500, and errors in JSON under the request id the event gives. */
    static void holds(ProxyIntegration integration, byte[] event) throws IOException {
        byte[] answer = integration.handle(event, FALLBACK_ID);
        Map<String, Object> response = JSON.std.mapFrom(answer);
        int status = ((Number) response.get("statusCode")).intValue();
        assertThat(status).as("status").isBetween(200, 599).isNotEqualTo(500);
        if (status < 400) {
            return;
        }
        String body = (String) response.get("body");
        byte[] bytes = Boolean.TRUE.equals(response.get("isBase64Encoded")) ? Base64.getDecoder().decode(body)
                : body.getBytes(StandardCharsets.UTF_8);
        Map<String, Object> error = JSON.std.mapFrom(bytes);
        assertThat(error.get("message")).as("message").isInstanceOf(String.class);
        assertThat(error.get("requestId")).as("requestId").isEqualTo(expectedRequestId(event));
    }

    /** {@code requestContext.requestId} when the event has one that can be read, else the Lambda request id. */
    private static String expectedRequestId(byte[] event) {
        Map<String, Object> json = EventJson.read(event).orElse(Map.of());
        return json.get("requestContext") instanceof Map<?, ?> context && context.get("requestId") instanceof String id && !id.isEmpty()
                && wellFormed(id) ? id : FALLBACK_ID;
    }

    private static boolean wellFormed(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}
