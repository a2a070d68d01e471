package dev.lambassador.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lambassador.core.route.RefreshingRouteTable;
import dev.lambassador.core.route.Route;
import dev.lambassador.core.route.RouteTable;
import dev.lambassador.core.store.TableSchema;
import dev.lambassador.testing.DynamoDbProxy;
import dev.lambassador.testing.EmulatedDynamoDb;
import dev.lambassador.testing.DynamoDbEmulator;
import dev.lambassador.testing.LoopbackPorts;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.endpoints.Endpoint;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

@ExtendWith(DynamoDbEmulator.class)
class DynamoDbRouteSourceTest {

    private final EmulatedDynamoDb dynamoDb;
    private String table;

    DynamoDbRouteSourceTest(EmulatedDynamoDb dynamoDb) {
        this.dynamoDb = dynamoDb;
    }

    @BeforeEach
    void createTable() {
        table = dynamoDb.uniqueTableName("routes");
        RoutesTable.create(dynamoDb.client(), table);
    }

    private void put(String kind, Map<String, Object> attributes) {
        Map<String, Object> item = new LinkedHashMap<>(attributes);
        item.put(TableSchema.PARTITION_KEY, kind);
        dynamoDb.client().putItem(put -> put.tableName(table).item(AttributeValues.fromJava(item)));
    }

    private static Map<String, Object> route(String id, String path) {
        return Map.of("id", id, "path", path, "methods", List.of("GET"), "backend", "http://orders:8080", "timeoutMs", 2500);
    }

    @Test
    void loadsEveryRouteItemAndNothingElse() throws Exception {
        put("route", route("orders", "/orders/{id}"));
        put("route", route("customers", "/customers"));
        put("consumer", Map.of("id", "acme", "name", "Acme"));

        RouteTable.Compiled compiled = RouteTable.compileItems(new DynamoDbRouteSource(DynamoDbClients.jsonClient(dynamoDb.client()), table).load());

        assertThat(compiled.rejected()).isEmpty();
        assertThat(compiled.table().routes()).extracting(Route::id).containsExactly("customers", "orders");
        assertThat(compiled.table().routes().get(1).definition().timeout()).isEqualTo(Duration.ofMillis(2500));
    }

    @Test
    void loadsBackendItemsThatRoutesName() throws Exception {
        put("backend", Map.of("id", "orders", "url", "http://orders:8080", "readTimeoutMs", 2000,
                "retry", Map.of("attempts", 3, "statuses", List.of(502, 503)),
                "circuitBreaker", Map.of("failureRatePercent", 50, "openMs", 30000)));
        put("route", Map.of("id", "orders", "path", "/orders/{id}", "backend", Map.of("ref", "orders", "path", "/v2/orders/{id}")));
        put("route", Map.of("id", "typo", "path", "/typo", "backend", Map.of("ref", "ordres")));

        RouteTable.Compiled compiled = RouteTable.compileItems(new DynamoDbRouteSource(DynamoDbClients.jsonClient(dynamoDb.client()), table).load());

        assertThat(compiled.table().routes()).filteredOn(route -> !route.unavailable()).extracting(Route::id).containsExactly("orders");
        assertThat(compiled.rejected()).extracting(RouteTable.Rejection::reason)
                .containsExactly("backend.ref: no backend 'ordres', did you mean 'orders'?");
    }

    @Test
    void readsMoreThanOnePage() throws Exception {
        String padding = "x".repeat(50_000);
        for (int i = 0; i < 30; i++) {
            Map<String, Object> item = new LinkedHashMap<>(route("r" + i, "/r" + i));
            item.put("description", padding);
            put("route", item);
        }

        assertThat(new DynamoDbRouteSource(DynamoDbClients.jsonClient(dynamoDb.client()), table).load()).hasSize(30);
    }

    @Test
    void invalidItemIsNotServedAndIsNamedWhileTheRestLoad() throws Exception {
        put("route", route("good", "/good"));
        put("route", Map.of("id", "no-path", "backend", "http://b"));
        put("route", Map.of("id", "bad-url", "path", "/x", "backend", "not a url"));
        put("route", Map.of("id", "bad-method", "path", "/y", "backend", "http://b", "methods", List.of("FETCH")));

        RouteTable.Compiled compiled = RouteTable.compileItems(new DynamoDbRouteSource(DynamoDbClients.jsonClient(dynamoDb.client()), table).load());

        assertThat(compiled.table().routes()).filteredOn(route -> !route.unavailable()).extracting(Route::id).containsExactly("good");
        assertThat(compiled.rejected()).extracting(RouteTable.Rejection::routeId)
                .containsExactlyInAnyOrder("no-path", "bad-url", "bad-method");
        assertThat(compiled.rejected()).extracting(RouteTable.Rejection::reason)
                .anySatisfy(reason -> assertThat(reason).contains("path: is required"))
                .anySatisfy(reason -> assertThat(reason).contains("not a valid URL"))
                .anySatisfy(reason -> assertThat(reason).contains("unknown method"));
    }

    @Test
    void newItemIsServedOnceTheRevisionMovedAndTheTtlHasPassed() throws Exception {
        put("route", route("orders", "/orders"));
        RefreshingRouteTable routes = RefreshingRouteTable.start(new DynamoDbRouteSource(DynamoDbClients.jsonClient(dynamoDb.client()), table), Duration.ofMillis(200));
        assertThat(routes.get().size()).isEqualTo(1);

        put("route", route("customers", "/customers"));
        TableRevision.bump(DynamoDbClients.jsonClient(dynamoDb.client()), table);

        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (routes.get().size() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(routes.get().routes()).extracting(Route::id).containsExactly("customers", "orders");
    }

    @Test
    void deletedTableKeepsTheLastGoodTable() {
        put("route", route("orders", "/orders"));
        RefreshingRouteTable routes = RefreshingRouteTable.start(new DynamoDbRouteSource(DynamoDbClients.jsonClient(dynamoDb.client()), table), Duration.ZERO);

        dynamoDb.client().deleteTable(delete -> delete.tableName(table));

        assertThat(routes.refresh()).isFalse();
        assertThat(routes.get().routes()).extracting(Route::id).containsExactly("orders");
    }

    @Test
    void unreachableDynamoDbKeepsTheLastGoodTable() {
        put("route", route("orders", "/orders"));
        try (DynamoDbProxy proxy = DynamoDbProxy.start(dynamoDb.endpoint())) {
            DynamoDbJsonClient client = new DynamoDbJsonClient(proxy.uri(), dynamoDb.region().id(), () -> new AwsCredentials("test", "test", null));
            RefreshingRouteTable routes = RefreshingRouteTable.start(new DynamoDbRouteSource(client, table), Duration.ZERO);
            assertThat(routes.get().size()).isEqualTo(1);

            proxy.down(true);

            assertThat(routes.refresh()).isFalse();
            assertThat(routes.get().routes()).extracting(Route::id).containsExactly("orders");
        }
    }
}
