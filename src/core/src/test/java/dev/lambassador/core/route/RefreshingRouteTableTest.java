package dev.lambassador.core.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lambassador.core.GatewayException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RefreshingRouteTableTest {

    private final AtomicLong clock = new AtomicLong();
    private final List<Runnable> background = new ArrayList<>();
    private final ScriptedSource source = new ScriptedSource();

    private RefreshingRouteTable start() {
        return RefreshingRouteTable.start(source, Duration.ofSeconds(30), clock::get, background::add);
    }

    private static Map<String, Object> item(String id) {
        return Map.of("id", id, "path", "/" + id, "backend", "http://b");
    }

    @Test
    void servesTheInitialLoad() {
        source.items = List.of(item("a"));

        assertThat(start().get().routes()).extracting(Route::id).containsExactly("a");
    }

    @Test
    void staleTableIsServedWhileTheRefreshRunsInTheBackground() {
        source.items = List.of(item("a"));
        RefreshingRouteTable routes = start();
        source.items = List.of(item("a"), item("b"));

        clock.addAndGet(Duration.ofSeconds(31).toMillis());
        assertThat(routes.get().size()).isEqualTo(1);
        assertThat(routes.get().size()).as("one refresh at a time").isEqualTo(1);
        assertThat(background).hasSize(1);

        background.removeFirst().run();
        assertThat(routes.get().size()).isEqualTo(2);
        assertThat(source.loads).isEqualTo(2);
    }

    @Test
    void noReloadBeforeTheTtl() {
        source.items = List.of(item("a"));
        RefreshingRouteTable routes = start();

        clock.addAndGet(Duration.ofSeconds(29).toMillis());
        routes.get();

        assertThat(background).isEmpty();
        assertThat(source.loads).isEqualTo(1);
    }

    @Test
    void failedRefreshKeepsTheLastGoodTable() {
        source.items = List.of(item("a"));
        RefreshingRouteTable routes = start();
        source.failure = new IOException("connection refused");

        assertThat(routes.refresh()).isFalse();

        assertThat(routes.get().routes()).extracting(Route::id).containsExactly("a");
    }

    @Test
    void neverLoadedAnswers503AndRetriesWithinASecond() {
        source.failure = new IOException("table not found");
        RefreshingRouteTable routes = start();

        assertThatThrownBy(routes::get).isInstanceOfSatisfying(GatewayException.class,
                e -> assertThat(e.status()).isEqualTo(503));

        source.failure = null;
        source.items = List.of(item("a"));
        clock.addAndGet(RefreshingRouteTable.FIRST_LOAD_RETRY.toMillis());
        assertThatThrownBy(routes::get).isInstanceOf(GatewayException.class);
        background.removeFirst().run();
        assertThat(routes.get().size()).isEqualTo(1);
    }

    @Test
    void restoredSnapshotSeesItsTableAsOld() {
        source.items = List.of(item("a"));
        RefreshingRouteTable routes = start();

        clock.addAndGet(Duration.ofDays(3).toMillis());
        routes.get();

        assertThat(background).as("a reload starts on the first request after a long pause").hasSize(1);
    }

    private static final class ScriptedSource implements RouteSource {
        List<Map<String, Object>> items = List.of();
        Exception failure;
        int loads;

        @Override
        public List<Map<String, Object>> load() throws Exception {
            loads++;
            if (failure != null) {
                throw failure;
            }
            return items;
        }

        @Override
        public String describe() {
            return "scripted source";
        }
    }
}
