package dev.lambassador.core.observe;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.lambassador.core.Gateway;
import dev.lambassador.core.GatewayRequest;
import dev.lambassador.core.GatewayResponse;
import dev.lambassador.core.Headers;
import dev.lambassador.core.route.RouteTable;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The correlation id and trace headers a real backend receives, and what the client gets back. */
class CorrelationAndTraceTest {

    @RegisterExtension
    static final WireMockExtension backend = WireMockExtension.newInstance()
            .options(options().dynamicPort().bindAddress("127.0.0.1")).build();

    private Gateway gateway;

    @BeforeEach
    void start() {
        backend.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withHeader("X-Request-Id", "backend-own-id")));
        RouteTable routes = RouteTable.compileItems(List.of(Map.of(
                "id", "api", "path", "/api/{proxy+}", "backend", backend.baseUrl(), "auth", "none"))).table();
        gateway = Gateway.builder().routes(routes).globalFilter(new CorrelationId()).globalFilter(new TraceContext()).build();
    }

    private static GatewayRequest get(String path, String... headers) {
        return new GatewayRequest("GET", path, "", Map.of(), Headers.of(headers), null, "203.0.113.9", "apigw-request-1", Map.of());
    }

    private static LoggedRequest received() {
        assertThat(backend.getAllServeEvents()).hasSize(1);
        return backend.getAllServeEvents().getFirst().getRequest();
    }

    @Test
    void withoutAClientIdApiGatewaysRequestIdIsTheCorrelationId() {
        GatewayResponse response = gateway.handle(get("/api/x"));

        assertThat(received().getHeader("X-Request-Id")).isEqualTo("apigw-request-1");
        assertThat(received().getHeader("X-Correlation-Id")).isEqualTo("apigw-request-1");
        assertThat(response.headers().first("X-Request-Id")).contains("apigw-request-1");
        assertThat(response.headers().first("X-Correlation-Id")).contains("apigw-request-1");
    }

    @Test
    void aSafeClientIdIsForwardedAndReturned() {
        GatewayResponse response = gateway.handle(get("/api/x", "X-Request-Id", "01HV3K9Z8Q-client"));

        assertThat(received().getHeader("X-Request-Id")).isEqualTo("01HV3K9Z8Q-client");
        assertThat(received().getHeader("X-Correlation-Id")).isEqualTo("01HV3K9Z8Q-client");
        assertThat(response.headers().all("X-Request-Id")).containsExactly("01HV3K9Z8Q-client");
    }

    @Test
    void xCorrelationIdWinsOverXRequestId() {
        gateway.handle(get("/api/x", "X-Request-Id", "from-request-id", "X-Correlation-Id", "from-correlation-id"));

        assertThat(received().getHeader("X-Request-Id")).isEqualTo("from-correlation-id");
    }

    @Test
    void anUnsafeClientIdIsReplacedNotForwarded() {
        for (String unsafe : List.of("has space", "quote\"d", "a,b", "x".repeat(CorrelationId.MAX_LENGTH + 1), "semi;colon", "")) {
            assertThat(CorrelationId.isSafe(unsafe)).as(unsafe).isFalse();
        }
        gateway.handle(get("/api/x", "X-Correlation-Id", "evil\u0007id"));

        assertThat(received().getHeader("X-Correlation-Id")).isEqualTo("apigw-request-1");
        assertThat(received().getHeader("X-Request-Id")).isEqualTo("apigw-request-1");
    }

    @Test
    void aNoRouteAnswerCarriesTheCorrelationIdToo() {
        GatewayResponse response = gateway.handle(get("/nowhere", "X-Correlation-Id", "abc-123"));

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.headers().first("X-Correlation-Id")).contains("abc-123");
        assertThat(response.bodyAsString()).contains("\"requestId\":\"apigw-request-1\"");
    }

    @Test
    void traceparentGoesOnWithTheSameTraceAndANewParent() {
        String incoming = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

        gateway.handle(get("/api/x", "traceparent", incoming, "tracestate", "rojo=00f067aa0ba902b7,congo=t61rcWkgMzE"));

        String forwarded = received().getHeader("traceparent");
        assertThat(forwarded).matches("00-4bf92f3577b34da6a3ce929d0e0e4736-[0-9a-f]{16}-01").isNotEqualTo(incoming);
        assertThat(received().getHeader("tracestate")).isEqualTo("rojo=00f067aa0ba902b7,congo=t61rcWkgMzE");
    }

    @Test
    void anXrayTraceStartsAW3cTraceWithTheSameId() {
        gateway.handle(get("/api/x", "X-Amzn-Trace-Id", "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1;Lineage=x"));

        assertThat(received().getHeader("traceparent")).matches("00-5759e988bd862e3fe1be46a994272793-[0-9a-f]{16}-01");
        assertThat(received().getHeader("X-Amzn-Trace-Id")).isEqualTo("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1");
    }

    @Test
    void theLambdaInvocationsTraceIsTheOneBackendsJoin() {
        new Invocation("lambda-1", "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=1111111111111111;Sampled=1").during(() ->
                gateway.handle(get("/api/x", "X-Amzn-Trace-Id", "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1")));

        assertThat(received().getHeader("X-Amzn-Trace-Id")).isEqualTo("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=1111111111111111;Sampled=1");
    }

    @Test
    void malformedTraceHeadersAreDroppedAndNoTraceIsInvented() {
        gateway.handle(get("/api/x", "traceparent", "00-00000000000000000000000000000000-00f067aa0ba902b7-01", "tracestate", "a=b",
                "X-Amzn-Trace-Id", "Root=nonsense"));

        assertThat(received().containsHeader("traceparent")).isFalse();
        assertThat(received().containsHeader("tracestate")).isFalse();
        assertThat(received().containsHeader("X-Amzn-Trace-Id")).isFalse();
    }

    @Test
    void noTraceHeadersWithoutATrace() {
        gateway.handle(get("/api/x"));

        assertThat(received().containsHeader("traceparent")).isFalse();
        assertThat(received().containsHeader("X-Amzn-Trace-Id")).isFalse();
    }
}
