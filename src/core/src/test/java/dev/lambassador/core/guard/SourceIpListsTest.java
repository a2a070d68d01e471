package dev.lambassador.core.guard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import com.sun.net.httpserver.HttpServer;
import dev.lambassador.core.Gateway;
import dev.lambassador.core.GatewayRequest;
import dev.lambassador.core.GatewayResponse;
import dev.lambassador.core.Headers;
import dev.lambassador.core.apigw.ProxyIntegration;
import dev.lambassador.core.route.RouteTable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code allowFrom} and {@code denyFrom} on routes and APIs, judged on the address API Gateway reports. */
class SourceIpListsTest {

    private HttpServer backend;
    private final List<String> received = new CopyOnWriteArrayList<>();
    private String backendUrl;

    @BeforeEach
    void start() throws IOException {
        backend = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        backend.createContext("/", exchange -> {
            received.add(exchange.getRequestURI().getPath());
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        backend.start();
        backendUrl = "http://127.0.0.1:" + backend.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        backend.stop(0);
    }

    private Gateway gateway(Map<String, Object> route) {
        Map<String, Object> item = new java.util.HashMap<>(Map.of("id", "admin", "path", "/admin/{proxy+}", "backend", backendUrl));
        item.putAll(route);
        RouteTable.Compiled compiled = RouteTable.compileItems(List.of(item));
        assertThat(compiled.rejected()).isEmpty();
        return Gateway.builder().routes(compiled.table()).build();
    }

    private static GatewayResponse from(Gateway gateway, String sourceIp) {
        return gateway.handle(new GatewayRequest("GET", "/admin/users", "", Map.of(), Headers.of("X-Forwarded-For", "10.0.0.1"), null,
                sourceIp, "req-9", Map.of()));
    }

    @ParameterizedTest(name = "{0} from {1}: {2}")
    @CsvSource(delimiter = '|', value = {
            "10.0.0.0/8|10.20.30.40|204",
            "10.0.0.0/8|11.0.0.1|403",
            "10.0.0.0/8|::ffff:10.20.30.40|204",
            "10.0.0.0/8|2001:db8::1|403",
            "203.0.113.9/32|203.0.113.9|204",
            "203.0.113.9/32|203.0.113.10|403",
            "2001:db8::/32|2001:db8:1::1|204",
            "2001:db8::/32|2001:0DB8:0:0:0:0:0:7|204",
            "2001:db8::/32|2001:db9::1|403",
            "2001:db8::1/128|2001:db8::1|204",
            "2001:db8::1/128|2001:db8::2|403",
            "2001:db8::1/128|fe80::1%eth0|403",
            "fe80::/10|fe80::1%eth0|204",
            "0.0.0.0/0|198.51.100.1|204",
            "0.0.0.0/0|2001:db8::1|403",
            "::/0|2001:db8::1|204",
            "::/0|198.51.100.1|403",
            "0.0.0.0/0|not an address|403",
            "0.0.0.0/0||403",
    })
    void allowFromAdmitsOnlyItsBlocks(String allowFrom, String sourceIp, int status) {
        GatewayResponse response = from(gateway(Map.of("allowFrom", List.of(allowFrom))), sourceIp == null ? "" : sourceIp);

        assertThat(response.status()).isEqualTo(status);
        assertThat(received).hasSize(status == 204 ? 1 : 0);
    }

    @ParameterizedTest(name = "deny {0} from {1}: {2}")
    @CsvSource(delimiter = '|', value = {
            "198.51.100.0/24|198.51.100.7|403",
            "198.51.100.0/24|198.51.101.7|204",
            "2001:db8::/48|2001:db8::7|403",
            "2001:db8::/48|2001:db8:1::7|204",
            "198.51.100.0/24|::ffff:198.51.100.7|403",
    })
    void denyFromRefusesItsBlocks(String denyFrom, String sourceIp, int status) {
        assertThat(from(gateway(Map.of("denyFrom", List.of(denyFrom))), sourceIp).status()).isEqualTo(status);
    }

    @Test
    void denyWinsOverAllow() {
        Gateway gateway = gateway(Map.of("allowFrom", List.of("10.0.0.0/8"), "denyFrom", List.of("10.6.6.0/24")));

        assertThat(from(gateway, "10.1.1.1").status()).isEqualTo(204);
        assertThat(from(gateway, "10.6.6.6").status()).isEqualTo(403);
    }

    @Test
    void refusalIsA403JsonNamingTheAddressAndNothingReachesTheBackend() throws IOException {
        GatewayResponse response = from(gateway(Map.of("allowFrom", List.of("10.0.0.0/8"))), "198.51.100.7");

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.headers().first("Content-Type")).hasValue("application/json");
        assertThat(JSON.std.mapFrom(response.bodyAsString())).containsExactlyInAnyOrderEntriesOf(Map.of(
                "message", "requests from 198.51.100.7 are not accepted here", "requestId", "req-9", "sourceIp", "198.51.100.7"));
        assertThat(received).isEmpty();
    }

    @Test
    void refusalComesBeforeTheRoutesOtherChecks() {
        // An invalid route holds its place with 503; a refused address is told no more than 403.
        Gateway gateway = gateway(Map.of("allowFrom", List.of("10.0.0.0/8"), "maxBodyBytes", 1));

        GatewayResponse response = gateway.handle(new GatewayRequest("POST", "/admin/x;a=b", "", Map.of(), Headers.EMPTY,
                "too large".getBytes(StandardCharsets.UTF_8), "198.51.100.7", "req", Map.of()));

        assertThat(response.status()).isEqualTo(403);
    }

    @Test
    void invalidItemHoldsItsPlaceBehindItsListsWhenTheyCanBeRead() {
        RouteTable.Compiled compiled = RouteTable.compileItems(List.of(Map.of("id", "admin", "path", "/admin/{proxy+}",
                "backend", "ftp://nowhere", "allowFrom", List.of("10.0.0.0/8"))));
        Gateway gateway = Gateway.builder().routes(compiled.table()).build();

        assertThat(compiled.rejected()).hasSize(1);
        assertThat(from(gateway, "198.51.100.7").status()).isEqualTo(403);
        assertThat(from(gateway, "10.1.1.1").status()).isEqualTo(503);
    }

    @Test
    void invalidItemWithUnreadableListsAnswers503ToEveryone() {
        RouteTable.Compiled compiled = RouteTable.compileItems(List.of(Map.of("id", "admin", "path", "/admin/{proxy+}",
                "backend", backendUrl, "allowFrom", List.of("10.0.0.1/8"))));
        Gateway gateway = Gateway.builder().routes(compiled.table()).build();

        assertThat(from(gateway, "198.51.100.7").status()).isEqualTo(503);
        assertThat(from(gateway, "10.1.1.1").status()).isEqualTo(503);
        assertThat(received).isEmpty();
    }

    @Test
    void routesWithoutListsTakeEveryAddressIncludingAnUnknownOne() {
        Gateway gateway = gateway(Map.of());

        assertThat(from(gateway, "").status()).isEqualTo(204);
        assertThat(from(gateway, "198.51.100.7").status()).isEqualTo(204);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            // REST API (payload 1.0): requestContext.identity.sourceIp; X-Forwarded-For is the client's to write.
            "rest|{\"httpMethod\":\"GET\",\"path\":\"/admin/x\",\"multiValueHeaders\":{\"X-Forwarded-For\":[\"10.0.0.1\"]},"
                    + "\"requestContext\":{\"requestId\":\"r\",\"identity\":{\"sourceIp\":\"%s\"}}}",
            // HTTP API (payload 2.0): requestContext.http.sourceIp.
            "http|{\"version\":\"2.0\",\"rawPath\":\"/admin/x\",\"rawQueryString\":\"\",\"headers\":{\"x-forwarded-for\":\"10.0.0.1\"},"
                    + "\"requestContext\":{\"requestId\":\"r\",\"http\":{\"method\":\"GET\",\"path\":\"/admin/x\",\"sourceIp\":\"%s\"}}}",
    })
    void theAddressJudgedIsTheOneApiGatewayReportsNotForwardedFor(String api, String event) throws IOException {
        ProxyIntegration integration = new ProxyIntegration(gateway(Map.of("allowFrom", List.of("10.0.0.0/8"), "auth", "none")));
        List<Integer> statuses = new ArrayList<>();

        for (String sourceIp : List.of("198.51.100.7", "10.9.9.9")) {
            byte[] answer = integration.handle(event.formatted(sourceIp).getBytes(StandardCharsets.UTF_8), "lambda-id");
            statuses.add(((Number) JSON.std.mapFrom(answer).get("statusCode")).intValue());
        }

        assertThat(statuses).containsExactly(403, 204);
        assertThat(received).hasSize(1);
    }

    @Test
    void everyVersionOfAnApiIsHeldToTheApisLists() {
        RouteTable.Compiled compiled = RouteTable.compileItems(List.of(
                Map.of("kind", "api", "id", "shop", "basePath", "/shop", "defaultVersion", "v2", "allowFrom", List.of("10.0.0.0/8"),
                        "denyFrom", List.of("10.6.0.0/16")),
                Map.of("kind", "version", "id", "shop:v1", "backend", backendUrl + "/v1"),
                Map.of("kind", "version", "id", "shop:v2", "backend", backendUrl + "/v2")));
        assertThat(compiled.rejected()).isEmpty();
        Gateway gateway = Gateway.builder().routes(compiled.table()).build();

        for (String path : List.of("/shop/items", "/v1/shop/items", "/v2/shop/items", "/shop")) {
            assertThat(call(gateway, path, "10.1.1.1")).as(path).isEqualTo(204);
            assertThat(call(gateway, path, "198.51.100.7")).as(path).isEqualTo(403);
            assertThat(call(gateway, path, "10.6.1.1")).as(path).isEqualTo(403);
        }
        assertThat(received).containsExactly("/v2/items", "/v1/items", "/v2/items", "/v2");
    }

    private static int call(Gateway gateway, String path, String sourceIp) {
        return gateway.handle(new GatewayRequest("GET", path, "", Map.of(), Headers.EMPTY, null, sourceIp, "req", Map.of())).status();
    }
}
