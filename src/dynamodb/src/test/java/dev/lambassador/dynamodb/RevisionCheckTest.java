package dev.lambassador.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lambassador.core.route.RefreshingRouteTable;
import dev.lambassador.core.route.Route;
import dev.lambassador.core.route.RouteTable;
import dev.lambassador.core.store.ItemKind;
import dev.lambassador.core.store.TableSchema;
import dev.lambassador.testing.DynamoDbEmulator;
import dev.lambassador.testing.DynamoDbProxy;
import dev.lambassador.testing.EmulatedDynamoDb;
import dev.lambassador.testing.LoopbackPorts;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.endpoints.Endpoint;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The router's table against a real DynamoDB API, on a stepped clock: edits are seen once the revision moves, the
 * items are read only then, and a table too old is checked before a request is answered. Calls are counted as the
 * SDK sends them.
 */
@ExtendWith(DynamoDbEmulator.class)
class RevisionCheckTest {

    private static final Duration TTL = Duration.ofSeconds(2);
    private static final Duration MAX_AGE = Duration.ofSeconds(5);

    private final EmulatedDynamoDb dynamoDb;
    private final AtomicLong clock = new AtomicLong(System.currentTimeMillis());
    private final List<Runnable> background = new ArrayList<>();
    private DynamoDbProxy proxy;
    private DynamoDbJsonClient counted;
    private String table;

    RevisionCheckTest(EmulatedDynamoDb dynamoDb) {
        this.dynamoDb = dynamoDb;
    }

    @BeforeEach
    void createTable() {
        table = dynamoDb.uniqueTableName("fresh");
        RoutesTable.create(dynamoDb.client(), table);
        proxy = DynamoDbProxy.start(dynamoDb.endpoint());
        counted = new DynamoDbJsonClient(proxy.uri(), dynamoDb.region().id(), () -> new AwsCredentials("test", "test", null));
    }

    @AfterEach
    void closeClient() {
        proxy.close();
    }

    private long calls(String operation) {
        return proxy.calls(operation);
    }

    private void putRoute(String id) {
        Map<String, Object> item = new LinkedHashMap<>(TableSchema.item(ItemKind.ROUTE, id));
        item.put("path", "/" + id);
        item.put("backend", "http://orders:8080");
        dynamoDb.client().putItem(put -> put.tableName(table).item(AttributeValues.fromJava(item)));
    }

    private RefreshingRouteTable start() {
        return RefreshingRouteTable.start(new DynamoDbRouteSource(counted, table), TTL, MAX_AGE, clock::get, background::add);
    }

    private void advance(Duration duration) {
        clock.addAndGet(duration.toMillis());
    }

    /** A request after the ttl: answered at once, its background check then run to its end. */
    private RouteTable requestAfterTheTtl(RefreshingRouteTable routes) {
        advance(TTL);
        RouteTable answered = routes.get();
        assertThat(background).hasSize(1);
        background.removeFirst().run();
        return answered;
    }

    private static List<String> ids(RouteTable table) {
        return table.routes().stream().map(Route::id).toList();
    }

    @Test
    void anEditIsServedOnceTheRevisionMoved() {
        putRoute("orders");
        RefreshingRouteTable routes = start();
        putRoute("customers");

        requestAfterTheTtl(routes);
        assertThat(ids(routes.get())).as("not announced yet").containsExactly("orders");

        TableRevision.bump(DynamoDbClients.jsonClient(dynamoDb.client()), table);
        requestAfterTheTtl(routes);

        assertThat(ids(routes.get())).containsExactly("customers", "orders");
    }

    @Test
    void whileTheRevisionStandsStillOnlyTheRevisionItemIsRead() {
        putRoute("orders");
        TableRevision.bump(DynamoDbClients.jsonClient(dynamoDb.client()), table);
        RefreshingRouteTable routes = start();
        long queriesAtStart = calls("Query");

        for (int i = 0; i < 10; i++) {
            requestAfterTheTtl(routes);
        }

        assertThat(queriesAtStart).as("one Query per partition routers read").isEqualTo(TableSchema.ROUTER_READS.size());
        assertThat(calls("Query")).isEqualTo(queriesAtStart);
        assertThat(calls("GetItem")).as("the first load's and ten checks'").isEqualTo(11);
        assertThat(calls("UpdateItem") + calls("Scan") + calls("PutItem")).as("nothing but Query and GetItem").isZero();
    }

    @Test
    void requestsWithinTheTtlReadNothing() {
        putRoute("orders");
        RefreshingRouteTable routes = start();
        long before = calls("GetItem") + calls("Query");

        for (int i = 0; i < 100; i++) {
            routes.get();
            advance(TTL.dividedBy(200));
        }

        assertThat(calls("GetItem") + calls("Query")).isEqualTo(before);
        assertThat(background).isEmpty();
    }

    @Test
    void afterAnIdlePauseTheFirstRequestIsAnsweredFromAFreshlyCheckedTable() {
        putRoute("orders");
        RefreshingRouteTable routes = start();
        dynamoDb.client().deleteItem(delete -> delete.tableName(table)
                .key(AttributeValues.fromJava(TableSchema.item(ItemKind.ROUTE, "orders"))));
        putRoute("customers");
        TableRevision.bump(DynamoDbClients.jsonClient(dynamoDb.client()), table);
        long getsBefore = calls("GetItem");

        advance(Duration.ofSeconds(20));

        assertThat(ids(routes.get())).containsExactly("customers");
        assertThat(calls("GetItem")).isEqualTo(getsBefore + 1);
        assertThat(background).isEmpty();
    }

    @Test
    void aFailingRevisionReadKeepsTheLastGoodTableAndIsLoggedOnce() {
        List<LogRecord> warnings = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel() == Level.WARNING) {
                    warnings.add(record);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger logger = Logger.getLogger(RefreshingRouteTable.class.getName());
        logger.addHandler(capture);
        try {
            putRoute("orders");
            RefreshingRouteTable routes = start();
            proxy.down(true);

            advance(MAX_AGE.plusSeconds(1));
            assertThat(ids(routes.get())).containsExactly("orders");
            for (int i = 0; i < 3; i++) {
                assertThat(ids(requestAfterTheTtl(routes))).containsExactly("orders");
            }

            assertThat(routes.refreshFailures()).isEqualTo(4);
            assertThat(warnings).singleElement().satisfies(record ->
                    assertThat(record.getMessage()).contains("could not read routes"));

            proxy.down(false);
            requestAfterTheTtl(routes);
            assertThat(routes.ageMillis()).isZero();
        } finally {
            logger.removeHandler(capture);
        }
    }
}
