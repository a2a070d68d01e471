package dev.lambassador.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.lambassador.core.Gateway;
import dev.lambassador.core.GatewayRequest;
import dev.lambassador.core.GatewayResponse;
import dev.lambassador.core.Headers;
import dev.lambassador.core.route.QueryString;
import dev.lambassador.core.route.Route;
import dev.lambassador.core.route.RouteTable;
import dev.lambassador.core.store.TableSchema;
import dev.lambassador.testing.DynamoDbEmulator;
import dev.lambassador.testing.EmulatedDynamoDb;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * API and version items as an operator writes them with {@code aws dynamodb put-item} (nested
 * attributes as DynamoDB {@code M} and {@code L}), read back through {@link DynamoDbRouteSource},
 * compiled, and served by a {@link Gateway} that forwards to a real HTTP backend on loopback.
 */
@ExtendWith(DynamoDbEmulator.class)
class DynamoDbApiVersionsTest {

    private final EmulatedDynamoDb dynamoDb;
    private String table;
    private HttpServer backend;
    private String backendUrl;
    /** What the backend received: the path, then the X-Version-Filter header or "-". */
    private final List<String> received = new CopyOnWriteArrayList<>();

    DynamoDbApiVersionsTest(EmulatedDynamoDb dynamoDb) {
        this.dynamoDb = dynamoDb;
    }

    @BeforeEach
    void createTableAndBackend() throws IOException {
        table = dynamoDb.uniqueTableName("routes");
        RoutesTable.create(dynamoDb.client(), table);
        backend = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        backend.createContext("/", exchange -> {
            try (exchange) {
                String header = exchange.getRequestHeaders().getFirst("X-Version-Filter");
                received.add(exchange.getRequestURI().getRawPath() + " " + (header == null ? "-" : header));
                byte[] body = "{\"ok\":true}".getBytes();
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
        });
        backend.start();
        backendUrl = "http://127.0.0.1:" + backend.getAddress().getPort();
    }

    @AfterEach
    void stopBackend() {
        backend.stop(0);
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(String value) {
        return AttributeValue.fromN(value);
    }

    private static AttributeValue l(AttributeValue... values) {
        return AttributeValue.fromL(List.of(values));
    }

    private static AttributeValue m(Object... pairs) {
        Map<String, AttributeValue> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], (AttributeValue) pairs[i + 1]);
        }
        return AttributeValue.fromM(map);
    }

    /** One {@code put-item}: the item's attributes exactly as the JSON of the AWS CLI would give them. */
    private void putItem(String kind, Object... pairs) {
        Map<String, AttributeValue> item = new LinkedHashMap<>(m(pairs).m());
        item.put(TableSchema.PARTITION_KEY, s(kind));
        dynamoDb.client().putItem(put -> put.tableName(table).item(item));
    }

    private void putShopApi() {
        putItem("api", "id", s("shop"), "basePath", s("/shop"), "defaultVersion", s("v2"), "auth", s("none"),
                "selectBy", l(s("path"), s("header")), "timeoutMs", n("5000"),
                "metadata", m("owner", s("team-shop")));
    }

    private void putShopV2() {
        putItem("version", "id", s("shop:v2"), "aliases", l(s("2")), "status", s("current"),
                "backend", m("type", s("http"), "url", s(backendUrl + "/shop-v2")));
    }

    private RouteTable.Compiled load() throws Exception {
        return RouteTable.compileItems(new DynamoDbRouteSource(DynamoDbClients.jsonClient(dynamoDb.client()), table).load());
    }

    private static GatewayResponse get(Gateway gateway, String path, String... headers) {
        return gateway.handle(new GatewayRequest("GET", path, "", QueryString.parse(""), Headers.of(headers), null, "127.0.0.1",
                "req-1", Map.of()));
    }

    @Test
    void versionItemsRouteEachRequestToTheChosenVersionsBackend() throws Exception {
        putShopApi();
        putShopV2();
        putItem("version", "id", s("shop:v1"), "aliases", l(s("1")), "status", s("deprecated"),
                "deprecation", s("2026-06-30"), "sunset", s("2027-06-30T00:00:00Z"), "link", s("https://example.com/shop/v2"),
                "backend", s(backendUrl + "/shop-v1"), "timeoutMs", n("2000"),
                "filters", l(m("name", s("setRequestHeader"), "args", m("name", s("X-Version-Filter"), "value", s("v1")))));
        putItem("version", "id", s("shop:v0"), "status", s("retired"), "link", s("https://example.com/shop/v2"));

        RouteTable.Compiled compiled = load();

        assertThat(compiled.rejected()).isEmpty();
        Gateway gateway = Gateway.builder().routes(compiled.table()).build();
        GatewayResponse v1 = get(gateway, "/v1/shop/items/7");
        GatewayResponse v2 = get(gateway, "/shop/items/7", "Api-Version", "2");
        GatewayResponse byDefault = get(gateway, "/shop");
        GatewayResponse retired = get(gateway, "/v0/shop/items/7");

        assertThat(List.of(v1.status(), v2.status(), byDefault.status(), retired.status())).containsExactly(200, 200, 200, 410);
        assertThat(received).containsExactly("/shop-v1/items/7 v1", "/shop-v2/items/7 -", "/shop-v2 -");
        assertThat(v1.headers().all("Api-Version")).containsExactly("v1");
        assertThat(v1.headers().all("Deprecation")).containsExactly("@1782777600");
        assertThat(v1.headers().all("Sunset")).containsExactly("Wed, 30 Jun 2027 00:00:00 GMT");
        assertThat(v2.headers().all("Api-Version")).containsExactly("v2");
        assertThat(retired.bodyAsString()).contains("\"link\":\"https://example.com/shop/v2\"");
    }

    @Test
    void mediaTypeSelectionIsOffWhenTheApiItemDoesNotListIt() throws Exception {
        putShopApi();
        putShopV2();
        putItem("version", "id", s("shop:v1"), "status", s("current"), "backend", s(backendUrl + "/shop-v1"));

        Gateway gateway = Gateway.builder().routes(load().table()).build();
        get(gateway, "/shop/a", "Accept", "application/vnd.shop.v1+json");

        assertThat(received).containsExactly("/shop-v2/a -");
    }

    @Test
    void anInvalidVersionItemIsRejectedNamingItsFieldsAndTheOthersServe() throws Exception {
        putShopApi();
        putShopV2();
        putItem("version", "id", s("shop:v3"), "status", s("beta"), "sunset", s("someday"),
                "backend", m("type", s("http"), "url", s("ftp://shop-v3")));

        RouteTable.Compiled compiled = load();

        assertThat(compiled.rejected()).singleElement().satisfies(rejection -> {
            assertThat(rejection.kind()).isEqualTo("version");
            assertThat(rejection.routeId()).isEqualTo("shop:v3");
            assertThat(rejection.reason()).contains("status: must be one of current, deprecated, retired, was 'beta'")
                    .contains("sunset: must be a date").contains("backend.url");
        });
        Gateway gateway = Gateway.builder().routes(compiled.table()).build();
        assertThat(get(gateway, "/shop/x", "Api-Version", "v3").status()).as("a broken version is unavailable, not unknown")
                .isEqualTo(503);
        assertThat(get(gateway, "/shop/x").status()).isEqualTo(200);
    }

    @Test
    void aRouteWithTypedBackendAndFiltersRoundTripsThroughAttributeValuesAndCompiles() throws Exception {
        Map<String, Object> route = new LinkedHashMap<>();
        route.put("kind", "route");
        route.put("id", "cart");
        route.put("path", "/cart/{proxy+}");
        route.put("methods", List.of("GET", "POST"));
        route.put("auth", "none");
        route.put("headers", List.of(Map.of("name", "X-Shop", "regex", "eu|us")));
        route.put("filters", List.of(
                Map.of("name", "stripPrefix", "args", Map.of("parts", new BigDecimal("1"))),
                Map.of("name", "setRequestHeader", "args", Map.of("name", "X-Version-Filter", "value", "cart"))));
        route.put("backend", Map.of("type", "weighted", "stickyHeader", "X-User-Id", "targets", List.of(
                Map.of("name", "stable", "weight", new BigDecimal("90"), "backend", backendUrl + "/stable/{proxy}"),
                Map.of("name", "canary", "weight", new BigDecimal("10"),
                        // No path: the canary gets the path as the filters left it.
                        "backend", Map.of("type", "http", "url", backendUrl)))));
        route.put("metadata", Map.of("owner", "team-cart", "ticket", new BigDecimal("42")));

        Map<String, AttributeValue> stored = AttributeValues.fromJava(route);
        dynamoDb.client().putItem(put -> put.tableName(table).item(stored));
        List<Map<String, Object>> loaded = new DynamoDbRouteSource(DynamoDbClients.jsonClient(dynamoDb.client()), table).load();
        RouteTable.Compiled compiled = RouteTable.compileItems(loaded);

        assertThat(stored.get("backend").m().get("targets").l()).allSatisfy(target -> assertThat(target.hasM()).isTrue());
        assertThat(stored.get("filters").l()).allSatisfy(filter -> assertThat(filter.m().get("args").hasM()).isTrue());
        assertThat(loaded).containsExactly(route);
        assertThat(compiled.rejected()).isEmpty();
        assertThat(compiled.table().routes()).singleElement().satisfies(compiledRoute -> {
            assertThat(compiledRoute.backend().type()).isEqualTo("weighted");
            assertThat(compiledRoute.filters()).hasSize(2);
        });
        Gateway gateway = Gateway.builder().routes(compiled.table()).build();
        assertThat(get(gateway, "/cart/items", "X-Shop", "eu", "X-Lambassador-Target", "canary").status()).isEqualTo(200);
        assertThat(get(gateway, "/cart/items", "X-Shop", "asia").status()).as("the header condition is unmet").isEqualTo(404);
        assertThat(received).as("stripPrefix and setRequestHeader ran").containsExactly("/items cart");
    }
}
