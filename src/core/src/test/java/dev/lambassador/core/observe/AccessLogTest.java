package dev.lambassador.core.observe;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.lambassador.core.Gateway;
import dev.lambassador.core.GatewayRequest;
import dev.lambassador.core.apigw.ProxyIntegration;
import dev.lambassador.core.Headers;
import dev.lambassador.core.route.RouteTable;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The access line and EMF document JsonTelemetry prints for requests through a real gateway and backend. */
@SuppressWarnings("unchecked")
class AccessLogTest {

    @RegisterExtension
    static final WireMockExtension backend = WireMockExtension.newInstance()
            .options(options().dynamicPort().bindAddress("127.0.0.1")).build();

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final AtomicLong failures = new AtomicLong();
    private Gateway gateway;

    @BeforeEach
    void start() {
        backend.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("hello")));
        RouteTable routes = RouteTable.compileItems(List.of(
                Map.of("id", "api", "path", "/api/{proxy+}", "backend", backend.baseUrl(), "auth", "none"),
                Map.of("id", "opens", "path", "/opens", "backend", backend.baseUrl(), "auth", "none",
                        "filters", List.of(Map.of("name", "setRequestHeader", "args", Map.of("name", "X-A", "value", "b")))))).table();
        RouteTableStatus status = new RouteTableStatus() {
            @Override
            public long ageMillis() {
                return 12_345;
            }

            @Override
            public long refreshFailures() {
                return failures.get();
            }
        };
        JsonTelemetry telemetry = new JsonTelemetry(out, "orders-gateway", "Acme/Gateway", new JsonTelemetry.Function("router-fn", "7", 1024));
        gateway = Gateway.builder().routes(routes)
                .globalFilter(new CorrelationId())
                .globalFilter(new TraceContext())
                .globalFilter((request, chain) -> {
                    if (request.path().equals("/opens")) {
                        chain.exchange().put(AccessRecord.CIRCUIT_STATE, "open");
                        chain.exchange().put(AccessRecord.CIRCUIT_OPENED, true);
                    }
                    return chain.proceed(request);
                })
                .listener(new AccessLog(telemetry, status))
                .build();
    }

    private List<Map<String, Object>> lines() throws IOException {
        List<Map<String, Object>> lines = new ArrayList<>();
        for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
            lines.add(JSON.std.mapFrom(line));
        }
        out.reset();
        return lines;
    }

    private static GatewayRequest get(String path, String... headers) {
        return new GatewayRequest("GET", path, "", Map.of(), Headers.of(headers), "ping".getBytes(StandardCharsets.UTF_8),
                "203.0.113.9", "apigw-1", Map.of("auth", "jwt", "subject", "alice", "consumer", "web-app"));
    }

    @Test
    void anAnsweredRequestIsOneAccessLineAndOneEmfDocument() throws IOException {
        new Invocation("lambda-req-1", "").during(() -> gateway.handle(get("/api/x", "X-Correlation-Id", "corr-1",
                "traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")));

        List<Map<String, Object>> lines = lines();
        assertThat(lines).hasSize(2);
        Map<String, Object> access = lines.get(0);
        assertThat(access).containsEntry("level", "INFO").containsEntry("service", "orders-gateway")
                .containsEntry("message", "GET /api/x 200").containsEntry("cold_start", true)
                .containsEntry("function_name", "router-fn").containsEntry("function_memory_size", 1024)
                .containsEntry("function_version", "7").containsEntry("function_request_id", "lambda-req-1")
                .containsEntry("correlation_id", "corr-1").containsEntry("request_id", "apigw-1")
                .containsEntry("method", "GET").containsEntry("path", "/api/x").containsEntry("route", "api")
                .containsEntry("status", 200).containsEntry("backend_calls", 1).containsEntry("retries", 0)
                .containsEntry("caller", "jwt").containsEntry("principal", "alice").containsEntry("consumer", "web-app")
                .containsEntry("bytes_in", 4).containsEntry("bytes_out", 5).containsEntry("source_ip", "203.0.113.9")
                .containsEntry("trace_id", "4bf92f3577b34da6a3ce929d0e0e4736").containsEntry("parent_span_id", "00f067aa0ba902b7")
                .containsKeys("timestamp", "latency_ms", "backend_latency_ms", "span_id").doesNotContainKeys("error", "api", "version");
        assertThat(String.valueOf(access.get("timestamp"))).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{3})?Z");
        assertThat(((Number) access.get("latency_ms")).doubleValue()).isGreaterThanOrEqualTo(((Number) access.get("backend_latency_ms")).doubleValue());

        Map<String, Object> emf = lines.get(1);
        Map<String, Object> aws = (Map<String, Object>) emf.get("_aws");
        List<Map<String, Object>> directives = (List<Map<String, Object>>) aws.get("CloudWatchMetrics");
        assertThat(directives).hasSize(2).allSatisfy(directive -> assertThat(directive).containsEntry("Namespace", "Acme/Gateway"));
        assertThat(directives.get(0).get("Dimensions")).isEqualTo(List.of(List.of("service")));
        assertThat(names(directives.get(0))).containsExactly("Requests", "4XXError", "5XXError", "Latency", "BackendLatency", "Retries",
                "RouteTableAge");
        assertThat(directives.get(1).get("Dimensions")).isEqualTo(List.of(List.of("service", "route", "version", "status_class")));
        assertThat(names(directives.get(1))).containsExactly("Requests", "Latency", "BackendLatency");
        assertThat(emf).containsEntry("service", "orders-gateway").containsEntry("route", "api").containsEntry("version", "(none)")
                .containsEntry("status_class", "2xx").containsEntry("Requests", 1).containsEntry("4XXError", 0)
                .containsEntry("5XXError", 0).containsEntry("Retries", 0).containsEntry("RouteTableAge", 12)
                .containsEntry("request_id", "apigw-1").containsEntry("function_request_id", "lambda-req-1")
                .containsKeys("Latency", "BackendLatency");
        assertThat(((Number) aws.get("Timestamp")).longValue()).isPositive();
    }

    @Test
    void aRequestWithoutARouteIsLoggedAndCountedAsAnError() throws IOException {
        gateway.handle(get("/api/x"));
        lines();

        gateway.handle(get("/nowhere"));

        List<Map<String, Object>> lines = lines();
        assertThat(lines.get(0)).containsEntry("status", 404).containsEntry("error", "no_route").containsEntry("cold_start", false)
                .containsEntry("backend_calls", 0).containsKey("error_message").doesNotContainKeys("route", "backend_latency_ms");
        Map<String, Object> emf = lines.get(1);
        List<Map<String, Object>> directives = (List<Map<String, Object>>) ((Map<String, Object>) emf.get("_aws")).get("CloudWatchMetrics");
        assertThat(directives).hasSize(3);
        assertThat(directives.get(2).get("Dimensions")).isEqualTo(List.of(List.of("service", "error")));
        assertThat(names(directives.get(2))).containsExactly("Errors");
        assertThat(emf).containsEntry("route", "(none)").containsEntry("status_class", "4xx").containsEntry("4XXError", 1)
                .containsEntry("error", "no_route").containsEntry("Errors", 1).doesNotContainKey("BackendLatency");
    }

    @Test
    void aValueCannotEndTheLineOrForgeAField() throws IOException {
        String path = "/api/x\"\n{\"level\":\"ERROR\"}\u0007\\";

        gateway.handle(get(path));

        List<Map<String, Object>> lines = lines();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).containsEntry("path", path).containsEntry("level", "INFO");
    }

    @Test
    void circuitOpensAndRefreshFailuresAreCountedOnce() throws IOException {
        failures.set(2);

        gateway.handle(get("/opens"));
        List<Map<String, Object>> first = lines();
        gateway.handle(get("/api/x"));
        List<Map<String, Object>> second = lines();

        assertThat(first.get(0)).containsEntry("circuit", "open");
        assertThat(first.get(1)).containsEntry("CircuitOpens", 1).containsEntry("RouteTableRefreshFailures", 2);
        assertThat(second.get(1)).doesNotContainKeys("CircuitOpens", "RouteTableRefreshFailures");
    }

    @Test
    void aMalformedEventIsALineUnderItsOwnRequestId() throws IOException {
        byte[] event = """
                {"httpMethod":"GET","path":"/api/x","headers":"oops","requestContext":{"requestId":"apigw-9"}}"""
                .getBytes(StandardCharsets.UTF_8);

        new ProxyIntegration(gateway).handle(event, "lambda-9");

        List<Map<String, Object>> lines = lines();
        assertThat(lines.get(0)).containsEntry("request_id", "apigw-9").containsEntry("status", 400)
                .containsEntry("error", "malformed_event");
        assertThat((String) lines.get(0).get("error_message")).contains("'headers' must be an object");
        assertThat(lines.get(1)).containsEntry("4XXError", 1);
    }

    @Test
    void authorizerDecisionsAreALineAndADocument() throws IOException {
        JsonTelemetry telemetry = new JsonTelemetry(out, "orders-gateway", "Lambassador", JsonTelemetry.Function.NONE);

        telemetry.decision(new AuthorizerDecision(java.time.Instant.now(), "apigw-2", "", false, AuthorizerDecision.TOKEN_REFUSED,
                "token has expired", "", "", 1.25, true));

        List<Map<String, Object>> lines = lines();
        assertThat(lines.get(0)).containsEntry("level", "INFO").containsEntry("decision", "deny").containsEntry("reason", "token_refused")
                .containsEntry("detail", "token has expired").containsEntry("request_id", "apigw-2").containsEntry("cold_start", true)
                .doesNotContainKeys("principal", "function_name");
        Map<String, Object> aws = (Map<String, Object>) lines.get(1).get("_aws");
        Map<String, Object> directive = ((List<Map<String, Object>>) aws.get("CloudWatchMetrics")).getFirst();
        assertThat(directive.get("Dimensions")).isEqualTo(List.of(List.of("service", "decision"), List.of("service", "decision", "reason")));
        assertThat(lines.get(1)).containsEntry("decision", "deny").containsEntry("reason", "token_refused")
                .containsEntry("AuthorizerDecisions", 1).containsEntry("AuthorizerLatency", 1.25);
    }

    private static List<Object> names(Map<String, Object> directive) {
        return ((List<Map<String, Object>>) directive.get("Metrics")).stream().map(metric -> metric.get("Name")).toList();
    }
}
