package dev.lambassador.core.backend;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.lambassador.core.Gateway;
import dev.lambassador.core.GatewayRequest;
import dev.lambassador.core.GatewayResponse;
import dev.lambassador.core.Headers;
import dev.lambassador.core.route.RouteTable;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A {@code lambda} backend through the gateway: the event the function gets, and what the client
 * sees of its answer. The function runs in-process here; the SDK's side of the wire is tested
 * against the local function runtime in the local module.
 */
@SuppressWarnings("unchecked")
class LambdaForwarderTest {

    /** What the invoker was asked. */
    private record Call(String function, String qualifier, Map<String, Object> event, Duration timeout) {
    }

    private final List<Call> calls = new ArrayList<>();

    private Gateway gateway(Map<String, Object> backend, LambdaForwarder.FunctionInvoker answer) {
        Map<String, Object> route = new HashMap<>(Map.of("id", "orders", "path", "/api/orders/{id}", "methods", List.of("ANY"),
                "auth", "none", "timeoutMs", 1500, "backend", backend,
                "filters", List.of(Map.of("name", "stripPrefix", "args", Map.of("parts", 1)),
                        Map.of("name", "setRequestHeader", "args", Map.of("name", "X-Tenant", "value", "acme")))));
        RouteTable.Compiled compiled = RouteTable.compileItems(List.of(route));
        assertThat(compiled.rejected()).isEmpty();
        return Gateway.builder().routes(compiled.table()).backendClient(new LambdaForwarder((function, qualifier, event, timeout) -> {
            calls.add(new Call(function, qualifier, JSON.std.mapFrom(event), timeout));
            return answer.invoke(function, qualifier, event, timeout);
        })).build();
    }

    private static LambdaForwarder.Invocation answer(String json) {
        return new LambdaForwarder.Invocation(json.getBytes(StandardCharsets.UTF_8), null);
    }

    private static GatewayRequest post(String path, String body) {
        return new GatewayRequest("POST", path, "dry=1&tag=a&tag=b", null,
                Headers.of("Host", "api.example.com", "Content-Type", "application/json", "Connection", "keep-alive"),
                body.getBytes(StandardCharsets.UTF_8), "203.0.113.9", "req-1", Map.of("principalId", "alice", "scopes", "orders:read"));
    }

    private static Map<String, Object> body(GatewayResponse response) throws Exception {
        return JSON.std.mapFrom(response.body());
    }

    @Test
    void theFunctionGetsARestApiEventOfTheRequestAsTheFiltersLeftIt() {
        Gateway gateway = gateway(Map.of("type", "lambda", "function", "orders-api", "qualifier", "live"),
                (f, q, e, t) -> answer("{\"statusCode\": 200}"));

        gateway.handle(post("/api/orders/42", "{\"item\":\"book\"}"));

        Call call = calls.getFirst();
        assertThat(call.function()).isEqualTo("orders-api");
        assertThat(call.qualifier()).isEqualTo("live");
        assertThat(call.timeout()).isEqualTo(Duration.ofMillis(1500));
        Map<String, Object> event = call.event();
        assertThat(event).containsEntry("httpMethod", "POST").containsEntry("path", "/orders/42")
                .containsEntry("resource", "/api/orders/{id}").containsEntry("pathParameters", Map.of("id", "42"))
                .containsEntry("queryStringParameters", Map.of("dry", "1", "tag", "b"))
                .containsEntry("multiValueQueryStringParameters", Map.of("dry", List.of("1"), "tag", List.of("a", "b")))
                .containsEntry("body", "{\"item\":\"book\"}").containsEntry("isBase64Encoded", false);
        Map<String, Object> headers = (Map<String, Object>) event.get("headers");
        assertThat(headers).containsEntry("X-Tenant", "acme").containsEntry("Host", "api.example.com")
                .containsEntry("X-Forwarded-For", "203.0.113.9").containsEntry("X-Request-Id", "req-1")
                .doesNotContainKey("Connection");
        Map<String, Object> context = (Map<String, Object>) event.get("requestContext");
        assertThat(context).containsEntry("requestId", "req-1").containsEntry("httpMethod", "POST")
                .containsEntry("authorizer", Map.of("principalId", "alice", "scopes", "orders:read"));
        assertThat((Map<String, Object>) context.get("identity")).containsEntry("sourceIp", "203.0.113.9");
    }

    @Test
    void anHttpApiPayloadIsVersionTwoWithTheAuthorizerUnderLambda() {
        Gateway gateway = gateway(Map.of("type", "lambda", "function", "orders-api", "payload", "2.0"),
                (f, q, e, t) -> answer("{\"statusCode\": 200}"));

        gateway.handle(post("/api/orders/42", "{}"));

        Map<String, Object> event = calls.getFirst().event();
        assertThat(event).containsEntry("version", "2.0").containsEntry("rawPath", "/orders/42")
                .containsEntry("rawQueryString", "dry=1&tag=a&tag=b").containsEntry("pathParameters", Map.of("id", "42"));
        assertThat((Map<String, Object>) event.get("headers")).containsEntry("x-tenant", "acme");
        assertThat((Map<String, Object>) ((Map<String, Object>) event.get("requestContext")).get("authorizer"))
                .isEqualTo(Map.of("lambda", Map.of("principalId", "alice", "scopes", "orders:read")));
        assertThat(calls.getFirst().qualifier()).isEmpty();
    }

    @Test
    void theClientGetsTheFunctionsStatusHeadersAndBody() {
        Gateway gateway = gateway(Map.of("type", "lambda", "function", "orders-api"), (f, q, e, t) -> answer("""
                {"statusCode": 201, "headers": {"Content-Type": "application/json", "Connection": "close"},
                 "multiValueHeaders": {"Set-Cookie": ["a=1", "b=2"]}, "body": "{\\"id\\":42}", "isBase64Encoded": false}"""));

        GatewayResponse response = gateway.handle(post("/api/orders/42", "{}"));

        assertThat(response.status()).isEqualTo(201);
        assertThat(response.bodyAsString()).isEqualTo("{\"id\":42}");
        assertThat(response.headers().all("Set-Cookie")).containsExactly("a=1", "b=2");
        assertThat(response.headers().first("Content-Type")).contains("application/json");
        assertThat(response.headers().contains("Connection")).isFalse();
    }

    @Test
    void aFailedFunctionIsA502ThatNamesTheErrorKindButNotTheStack() throws Exception {
        Gateway gateway = gateway(Map.of("type", "lambda", "function", "orders-api"), (f, q, e, t) -> new LambdaForwarder.Invocation(
                "{\"errorMessage\":\"db password wrong\",\"errorType\":\"java.lang.IllegalStateException\"}".getBytes(StandardCharsets.UTF_8),
                "Unhandled"));

        GatewayResponse response = gateway.handle(post("/api/orders/42", "{}"));

        assertThat(response.status()).isEqualTo(502);
        assertThat(body(response)).containsEntry("message", "the backend function failed").containsEntry("requestId", "req-1")
                .containsEntry("functionError", "Unhandled");
        assertThat(response.bodyAsString()).doesNotContain("password");
    }

    @Test
    void anAnswerThatIsNoProxyResponseIsA502() throws Exception {
        Gateway gateway = gateway(Map.of("type", "lambda", "function", "orders-api"), (f, q, e, t) -> answer("\"just a string\""));

        GatewayResponse response = gateway.handle(post("/api/orders/42", "{}"));

        assertThat(response.status()).isEqualTo(502);
        assertThat(body(response)).containsEntry("message", "the backend function's answer is not a proxy response: no statusCode");
    }

    @Test
    void aFunctionThatRunsOutOfTimeIsA504() throws Exception {
        Gateway gateway = gateway(Map.of("type", "lambda", "function", "orders-api"), (f, q, e, t) -> {
            throw new HttpTimeoutException("function did not answer within " + t.toMillis() + " ms");
        });

        GatewayResponse response = gateway.handle(post("/api/orders/42", "{}"));

        assertThat(response.status()).isEqualTo(504);
        assertThat(body(response)).containsEntry("message", "backend did not answer in time");
    }

    @Test
    void aRequestTooLargeForAnInvocationIsA413AndNoFunctionIsCalled() throws Exception {
        Gateway gateway = gateway(Map.of("type", "lambda", "function", "orders-api"), (f, q, e, t) -> answer("{\"statusCode\": 200}"));
        AtomicReference<GatewayResponse> response = new AtomicReference<>();

        response.set(gateway.handle(post("/api/orders/42", "x".repeat(LambdaForwarder.MAX_EVENT_BYTES))));

        assertThat(response.get().status()).isEqualTo(413);
        assertThat(body(response.get()).get("message").toString()).startsWith("the request is too large to invoke a function with");
        assertThat(calls).isEmpty();
    }
}
