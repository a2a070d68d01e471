package dev.lambassador.core.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lambassador.core.GatewayException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RefreshingRouteTableTest {

    private static final Duration TTL = Duration.ofSeconds(2);
    private static final Duration MAX_AGE = Duration.ofSeconds(5);

    private final AtomicLong clock = new AtomicLong(1_000_000);
    private final List<Runnable> background = new ArrayList<>();
    private final ScriptedSource source = new ScriptedSource();
    private final Logger logger = Logger.getLogger(RefreshingRouteTable.class.getName());
    private final List<LogRecord> logged = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logged.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void captureLog() {
        logger.addHandler(capture);
    }

    @AfterEach
    void releaseLog() {
        logger.removeHandler(capture);
    }

    private RefreshingRouteTable start() {
        return RefreshingRouteTable.start(source, TTL, MAX_AGE, clock::get, background::add);
    }

    private void advance(Duration duration) {
        clock.addAndGet(duration.toMillis());
    }

    private static Map<String, Object> item(String id) {
        return Map.of("id", id, "path", "/" + id, "backend", "http://b");
    }

    private static List<String> ids(RouteTable table) {
        return table.routes().stream().map(Route::id).toList();
    }

    @Test
    void servesTheInitialLoad() {
        source.items = List.of(item("a"));

        assertThat(ids(start().get())).containsExactly("a");
    }

    @Test
    void afterTheTtlARequestIsAnsweredAtOnceWhileTheCheckRunsInTheBackground() {
        source.items = List.of(item("a"));
        RefreshingRouteTable routes = start();
        source.items = List.of(item("a"), item("b"));
        source.revision = "2";

        advance(Duration.ofSeconds(3));
        assertThat(routes.get().size()).isEqualTo(1);
        assertThat(routes.get().size()).as("one check at a time").isEqualTo(1);
        assertThat(background).hasSize(1);

        background.removeFirst().run();
        assertThat(ids(routes.get())).containsExactly("a", "b");
    }

    @Test
    void noCheckBeforeTheTtl() {
        source.items = List.of(item("a"));
        RefreshingRouteTable routes = start();

        advance(TTL.minusMillis(1));
        routes.get();

        assertThat(background).isEmpty();
        assertThat(source.revisionReads).isEqualTo(1);
    }

    @Test
    void unchangedRevisionReadsNoItems() {
        source.items = List.of(item("a"));
        RefreshingRouteTable routes = start();
        source.items = List.of(item("a"), item("b"));

        for (int i = 0; i < 5; i++) {
            advance(TTL);
            routes.get();
            background.removeFirst().run();
        }

        assertThat(source.revisionReads).isEqualTo(6);
        assertThat(source.loads).as("items read at start only").isEqualTo(1);
        assertThat(ids(routes.get())).as("an edit nobody announced is not seen").containsExactly("a");
        assertThat(routes.ageMillis()).isZero();
    }

    @Test
    void movedRevisionReloadsTheItemsOnce() {
        source.items = List.of(item("a"));
        RefreshingRouteTable routes = start();
        source.items = List.of(item("b"));
        source.revision = "2";

        advance(TTL);
        routes.get();
        background.removeFirst().run();
        advance(TTL);
        routes.get();
        background.removeFirst().run();

        assertThat(ids(routes.get())).containsExactly("b");
        assertThat(source.loads).isEqualTo(2);
        assertThat(routes.loads()).isEqualTo(2);
        assertThat(routes.checks()).isEqualTo(3);
    }

    @Test
    void aTableOlderThanTheMaximumAgeIsCheckedBeforeTheRequestIsAnswered() {
        source.items = List.of(item("a"));
        RefreshingRouteTable routes = start();
        source.items = List.of(item("b"));
        source.revision = "2";

        advance(MAX_AGE.plusMillis(1));

        assertThat(ids(routes.get())).containsExactly("b");
        assertThat(background).as("nothing left for the background").isEmpty();
        assertThat(routes.ageMillis()).isZero();
    }

    @Test
    void aTableOfExactlyTheMaximumAgeIsStillServedAsItIs() {
        source.items = List.of(item("a"));
        RefreshingRouteTable routes = start();
        source.items = List.of(item("b"));
        source.revision = "2";

        advance(MAX_AGE);

        assertThat(ids(routes.get())).containsExactly("a");
        assertThat(background).hasSize(1);
    }

    @Test
    void restoredSnapshotChecksBeforeItsFirstAnswer() {
        source.items = List.of(item("a"));
        RefreshingRouteTable routes = start();
        source.items = List.of();
        source.revision = "2";

        advance(Duration.ofDays(3));

        assertThat(routes.get().size()).isZero();
        assertThat(source.revisionReads).isEqualTo(2);
    }

    @Test
    void aSourceWithoutRevisionIsReloadedOnEveryCheck() {
        source.items = List.of(item("a"));
        source.revision = null;
        RefreshingRouteTable routes = start();
        source.items = List.of(item("b"));

        advance(TTL);
        routes.get();
        background.removeFirst().run();

        assertThat(ids(routes.get())).containsExactly("b");
        assertThat(source.loads).isEqualTo(2);
    }

    @Test
    void failedCheckKeepsTheLastGoodTableAndIsLoggedOnce() {
        source.items = List.of(item("a"));
        RefreshingRouteTable routes = start();
        source.failure = new IOException("connection refused");

        assertThat(routes.refresh()).isFalse();
        assertThat(routes.refresh()).isFalse();
        assertThat(routes.refresh()).isFalse();

        assertThat(ids(routes.get())).containsExactly("a");
        assertThat(routes.refreshFailures()).isEqualTo(3);
        assertThat(logged).filteredOn(record -> record.getLevel() == Level.WARNING).singleElement()
                .satisfies(record -> assertThat(record.getMessage()).contains("could not read routes"));

        source.failure = null;
        assertThat(routes.refresh()).isTrue();
        assertThat(logged).filteredOn(record -> record.getMessage().contains("again")).hasSize(1);

        source.failure = new IOException("connection refused");
        routes.refresh();
        assertThat(logged).as("a new outage is logged again").filteredOn(record -> record.getLevel() == Level.WARNING).hasSize(2);
    }

    @Test
    void whileTheSourceFailsRequestsDoNotWaitForIt() {
        source.items = List.of(item("a"));
        RefreshingRouteTable routes = start();
        source.failure = new IOException("connection refused");
        advance(MAX_AGE.plusSeconds(1));
        routes.get();
        assertThat(source.revisionReads).as("the first check after the maximum age is waited for").isEqualTo(2);

        advance(MAX_AGE.plusSeconds(1));
        assertThat(ids(routes.get())).containsExactly("a");

        assertThat(source.revisionReads).as("no second wait while it fails").isEqualTo(2);
        assertThat(background).as("the next check runs in the background").hasSize(1);
        source.failure = null;
        background.removeFirst().run();
        assertThat(routes.ageMillis()).isZero();
    }

    @Test
    void neverLoadedAnswers503AndRetriesWithinASecond() {
        source.failure = new IOException("table not found");
        RefreshingRouteTable routes = start();

        assertThatThrownBy(routes::get).isInstanceOfSatisfying(GatewayException.class,
                e -> assertThat(e.status()).isEqualTo(503));
        assertThat(routes.ageMillis()).isNegative();

        source.failure = null;
        source.items = List.of(item("a"));
        advance(RefreshingRouteTable.FIRST_LOAD_RETRY);
        assertThatThrownBy(routes::get).isInstanceOf(GatewayException.class);
        background.removeFirst().run();
        assertThat(routes.get().size()).isEqualTo(1);
    }

    @Test
    void aMaximumAgeBelowTheTtlIsRefused() {
        assertThatThrownBy(() -> RefreshingRouteTable.start(source, Duration.ofSeconds(5), Duration.ofSeconds(4)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxAge must be at least the ttl");
        assertThatThrownBy(() -> RefreshingRouteTable.start(source, Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ttl must not be negative");
    }

    @Test
    void theShortStartKeepsTheDefaultMaximumAgeUnlessTheTtlIsLonger() {
        source.items = List.of(item("a"));
        RefreshingRouteTable routes = RefreshingRouteTable.start(source, Duration.ofDays(1));

        assertThat(routes.get().size()).as("a day's ttl is its own maximum age: no check now").isEqualTo(1);
        assertThat(source.revisionReads).isEqualTo(1);
    }

    @Test
    void aRequestThatWaitedForAnotherRequestsCheckDoesNotCheckAgain() throws Exception {
        source.items = List.of(item("a"));
        RefreshingRouteTable routes = start();
        advance(MAX_AGE.plusSeconds(1));
        CountDownLatch inCheck = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        source.whileReading = () -> {
            inCheck.countDown();
            release.await();
        };
        Thread first = new Thread(routes::get);
        first.start();
        inCheck.await();
        source.whileReading = null;
        Thread second = new Thread(routes::get);
        second.start();
        while (second.getState() != Thread.State.WAITING && second.isAlive()) {
            Thread.sleep(1);
        }

        release.countDown();
        first.join();
        second.join();

        assertThat(source.revisionReads).as("the start's and the first request's").isEqualTo(2);
    }

    @Test
    void everyCheckLeavesTheWayFreeForTheNextOneOnAnotherThread() throws Exception {
        source.items = List.of(item("a"));
        RefreshingRouteTable routes = RefreshingRouteTable.start(source, TTL, MAX_AGE, clock::get, task -> {
            Thread thread = new Thread(task);
            thread.start();
            try {
                thread.join();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        });
        advance(MAX_AGE.plusSeconds(1));
        routes.get();
        routes.refresh();
        advance(TTL);

        routes.get();
        routes.refresh();

        assertThat(source.revisionReads).as("start, waited-for check, refresh, a background check and a refresh").isEqualTo(5);
    }

    @Test
    void aLoadIsLoggedWhenTheNumberOfRoutesChangedOnly() {
        source.items = List.of(item("a"));
        RefreshingRouteTable routes = start();
        source.revision = "2";
        routes.refresh();
        source.items = List.of(item("a"), item("b"));
        source.revision = "3";
        routes.refresh();

        assertThat(logged).filteredOn(record -> record.getMessage().startsWith("loaded")).extracting(LogRecord::getParameters)
                .extracting(parameters -> parameters[0]).containsExactly(1, 2);
        assertThat(logged).filteredOn(record -> record.getMessage().startsWith("loaded")).extracting(LogRecord::getParameters)
                .extracting(parameters -> parameters[3]).as("milliseconds the load took, on a clock that stood still").containsOnly(0L);
    }

    @Test
    void anItemThatIsNotServedIsNamedInTheLog() {
        source.items = List.of(item("a"), Map.of("id", "broken", "backend", "http://b"));

        start();

        assertThat(logged).filteredOn(record -> record.getLevel() == Level.WARNING).singleElement()
                .satisfies(record -> assertThat(record.getMessage()).startsWith("not serving"))
                .satisfies(record -> assertThat(record.getParameters()[1]).isEqualTo("broken"));
    }

    @Test
    void anInvalidItemIsLoggedWhenItAppearsAndWhenItIsFixedNotOnEveryLoad() {
        Map<String, Object> broken = Map.of("id", "broken", "backend", "http://b");
        source.items = List.of(item("a"), broken);
        RefreshingRouteTable routes = start();
        for (int load = 2; load <= 4; load++) {
            source.revision = String.valueOf(load);
            routes.refresh();
        }
        source.items = List.of(item("a"), item("broken"));
        source.revision = "5";
        routes.refresh();
        source.revision = "6";
        routes.refresh();

        assertThat(logged).extracting(LogRecord::getMessage).filteredOn(message -> !message.startsWith("loaded"))
                .containsExactly("not serving {0} ''{1}'' from {2} (its path answers 503 when it can be read): {3}",
                        "{0} ''{1}'' from {2} is no longer invalid");
        assertThat(logged).filteredOn(record -> record.getMessage().startsWith("loaded")).extracting(LogRecord::getParameters)
                .extracting(parameters -> parameters[2]).as("invalid items at the first load and after the fix").containsExactly(1, 0);
    }

    @Test
    void aTableLoadedAtTheEpochIsZeroMillisecondsOld() {
        clock.set(0);
        source.items = List.of(item("a"));

        assertThat(start().ageMillis()).isZero();
    }

    private static final class ScriptedSource implements RouteSource {
        List<Map<String, Object>> items = List.of();
        String revision = "1";
        volatile Blocking whileReading;
        Exception failure;
        volatile int loads;
        volatile int revisionReads;

        @Override
        public List<Map<String, Object>> load() throws Exception {
            loads++;
            if (failure != null) {
                throw failure;
            }
            return items;
        }

        @Override
        public Optional<String> revision() throws Exception {
            revisionReads++;
            Blocking blocking = whileReading;
            if (blocking != null) {
                blocking.run();
            }
            if (failure != null) {
                throw failure;
            }
            return Optional.ofNullable(revision);
        }

        @Override
        public String describe() {
            return "scripted source";
        }
    }

    @FunctionalInterface
    private interface Blocking {
        void run() throws InterruptedException;
    }
}
