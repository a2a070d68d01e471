package dev.lambassador.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.jr.ob.JSON;
import dev.lambassador.core.apigw.PayloadVersion;
import dev.lambassador.core.observe.TelemetrySink;
import dev.lambassador.core.route.RouteSource;
import dev.lambassador.router.LambdaInvoker;
import dev.lambassador.router.RouterConfig;
import dev.lambassador.router.RouterHandler;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code lambda} backends end to end: a real HTTP client, the local API Gateway, the router, the AWS
 * SDK's Lambda client and the local function runtime, which speaks Lambda's Invoke API on loopback
 * and runs the functions in-process. What the function received, and what the client saw.
 */
@SuppressWarnings("unchecked")
class LambdaBackendTest {

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private static LocalFunctionRuntime functions;
    private static LocalApiGateway gateway;

    /** Answers 201 with a header, a cookie and a base64 body, so every part of the mapping shows. */
    private static final RequestStreamHandler ORDERS = (input, output, context) -> output.write(JSON.std.asBytes(Map.of(
            "statusCode", 201,
            "headers", Map.of("Content-Type", "application/octet-stream", "X-Function", context.getFunctionName()),
            "multiValueHeaders", Map.of("Set-Cookie", List.of("a=1", "b=2")),
            "body", "AAEC/w==", "isBase64Encoded", true)));

    @BeforeAll
    static void start() throws Exception {
        functions = LocalFunctionRuntime.start()
                .deploy("orders", ORDERS)
                .deploy("broken", (input, output, context) -> {
                    throw new IllegalStateException("database password rejected");
                })
                .deploy("garbage", (input, output, context) -> output.write("<html>".getBytes(StandardCharsets.UTF_8)))
                .deploy(new LocalFunctionRuntime.Function("slow", (input, output, context) -> {
                    try {
                        Thread.sleep(3_000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }, Duration.ofSeconds(10), 128))
                .deploy(new LocalFunctionRuntime.Function("timed-out", (input, output, context) -> {
                    try {
                        Thread.sleep(3_000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }, Duration.ofMillis(200), 128));
        List<Map<String, Object>> routes = List.of(
                route("orders", "/orders/{id}", Map.of("type", "lambda", "function", "orders", "qualifier", "live"), 3000),
                route("orders-arn", "/arn/orders", Map.of("type", "lambda", "function", "arn:aws:lambda:us-east-1:123456789012:function:orders"), 3000),
                route("broken", "/broken", Map.of("type", "lambda", "function", "broken"), 3000),
                route("garbage", "/garbage", Map.of("type", "lambda", "function", "garbage"), 3000),
                route("slow", "/slow", Map.of("type", "lambda", "function", "slow"), 500),
                route("timed-out", "/timed-out", Map.of("type", "lambda", "function", "timed-out"), 3000),
                route("missing", "/missing", Map.of("type", "lambda", "function", "not-deployed"), 3000));
        RouteSource source = new RouteSource() {
            @Override
            public List<Map<String, Object>> load() {
                return routes;
            }

            @Override
            public String describe() {
                return "lambda routes";
            }
        };
        RouterHandler router = new RouterHandler(new RouterConfig(source, Duration.ofMinutes(5)), TelemetrySink.NONE,
                DevServer.localInvoker(functions));
        gateway = LocalApiGateway.start(new InetSocketAddress("127.0.0.1", 0), router, null, PayloadVersion.V1, null);
    }

    private static Map<String, Object> route(String id, String path, Map<String, Object> backend, int timeoutMs) {
        return Map.of("id", id, "path", path, "methods", List.of("ANY"), "backend", backend, "auth", "none", "timeoutMs", timeoutMs);
    }

    @AfterAll
    static void stop() {
        gateway.close();
        functions.close();
    }

    private static HttpResponse<byte[]> send(String method, String path, String body) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create(gateway.uri() + path)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").header("X-Custom", "yes")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static Map<String, Object> json(HttpResponse<byte[]> response) throws Exception {
        return JSON.std.mapFrom(response.body());
    }

    private static LocalFunctionRuntime.Invocation lastInvocationOf(String function) {
        return functions.invocations().stream().filter(invocation -> invocation.function().equals(function)).reduce((a, b) -> b).orElseThrow();
    }

    @Test
    void theFunctionIsInvokedWithTheEventOfTheRequestAndTheClientGetsItsAnswer() throws Exception {
        HttpResponse<byte[]> response = send("POST", "/orders/42?dry=1", "{\"item\":\"book\"}");

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.body()).containsExactly(0, 1, 2, 0xff);
        assertThat(response.headers().allValues("Set-Cookie")).containsExactly("a=1", "b=2");
        assertThat(response.headers().firstValue("X-Function")).contains("orders");
        LocalFunctionRuntime.Invocation invocation = lastInvocationOf("orders");
        assertThat(invocation.qualifier()).isEqualTo("live");
        Map<String, Object> event = JSON.std.mapFrom(invocation.event());
        assertThat(event).containsEntry("httpMethod", "POST").containsEntry("path", "/orders/42")
                .containsEntry("resource", "/orders/{id}").containsEntry("pathParameters", Map.of("id", "42"))
                .containsEntry("queryStringParameters", Map.of("dry", "1")).containsEntry("body", "{\"item\":\"book\"}");
        assertThat((Map<String, Object>) event.get("headers")).containsEntry("X-Custom", "yes").containsKey("X-Request-Id")
                .containsEntry("X-Forwarded-Proto", "http");
    }

    @Test
    void anArnNamesTheSameFunction() throws Exception {
        HttpResponse<byte[]> response = send("GET", "/arn/orders", null);

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(lastInvocationOf("orders").qualifier()).isEmpty();
    }

    @Test
    void aFunctionThatThrowsIsA502WithoutItsMessage() throws Exception {
        HttpResponse<byte[]> response = send("GET", "/broken", null);

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(json(response)).containsEntry("message", "the backend function failed").containsEntry("functionError", "Unhandled")
                .containsKey("requestId");
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).doesNotContain("password");
    }

    @Test
    void anAnswerThatIsNoProxyResponseIsA502() throws Exception {
        HttpResponse<byte[]> response = send("GET", "/garbage", null);

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(json(response)).containsEntry("message", "the backend function's answer is not a proxy response: not JSON");
    }

    @Test
    void aFunctionSlowerThanTheRouteAllowsIsA504() throws Exception {
        long started = System.nanoTime();
        HttpResponse<byte[]> response = send("GET", "/slow", null);

        assertThat(response.statusCode()).isEqualTo(504);
        assertThat(json(response)).containsEntry("message", "backend did not answer in time");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(2_500));
    }

    @Test
    void aFunctionThatRunsPastItsOwnTimeoutIsA502AsLambdaReportsIt() throws Exception {
        HttpResponse<byte[]> response = send("GET", "/timed-out", null);

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(json(response)).containsEntry("functionError", "Unhandled");
    }

    @Test
    void aFunctionThatDoesNotExistIsA502NamingIt() throws Exception {
        HttpResponse<byte[]> response = send("GET", "/missing", null);

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(json(response)).containsEntry("message", "the backend function does not exist: not-deployed");
    }

    @Test
    void aRuntimeThatIsGoneIsA502() throws Exception {
        LocalFunctionRuntime gone = LocalFunctionRuntime.start();
        LambdaInvoker invoker = DevServer.localInvoker(gone);
        gone.close();

        try {
            invoker.invoke("orders", "", "{}".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(2));
            assertThat(false).as("the invocation should have failed").isTrue();
        } catch (java.io.IOException e) {
            assertThat(dev.lambassador.core.ErrorResponses.from(e, "r").status()).isEqualTo(502);
        }
    }
}
