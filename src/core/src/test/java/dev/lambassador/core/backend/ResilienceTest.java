package dev.lambassador.core.backend;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.lambassador.core.Gateway;
import dev.lambassador.core.GatewayRequest;
import dev.lambassador.core.GatewayResponse;
import dev.lambassador.core.Headers;
import dev.lambassador.core.observe.AccessLog;
import dev.lambassador.core.observe.AccessRecord;
import dev.lambassador.core.observe.AuthorizerDecision;
import dev.lambassador.core.observe.RouteTableStatus;
import dev.lambassador.core.observe.TelemetrySink;
import dev.lambassador.core.route.RouteTable;
import dev.lambassador.testing.MutableClock;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Retries and circuit breakers of named backends, against real servers on loopback, with a clock that
 * only moves when a retry waits or the test says so.
 */
class ResilienceTest {

    private final ScriptedBackend backend = ScriptedBackend.start();
    private final FakeTime time = new FakeTime();
    private final List<AccessRecord> records = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        backend.close();
    }

    @Test
    void aFailedIdempotentCallIsRetriedWithTheSameBodyAndOneAnswerReachesTheClient() throws IOException {
        backend.answer(503, 200);
        Gateway gateway = gateway(backendItem(backend.url(), Map.of("retry", Map.of())), route(Map.of("ref", "orders")));

        GatewayResponse response = gateway.handle(request("PUT", "/orders/42", "{\"qty\":3}"));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.bodyAsString()).isEqualTo("answer 200");
        assertThat(backend.seen()).extracting(ScriptedBackend.Seen::method, ScriptedBackend.Seen::path, ScriptedBackend.Seen::body)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("PUT", "/orders/42", "{\"qty\":3}"),
                        org.assertj.core.groups.Tuple.tuple("PUT", "/orders/42", "{\"qty\":3}"));
        assertThat(records).singleElement().satisfies(record -> {
            assertThat(record.backendCalls()).isEqualTo(2);
            assertThat(record.retries()).isEqualTo(1);
            assertThat(record.status()).isEqualTo(200);
        });
        assertThat(time.sleeps).containsExactly(Duration.ofMillis(50));
    }

    @Test
    void retriesStopAtTheirNumberAndTheLastAnswerIsPassedOn() {
        backend.answer(502, 504, 503, 200);
        Gateway gateway = gateway(backendItem(backend.url(), Map.of("retry", Map.of("attempts", 3, "baseDelayMs", 100, "maxDelayMs", 150))),
                route(Map.of("ref", "orders")));

        GatewayResponse response = gateway.handle(request("GET", "/orders/42", ""));

        assertThat(response.status()).isEqualTo(503);
        assertThat(response.bodyAsString()).isEqualTo("answer 503");
        assertThat(backend.seen()).hasSize(3);
        assertThat(time.sleeps).containsExactly(Duration.ofMillis(100), Duration.ofMillis(150));
    }

    @Test
    void onlyTheListedStatusesAreRetried() {
        backend.answer(500, 200);
        Gateway gateway = gateway(backendItem(backend.url(), Map.of("retry", Map.of())), route(Map.of("ref", "orders")));

        assertThat(gateway.handle(request("GET", "/orders/42", "")).status()).isEqualTo(500);
        assertThat(backend.seen()).hasSize(1);
    }

    @Test
    void aPostIsNotRetriedUnlessTheRouteOptsIn() {
        backend.answer(503, 200);
        Gateway gateway = gateway(backendItem(backend.url(), Map.of("retry", Map.of())), route(Map.of("ref", "orders")));

        GatewayResponse response = gateway.handle(request("POST", "/orders/42", "{\"new\":true}"));

        assertThat(response.status()).isEqualTo(503);
        assertThat(backend.seen()).hasSize(1);

        backend.answer(503, 200);
        Gateway optedIn = gateway(backendItem(backend.url(), Map.of("retry", Map.of())),
                route(Map.of("ref", "orders", "retry", Map.of("nonIdempotent", true))));

        GatewayResponse retried = optedIn.handle(request("POST", "/orders/42", "{\"new\":true}"));

        assertThat(retried.status()).isEqualTo(200);
        assertThat(backend.seen()).hasSize(3).extracting(ScriptedBackend.Seen::body).containsOnly("{\"new\":true}");
    }

    @Test
    void aRefusedConnectionIsRetriedThenAnsweredWith502() throws IOException {
        Gateway gateway = gateway(backendItem("http://127.0.0.1:" + closedPort(), Map.of("retry", Map.of("attempts", 4))),
                route(Map.of("ref", "orders")));

        GatewayResponse response = gateway.handle(request("GET", "/orders/42", ""));

        assertThat(response.status()).isEqualTo(502);
        assertThat(json(response)).containsEntry("message", "backend refused the connection").containsEntry("requestId", "req-1");
        assertThat(records.getFirst().backendCalls()).isEqualTo(4);
        assertThat(time.sleeps).containsExactly(Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(200));
    }

    @Test
    void withoutARetryMapABackendIsCalledOnce() throws IOException {
        Gateway gateway = gateway(backendItem("http://127.0.0.1:" + closedPort(), Map.of()), route(Map.of("ref", "orders")));

        assertThat(gateway.handle(request("GET", "/orders/42", "")).status()).isEqualTo(502);
        assertThat(records.getFirst().backendCalls()).isEqualTo(1);
    }

    @Test
    void retriesOfASlowBackendNeverOutlastTheRouteTimeout() {
        backend.answer(503).delay(150);
        Map<String, Object> routeItem = new LinkedHashMap<>(route(Map.of("ref", "orders")));
        routeItem.put("timeoutMs", 400);
        RouteTable.Compiled compiled = RouteTable.compileItems(List.of(
                backendItem(backend.url(), Map.of("retry", Map.of("attempts", 10, "baseDelayMs", 5))), routeItem));
        Gateway gateway = Gateway.builder().routes(compiled.table()).listener(new AccessLog(sink(), RouteTableStatus.UNKNOWN)).build();

        long started = System.nanoTime();
        GatewayResponse response = gateway.handle(request("GET", "/orders/42", ""));
        long tookMillis = (System.nanoTime() - started) / 1_000_000;

        // Two calls of 150 ms fit in 400 ms and a third would not, so the backend's own 503 is the answer. Ten
        // calls would take 1.5 s; the margin is for the gateway's own work on a busy machine, where a slower
        // second call may also be cut short at the budget (504).
        assertThat(response.status()).isIn(503, 504);
        assertThat(tookMillis).isLessThan(400 + 150);
        assertThat(backend.seen()).hasSizeBetween(1, 3);
    }

    @Test
    void retriesStopAtTheFunctionsDeadlineWhenItComesBeforeTheRouteTimeout() {
        backend.answer(503);
        Gateway gateway = gateway(backendItem(backend.url(), Map.of("retry", Map.of("attempts", 5, "baseDelayMs", 500, "maxDelayMs", 5000))),
                route(Map.of("ref", "orders")));

        // 500 ms of delay and a call fit in 1 s, with room for a slow loopback call on a busy machine (the second call
        // gets what is left in real time); 1 s more of delay does not, though the route's 10 s would have room.
        GatewayResponse response = gateway.handle(request("GET", "/orders/42", ""), time.instant().plusMillis(1000));

        assertThat(response.status()).isEqualTo(503);
        assertThat(backend.seen()).hasSize(2);
        assertThat(time.sleeps).containsExactly(Duration.ofMillis(500));
    }

    @Test
    void aRequestWithNoTimeLeftIsAnswered504WithoutCallingTheBackend() throws IOException {
        Gateway gateway = gateway(backendItem(backend.url(), Map.of("retry", Map.of())), route(Map.of("ref", "orders")));

        GatewayResponse response = gateway.handle(request("GET", "/orders/42", ""), time.instant().minusMillis(1));

        assertThat(response.status()).isEqualTo(504);
        assertThat(backend.seen()).isEmpty();
        assertThat(records.getLast().backendCalls()).isZero();
    }

    @Test
    void refusedConnectionsCountAsFailuresButTheGatewaysOwn400DoesNot() throws IOException {
        Map<String, Object> breaker = Map.of("circuitBreaker", Map.of("windowSize", 1, "minimumCalls", 1));
        Gateway gateway = gateway(backendItem(backend.url(), breaker), route(Map.of("ref", "orders")));

        // The JDK client refuses a header value beyond Latin-1: the gateway's 400, the backend never called.
        GatewayResponse refusedHeader = gateway.handle(new GatewayRequest("GET", "/orders/1", "", Map.of(), Headers.of("X-Name", "\u6f22"),
                null, "203.0.113.9", "req-1", Map.of()));
        assertThat(refusedHeader.status()).isEqualTo(400);
        assertThat(gateway.handle(request("GET", "/orders/2", "")).status()).isEqualTo(200);

        Gateway refusing = gateway(backendItem("http://127.0.0.1:" + closedPort(), breaker), route(Map.of("ref", "orders")));
        assertThat(refusing.handle(request("GET", "/orders/3", "")).status()).isEqualTo(502);
        assertThat(records.getLast().circuitOpened()).isTrue();
        assertThat(refusing.handle(request("GET", "/orders/4", "")).status()).isEqualTo(503);
    }

    @Test
    void theRouteTimeoutIsTheRoutesAgainOnceTheCallsAreDone() {
        List<Duration> after = new ArrayList<>();
        RouteTable.Compiled compiled = RouteTable.compileItems(List.of(
                backendItem(backend.url(), Map.of("readTimeoutMs", 100, "retry", Map.of())), route(Map.of("ref", "orders"))));
        Gateway gateway = Gateway.builder().routes(compiled.table())
                .resilience(new ResilientCalls(time, time::sleep, bound -> bound))
                .globalFilter((request, chain) -> {
                    GatewayResponse response = chain.proceed(request);
                    after.add(chain.exchange().timeout());
                    return response;
                }).build();

        assertThat(gateway.handle(request("GET", "/orders/1", "")).status()).isEqualTo(200);
        assertThat(after).containsExactly(Duration.ofSeconds(10));
    }

    @Test
    void theSystemsJitterDrawsFromZeroToItsBoundAndItsSleepWaits() throws InterruptedException {
        List<Long> draws = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            draws.add(ResilientCalls.fullJitter(10));
        }
        assertThat(draws).allSatisfy(draw -> assertThat(draw).isBetween(0L, 10L));
        assertThat(new java.util.TreeSet<>(draws)).hasSize(11);

        long started = System.nanoTime();
        ResilientCalls.sleep(Duration.ofMillis(30));
        assertThat(System.nanoTime() - started).isGreaterThanOrEqualTo(Duration.ofMillis(30).toNanos());
    }

    @Test
    void aConnectionNotAcceptedInTheBackendsConnectTimeoutIsRetriedThenAnswered504() throws IOException {
        // A listening socket that never accepts: once its backlog is full, the kernel leaves further connections unanswered.
        try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            List<java.net.Socket> queued = new ArrayList<>();
            try {
                for (int i = 0; i < 4; i++) {
                    java.net.Socket socket = new java.net.Socket();
                    try {
                        socket.connect(full.getLocalSocketAddress(), 200);
                    } catch (IOException backlogFull) {
                        socket.close();
                        break;
                    }
                    queued.add(socket);
                }
                Gateway gateway = gateway(backendItem("http://127.0.0.1:" + full.getLocalPort(),
                        Map.of("connectTimeoutMs", 150, "retry", Map.of("attempts", 2))), route(Map.of("ref", "orders")));

                long started = System.nanoTime();
                GatewayResponse response = gateway.handle(request("GET", "/orders/1", ""));

                assertThat(response.status()).isEqualTo(504);
                assertThat(json(response)).containsEntry("message", "backend did not accept the connection in time");
                assertThat(records.getLast().backendCalls()).isEqualTo(2);
                assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(5_000);
            } finally {
                for (java.net.Socket socket : queued) {
                    socket.close();
                }
            }
        }
    }

    @Test
    void aCallIsCutShortAtTheBackendsReadTimeout() {
        backend.answer(200).delay(1000);
        RouteTable.Compiled compiled = RouteTable.compileItems(List.of(
                backendItem(backend.url(), Map.of("readTimeoutMs", 100)), route(Map.of("ref", "orders"))));
        Gateway gateway = Gateway.builder().routes(compiled.table()).build();

        long started = System.nanoTime();
        GatewayResponse response = gateway.handle(request("GET", "/orders/42", ""));

        assertThat(response.status()).isEqualTo(504);
        assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(900);
    }

    @Test
    void repeatedFailuresOpenTheCircuitUntilAProbeSucceeds() throws IOException {
        backend.answer(500);
        Gateway gateway = gateway(backendItem(backend.url(), Map.of("circuitBreaker",
                Map.of("windowSize", 4, "minimumCalls", 4, "failureRatePercent", 50, "openMs", 30_000))), route(Map.of("ref", "orders")));

        for (int i = 0; i < 4; i++) {
            assertThat(gateway.handle(request("GET", "/orders/" + i, "")).status()).isEqualTo(500);
        }
        assertThat(records).extracting(AccessRecord::circuit).containsExactly("closed", "closed", "closed", "open");
        assertThat(records).extracting(AccessRecord::circuitOpened).containsExactly(false, false, false, true);

        time.advance(Duration.ofSeconds(10));
        GatewayResponse refused = gateway.handle(request("GET", "/orders/5", ""));

        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.headers().first("Retry-After")).contains("20");
        assertThat(refused.headers().first("Content-Type")).contains("application/json");
        assertThat(json(refused)).containsEntry("requestId", "req-1").containsEntry("backend", "orders")
                .hasEntrySatisfying("message", message -> assertThat((String) message).contains("circuit open"));
        assertThat(backend.seen()).hasSize(4);
        assertThat(records.getLast().backendCalls()).isZero();
        assertThat(records.getLast().circuit()).isEqualTo("open");
        assertThat(records.getLast().circuitOpened()).isFalse();

        backend.answer(200);
        time.advance(Duration.ofSeconds(20).plusMillis(1));
        GatewayResponse probe = gateway.handle(request("GET", "/orders/6", ""));

        assertThat(probe.status()).isEqualTo(200);
        assertThat(records.getLast().circuit()).isEqualTo("closed");
        assertThat(gateway.handle(request("GET", "/orders/7", "")).status()).isEqualTo(200);
        assertThat(backend.seen()).hasSize(6);
    }

    @Test
    void aFailedProbeOpensTheCircuitAgain() {
        backend.answer(503);
        Gateway gateway = gateway(backendItem(backend.url(), Map.of("circuitBreaker",
                Map.of("windowSize", 2, "minimumCalls", 2, "openMs", 5_000))), route(Map.of("ref", "orders")));
        gateway.handle(request("GET", "/orders/1", ""));
        gateway.handle(request("GET", "/orders/2", ""));
        time.advance(Duration.ofSeconds(6));

        assertThat(gateway.handle(request("GET", "/orders/3", "")).status()).isEqualTo(503);
        assertThat(records.getLast().circuitOpened()).isTrue();
        GatewayResponse refused = gateway.handle(request("GET", "/orders/4", ""));

        assertThat(refused.headers().first("Retry-After")).contains("5");
        assertThat(backend.seen()).hasSize(3);
    }

    @Test
    void slowCallsOpenTheCircuit() {
        backend.answer(200).delay(120);
        RouteTable.Compiled compiled = RouteTable.compileItems(List.of(backendItem(backend.url(), Map.of("circuitBreaker",
                Map.of("windowSize", 2, "minimumCalls", 2, "slowCallMs", 50, "slowCallRatePercent", 100))), route(Map.of("ref", "orders"))));
        Gateway gateway = Gateway.builder().routes(compiled.table()).build();

        assertThat(gateway.handle(request("GET", "/orders/1", "")).status()).isEqualTo(200);
        assertThat(gateway.handle(request("GET", "/orders/2", "")).status()).isEqualTo(200);
        assertThat(gateway.handle(request("GET", "/orders/3", "")).status()).isEqualTo(503);
        assertThat(backend.seen()).hasSize(2);
    }

    @Test
    void whenTheCircuitOpensDuringRetriesTheLastAnswerIsPassedOn() {
        backend.answer(503);
        Gateway gateway = gateway(backendItem(backend.url(), Map.of("retry", Map.of("attempts", 5),
                "circuitBreaker", Map.of("windowSize", 2, "minimumCalls", 2))), route(Map.of("ref", "orders")));

        GatewayResponse response = gateway.handle(request("GET", "/orders/1", ""));

        assertThat(response.status()).isEqualTo(503);
        assertThat(response.bodyAsString()).isEqualTo("answer 503");
        assertThat(backend.seen()).hasSize(2);
        assertThat(records.getFirst().circuitOpened()).isTrue();
    }

    @Test
    void theBreakerOutlivesARouteTableReload() {
        backend.answer(500);
        List<Map<String, Object>> items = List.of(backendItem(backend.url(), Map.of("circuitBreaker", Map.of("windowSize", 1, "minimumCalls", 1))),
                route(Map.of("ref", "orders")));
        ResilientCalls resilience = new ResilientCalls(time, time::sleep, bound -> bound);
        java.util.concurrent.atomic.AtomicReference<RouteTable> table = new java.util.concurrent.atomic.AtomicReference<>(
                RouteTable.compileItems(items).table());
        Gateway gateway = Gateway.builder().routes(table::get).resilience(resilience).build();

        assertThat(gateway.handle(request("GET", "/orders/1", "")).status()).isEqualTo(500);
        table.set(RouteTable.compileItems(items).table());

        assertThat(gateway.handle(request("GET", "/orders/2", "")).status()).isEqualTo(503);
        assertThat(backend.seen()).hasSize(1);
    }

    @Test
    void aWeightedSplitOfNamedBackendsRetriesTheChosenOne() {
        backend.answer(502, 200);
        Gateway gateway = gateway(backendItem(backend.url(), Map.of("retry", Map.of())),
                route(Map.of("type", "weighted", "targets", List.of(Map.of("name", "only", "weight", 1, "backend", Map.of("ref", "orders"))))));

        assertThat(gateway.handle(request("GET", "/orders/9", "")).status()).isEqualTo(200);
        assertThat(backend.seen()).extracting(ScriptedBackend.Seen::path).containsExactly("/orders/9", "/orders/9");
    }

    @Test
    void aReferenceTakesAPathWithPlaceholdersAfterTheBackendsOrigin() {
        Gateway gateway = gateway(backendItem(backend.url() + "/", Map.of()), route(Map.of("ref", "orders", "path", "/v2/orders/{id}?src=gw")));

        assertThat(gateway.handle(request("GET", "/orders/42", "")).status()).isEqualTo(200);
        assertThat(backend.seen()).extracting(ScriptedBackend.Seen::path).containsExactly("/v2/orders/42");
    }

    private Gateway gateway(Map<String, Object> backendItem, Map<String, Object> route) {
        RouteTable.Compiled compiled = RouteTable.compileItems(List.of(backendItem, route));
        assertThat(compiled.rejected()).isEmpty();
        return Gateway.builder().routes(compiled.table())
                .resilience(new ResilientCalls(time, time::sleep, bound -> bound))
                .listener(new AccessLog(sink(), RouteTableStatus.UNKNOWN))
                .build();
    }

    private TelemetrySink sink() {
        return new TelemetrySink() {
            @Override
            public void request(AccessRecord record) {
                records.add(record);
            }

            @Override
            public void decision(AuthorizerDecision decision) {
            }
        };
    }

    static Map<String, Object> backendItem(String url, Map<String, Object> settings) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("kind", "backend");
        item.put("id", "orders");
        item.put("url", url);
        item.putAll(settings);
        return item;
    }

    static Map<String, Object> route(Map<String, Object> backend) {
        return Map.of("id", "orders", "path", "/orders/{id}", "backend", backend);
    }

    static GatewayRequest request(String method, String path, String body) {
        return new GatewayRequest(method, path, "", Map.of(), Headers.of("Host", "api.example.com"),
                body.getBytes(StandardCharsets.UTF_8), "203.0.113.9", "req-1", Map.of());
    }

    static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    static Map<String, Object> json(GatewayResponse response) throws IOException {
        return JSON.std.mapFrom(response.body());
    }

    /** A clock that moves only when told to or when a retry waits; the waits are kept. Starts at the real time, since the HTTP client measures the function's deadline on it. */
    static final class FakeTime extends MutableClock {
        final List<Duration> sleeps = new ArrayList<>();

        FakeTime() {
            super(Instant.now());
        }

        void sleep(Duration duration) {
            sleeps.add(duration);
            advance(duration);
        }
    }
}
