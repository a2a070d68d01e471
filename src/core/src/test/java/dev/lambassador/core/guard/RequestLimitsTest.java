package dev.lambassador.core.guard;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.jr.ob.JSON;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.lambassador.core.Gateway;
import dev.lambassador.core.GatewayException;
import dev.lambassador.core.GatewayRequest;
import dev.lambassador.core.GatewayResponse;
import dev.lambassador.core.Headers;
import dev.lambassador.core.route.RouteTable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A route's {@code maxBodyBytes} (413) and the deployment's header limits (431). */
class RequestLimitsTest {

    @RegisterExtension
    static final WireMockExtension backend = WireMockExtension.newInstance()
            .options(options().dynamicPort().bindAddress("127.0.0.1")).build();

    @BeforeEach
    void answer() {
        backend.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(204)));
    }

    private static Gateway gateway(HeaderLimits limits, Map<String, Object>... items) {
        RouteTable.Compiled compiled = RouteTable.compileItems(List.of(items));
        assertThat(compiled.rejected()).isEmpty();
        Gateway.Builder builder = Gateway.builder().routes(compiled.table());
        if (limits != null) {
            builder.globalFilter(limits);
        }
        return builder.build();
    }

    private static Map<String, Object> route(String id, Object... pairs) {
        Map<String, Object> item = new HashMap<>(Map.of("id", id, "path", "/" + id, "backend", backend.baseUrl()));
        for (int i = 0; i < pairs.length; i += 2) {
            item.put((String) pairs[i], pairs[i + 1]);
        }
        return item;
    }

    private static GatewayResponse send(Gateway gateway, String path, Headers headers, int bodyBytes) {
        return gateway.handle(new GatewayRequest("POST", path, "", Map.of(), headers, new byte[bodyBytes], "203.0.113.9", "req-3", Map.of()));
    }

    @Test
    void bodyOverTheRoutesLimitIs413NamingItAndTheBackendReceivesNothing() throws Exception {
        Gateway gateway = gateway(null, route("upload", "maxBodyBytes", 1024));

        GatewayResponse response = send(gateway, "/upload", Headers.EMPTY, 1025);

        assertThat(response.status()).isEqualTo(413);
        assertThat(response.headers().first("Content-Type")).hasValue("application/json");
        assertThat(JSON.std.mapFrom(response.bodyAsString())).containsExactlyInAnyOrderEntriesOf(Map.of(
                "message", "the request body is larger than this route takes (1024 bytes)", "requestId", "req-3", "maxBodyBytes", 1024));
        assertThat(backend.getAllServeEvents()).isEmpty();
    }

    @Test
    void bodyAtTheLimitReachesTheBackendWhole() {
        Gateway gateway = gateway(null, route("upload", "maxBodyBytes", 1024));

        assertThat(send(gateway, "/upload", Headers.EMPTY, 1024).status()).isEqualTo(204);
        assertThat(backend.getAllServeEvents()).singleElement()
                .satisfies(event -> assertThat(event.getRequest().getBody()).hasSize(1024));
    }

    @Test
    void routesWithoutALimitTakeWhatApiGatewayLetThrough() {
        Gateway gateway = gateway(null, route("open"), route("small", "maxBodyBytes", 1));

        assertThat(send(gateway, "/open", Headers.EMPTY, 1_000_000).status()).isEqualTo(204);
        assertThat(send(gateway, "/small", Headers.EMPTY, 2).status()).isEqualTo(413);
        assertThat(send(gateway, "/small", Headers.EMPTY, 0).status()).isEqualTo(204);
    }

    @Test
    void everyVersionOfAnApiIsHeldToTheApisLimit() throws Exception {
        Gateway gateway = gateway(null,
                Map.of("kind", "api", "id", "shop", "basePath", "/shop", "defaultVersion", "v1", "maxBodyBytes", 10),
                Map.of("kind", "version", "id", "shop:v1", "backend", backend.baseUrl()));

        assertThat(send(gateway, "/shop/cart", Headers.EMPTY, 11).status()).isEqualTo(413);
        assertThat(send(gateway, "/v1/shop/cart", Headers.EMPTY, 11).status()).isEqualTo(413);
        assertThat(send(gateway, "/shop/cart", Headers.EMPTY, 10).status()).isEqualTo(204);
        assertThat(backend.getAllServeEvents()).hasSize(1);
    }

    @Test
    void tooManyHeadersAre431EvenWithoutARoute() throws Exception {
        Gateway gateway = gateway(new HeaderLimits(3, 10_000), route("r"));

        GatewayResponse response = send(gateway, "/nowhere", Headers.of("A", "1", "B", "2", "C", "3", "D", "4"), 0);

        assertThat(response.status()).isEqualTo(431);
        assertThat(JSON.std.mapFrom(response.bodyAsString())).containsExactlyInAnyOrderEntriesOf(Map.of(
                "message", "the request has 4 headers, more than the gateway takes (3)", "requestId", "req-3", "maxHeaders", 3));
    }

    @Test
    void headerCountIsOfNamesSoRepeatedValuesCountOnce() {
        Gateway gateway = gateway(new HeaderLimits(2, 10_000), route("r"));

        assertThat(send(gateway, "/r", Headers.of("A", "1", "A", "2", "A", "3", "b", "4"), 0).status()).isEqualTo(204);
        assertThat(send(gateway, "/r", Headers.of("A", "1", "B", "2", "C", "3"), 0).status()).isEqualTo(431);
    }

    @Test
    void headerBytesCountNamesAndEveryValue() throws Exception {
        Gateway gateway = gateway(new HeaderLimits(100, 10), route("r"));

        // "Ab" + "123" + "Ab" + "456" = 10 bytes: at the limit.
        assertThat(send(gateway, "/r", Headers.of("Ab", "123", "Ab", "456"), 0).status()).isEqualTo(204);
        GatewayResponse response = send(gateway, "/r", Headers.of("Ab", "123", "Ab", "4567"), 0);

        assertThat(response.status()).isEqualTo(431);
        assertThat(JSON.std.mapFrom(response.bodyAsString())).containsEntry("maxHeaderBytes", 10)
                .containsEntry("message", "the request's headers come to 11 bytes, more than the gateway takes (10)");
        assertThat(backend.getAllServeEvents()).hasSize(1);
    }

    @Test
    void defaultsAndSettings() {
        assertThat(HeaderLimits.fromSettings(Map.of())).isEqualTo(new HeaderLimits(100, 16_384));
        assertThat(HeaderLimits.fromSettings(Map.of("MAX_REQUEST_HEADERS", "20", "MAX_REQUEST_HEADER_BYTES", "8192")))
                .isEqualTo(new HeaderLimits(20, 8192));
        assertThatThrownBy(() -> new HeaderLimits(0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HeaderLimits(1, 0)).isInstanceOf(IllegalArgumentException.class);
        new HeaderLimits(1, 1).check(Headers.of("a", ""));
        assertThatThrownBy(() -> new HeaderLimits(1, 1).check(Headers.of("ab", ""))).isInstanceOf(GatewayException.class);
    }
}
