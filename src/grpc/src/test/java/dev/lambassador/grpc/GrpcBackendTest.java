package dev.lambassador.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.lambassador.core.Gateway;
import dev.lambassador.core.GatewayRequest;
import dev.lambassador.core.GatewayResponse;
import dev.lambassador.core.Headers;
import dev.lambassador.core.backend.BackendAddressGuard;
import dev.lambassador.core.backend.BackendPlugin;
import dev.lambassador.core.route.RouteTable;
import io.grpc.Metadata;
import io.grpc.Status;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * grpc routes through the gateway to a real gRPC server on a loopback port: how the REST request
 * becomes the request message, the reply the JSON answer, metadata both ways, the route's timeout
 * the call's deadline, and each gRPC status the HTTP status grpc-gateway gives it.
 */
@SuppressWarnings("unchecked")
class GrpcBackendTest {

    private static OrdersService orders;
    private static Gateway gateway;

    @BeforeAll
    static void start() throws Exception {
        orders = OrdersService.start(true);
        RouteTable.Compiled compiled = RouteTable.compileItems(List.of(
                route("get", "GET", "/orders/{order_id}", "GetOrder", 3000, true),
                route("put", "PUT", "/orders/{orderId}", "GetOrder", 3000, false),
                route("fail", "POST", "/fail", "Fail", 3000, false),
                route("slow", "GET", "/slow", "Slow", 300, false),
                Map.of("id", "gone", "path", "/gone", "auth", "none", "backend", Map.of("type", "grpc", "target", "127.0.0.1:1",
                        "tls", false, "service", OrdersService.SERVICE, "method", "GetOrder", "descriptorSet", OrdersService.descriptorSet()))));
        assertThat(compiled.rejected()).isEmpty();
        Gateway.Builder builder = Gateway.builder().routes(compiled.table());
        BackendPlugin.installed().forEach(plugin -> builder.backendClient(plugin.client(BackendAddressGuard.LOOPBACK_ALLOWED)));
        gateway = builder.build();
    }

    @AfterAll
    static void stop() throws Exception {
        orders.close();
    }

    static Map<String, Object> route(String id, String method, String path, String grpcMethod, int timeoutMs, boolean reflection) {
        Map<String, Object> backend = new HashMap<>(Map.of("type", "grpc", "target", orders.target(), "tls", false,
                "service", OrdersService.SERVICE, "method", grpcMethod, "metadata", List.of("X-Tenant", "X-Served-By", "X-Cost")));
        if (!reflection) {
            backend.put("descriptorSet", OrdersService.descriptorSet());
        }
        return Map.of("id", id, "path", path, "methods", List.of(method), "auth", "none", "timeoutMs", timeoutMs, "backend", backend);
    }

    private static GatewayResponse send(String method, String pathAndQuery, String body, String... headers) {
        int question = pathAndQuery.indexOf('?');
        String path = question < 0 ? pathAndQuery : pathAndQuery.substring(0, question);
        String query = question < 0 ? "" : pathAndQuery.substring(question + 1);
        return gateway.handle(new GatewayRequest(method, path, "", null, Headers.of(headers),
                body == null ? null : body.getBytes(StandardCharsets.UTF_8), "198.51.100.1", "req-7", Map.of()).withRawQuery(query));
    }

    private static Map<String, Object> json(GatewayResponse response) throws Exception {
        return JSON.std.mapFrom(response.body());
    }

    @Test
    void pathAndQueryParametersFillTheRequestMessageAndTheReplyIsJson() throws Exception {
        GatewayResponse response = send("GET", "/orders/o-42?quantity=2&gift=true&tags=a&tags=b&item.sku=BOOK-1&utm_source=mail", null);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.headers().first("Content-Type")).contains("application/json");
        assertThat(json(response)).isEqualTo(Map.of("orderId", "o-42", "quantity", 2, "gift", true, "tags", List.of("a", "b"),
                "item", Map.of("sku", "BOOK-1")));
    }

    @Test
    void aTargetTheDeploymentsGuardRefusesIsNotCalled() throws Exception {
        RouteTable.Compiled compiled = RouteTable.compileItems(List.of(route("get", "GET", "/orders/{order_id}", "GetOrder", 3000, false)));
        Gateway.Builder builder = Gateway.builder().routes(compiled.table());
        // The deployed default: loopback refused, as a metadata address always is.
        BackendPlugin.installed().forEach(plugin -> builder.backendClient(plugin.client(BackendAddressGuard.fromSettings(Map.of()))));

        GatewayResponse response = builder.build().handle(new GatewayRequest("GET", "/orders/o-1", "", null, Headers.EMPTY, null,
                "198.51.100.1", "req-8", Map.of()));

        assertThat(response.status()).isEqualTo(502);
        assertThat(json(response)).containsEntry("reason", "loopback-address").containsEntry("requestId", "req-8");
    }

    @Test
    void theHostOfATargetKeepsAnIpv6LiteralsBrackets() {
        assertThat(GrpcForwarder.host("orders.internal:50051")).isEqualTo("orders.internal");
        assertThat(GrpcForwarder.host("[::1]:50051")).isEqualTo("[::1]");
        assertThat(GrpcForwarder.host("[fd00:ec2::254]")).isEqualTo("[fd00:ec2::254]");
        assertThat(GrpcForwarder.host("orders.internal")).isEqualTo("orders.internal");
    }

    @Test
    void theJsonBodyIsTheMessageAndThePathParameterWinsOverIt() throws Exception {
        GatewayResponse response = send("PUT", "/orders/o-7", "{\"orderId\": \"other\", \"quantity\": 3, \"item\": {\"sku\": \"X\", \"count\": 4}}");

        assertThat(response.status()).isEqualTo(200);
        assertThat(json(response)).isEqualTo(Map.of("orderId", "o-7", "quantity", 3, "item", Map.of("sku", "X", "count", 4)));
    }

    @Test
    void anImportedWellKnownTypeIsFilledFromTheQueryAndTheBody() throws Exception {
        GatewayResponse byReflection = send("GET", "/orders/o-3?created=2026-12-01T08:00:00Z", null);
        GatewayResponse fromTheSet = send("PUT", "/orders/o-3", "{\"created\": \"2026-12-01T08:00:00.500Z\"}");

        assertThat(json(byReflection)).isEqualTo(Map.of("orderId", "o-3", "created", "2026-12-01T08:00:00Z"));
        assertThat(json(fromTheSet)).isEqualTo(Map.of("orderId", "o-3", "created", "2026-12-01T08:00:00.500Z"));
    }

    @Test
    void aBodyThatDoesNotFitTheMessageIsA400NamingIt() throws Exception {
        GatewayResponse unknownField = send("PUT", "/orders/o-7", "{\"colour\": \"red\"}");
        GatewayResponse wrongType = send("PUT", "/orders/o-7", "{\"quantity\": \"many\"}");
        GatewayResponse notAnObject = send("PUT", "/orders/o-7", "[1, 2]");
        GatewayResponse badQuery = send("GET", "/orders/o-7?quantity=many", null);

        for (GatewayResponse response : List.of(unknownField, wrongType, notAnObject, badQuery)) {
            assertThat(response.status()).isEqualTo(400);
            assertThat(json(response).get("message")).asString().contains("shop.v1.GetOrderRequest");
        }
        assertThat(orders.received).noneSatisfy(metadata -> assertThat(metadata.toString()).contains("req-7-never"));
    }

    @Test
    void namedHeadersGoAsMetadataAndNamedMetadataComesBackAsHeaders() throws Exception {
        GatewayResponse response = send("GET", "/orders/o-1", null, "X-Tenant", "acme", "X-Other", "kept back");

        assertThat(json(response)).containsEntry("tenant", "acme");
        Metadata received = orders.received.getLast();
        assertThat(received.get(Metadata.Key.of("x-tenant", Metadata.ASCII_STRING_MARSHALLER))).isEqualTo("acme");
        assertThat(received.get(Metadata.Key.of("x-request-id", Metadata.ASCII_STRING_MARSHALLER))).isEqualTo("req-7");
        assertThat(received.get(Metadata.Key.of("x-other", Metadata.ASCII_STRING_MARSHALLER))).isNull();
        assertThat(response.headers().first("X-Served-By")).contains("orders-1");
        assertThat(response.headers().first("X-Cost")).contains("7");
        assertThat(response.headers().contains("X-Internal")).isFalse();
    }

    @Test
    void aNamedHeaderThatCannotBeMetadataIsA400() throws Exception {
        GatewayResponse response = send("GET", "/orders/o-1", null, "X-Tenant", "caf\u00e9");

        assertThat(response.status()).isEqualTo(400);
        assertThat(json(response)).containsEntry("message",
                "header x-tenant cannot be sent as gRPC metadata: it has characters outside printable ASCII");
    }

    @ParameterizedTest
    @EnumSource(value = Status.Code.class, mode = EnumSource.Mode.EXCLUDE, names = "OK")
    void eachGrpcStatusIsTheHttpStatusGrpcGatewayGivesItWithItsMessage(Status.Code code) throws Exception {
        GatewayResponse response = send("POST", "/fail", "{\"code\": \"" + code.name() + "\", \"message\": \"order o-9: " + code + "\"}");

        int expected = switch (code) {
            case CANCELLED -> 499;
            case UNKNOWN, INTERNAL, DATA_LOSS -> 500;
            case INVALID_ARGUMENT, FAILED_PRECONDITION, OUT_OF_RANGE -> 400;
            case DEADLINE_EXCEEDED -> 504;
            case NOT_FOUND -> 404;
            case ALREADY_EXISTS, ABORTED -> 409;
            case PERMISSION_DENIED -> 403;
            case UNAUTHENTICATED -> 401;
            case RESOURCE_EXHAUSTED -> 429;
            case UNIMPLEMENTED -> 501;
            case UNAVAILABLE -> 503;
            default -> throw new AssertionError(code);
        };
        assertThat(response.status()).isEqualTo(expected);
        assertThat(json(response)).containsEntry("message", "order o-9: " + code).containsEntry("requestId", "req-7")
                .containsEntry("grpcStatus", code.name()).containsEntry("grpcCode", code.value());
        assertThat(response.headers().first("X-Cost")).as("trailers of a failed call come back too").contains("7");
    }

    @Test
    void aStatusWithoutMessageIsNamedInTheError() throws Exception {
        GatewayResponse response = send("POST", "/fail", "{\"code\": \"NOT_FOUND\"}");

        assertThat(response.status()).isEqualTo(404);
        assertThat(json(response)).containsEntry("message", "the backend answered NOT_FOUND");
    }

    @Test
    void aBackendThatRefusesTheConnectionIsUnavailable() throws Exception {
        GatewayResponse response = send("GET", "/gone", null);

        assertThat(response.status()).isEqualTo(503);
        assertThat(json(response)).containsEntry("grpcStatus", "UNAVAILABLE");
    }

    @Test
    void theRoutesTimeoutIsTheCallsDeadline() throws Exception {
        long started = System.nanoTime();

        GatewayResponse response = send("GET", "/slow", null);

        assertThat(response.status()).isEqualTo(504);
        assertThat(json(response)).containsEntry("grpcStatus", "DEADLINE_EXCEEDED");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(2_000));
    }
}
