package dev.lambassador.core.route;

import dev.lambassador.core.GatewayException;
import dev.lambassador.core.observe.RouteTableStatus;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The route table a gateway serves from: loaded from its source at start, then reloaded in the
 * background once {@code ttl} has passed. The request that notices a stale table starts the
 * reload and is answered from the table it already has; nobody waits for the source. If a reload
 * fails, the last good table keeps serving and the failure is logged; while no table has ever
 * loaded, a reload is tried again after at most {@link #FIRST_LOAD_RETRY}.
 *
 * <p>Age is measured on the wall clock, not {@code nanoTime}: a SnapStart snapshot restored days
 * later must see its table as old, and {@code nanoTime} has no meaning across a restore.
 */
public final class RefreshingRouteTable implements Supplier<RouteTable>, RouteTableStatus {

    public static final Duration DEFAULT_TTL = Duration.ofSeconds(30);
    public static final Duration FIRST_LOAD_RETRY = Duration.ofSeconds(1);

    private static final Logger LOG = System.getLogger(RefreshingRouteTable.class.getName());

    private final RouteSource source;
    private final long ttlMillis;
    private final LongSupplier clock;
    private final Executor executor;
    private final AtomicBoolean refreshing = new AtomicBoolean();
    private volatile RouteTable table;
    private volatile long nextRefreshAt;
    private volatile long loadedAt = -1;
    private final AtomicLong failures = new AtomicLong();

    private RefreshingRouteTable(RouteSource source, Duration ttl, LongSupplier clock, Executor executor) {
        this.source = Objects.requireNonNull(source, "source");
        if (ttl.isNegative()) {
            throw new IllegalArgumentException("ttl must not be negative, was " + ttl);
        }
        this.ttlMillis = ttl.toMillis();
        this.clock = clock;
        this.executor = executor;
    }

    /** Loads the table once now (a failure is logged, and retried on the next request), then refreshes in the background. */
    public static RefreshingRouteTable start(RouteSource source, Duration ttl) {
        return start(source, ttl, System::currentTimeMillis, RefreshingRouteTable::daemon);
    }

    /** @param clock milliseconds since the epoch */
    static RefreshingRouteTable start(RouteSource source, Duration ttl, LongSupplier clock, Executor executor) {
        RefreshingRouteTable routes = new RefreshingRouteTable(source, ttl, clock, executor);
        routes.refresh();
        return routes;
    }

    /**
     * The current table; starts a background reload when it is older than the ttl.
     *
     * @throws GatewayException 503 when no table has ever loaded
     */
    @Override
    public RouteTable get() {
        RouteTable current = table;
        if (clock.getAsLong() >= nextRefreshAt && refreshing.compareAndSet(false, true)) {
            executor.execute(() -> {
                try {
                    refresh();
                } finally {
                    refreshing.set(false);
                }
            });
        }
        if (current == null) {
            throw new GatewayException(503, "routes are not loaded yet; see the gateway's log");
        }
        return current;
    }

    /** Reloads now, in the caller's thread. Returns whether the source could be read. */
    public boolean refresh() {
        long started = clock.getAsLong();
        boolean loaded = false;
        try {
            RouteTable.Compiled compiled = RouteTable.compileItems(source.load());
            for (RouteTable.Rejection rejection : compiled.rejected()) {
                LOG.log(Level.WARNING, "not serving {0} ''{1}'' from {2} (its path answers 503 when it can be read): {3}",
                        rejection.kind(), rejection.routeId(), source.describe(), rejection.reason());
            }
            RouteTable previous = table;
            table = compiled.table();
            loadedAt = clock.getAsLong();
            if (previous == null || previous.size() != table.size() || !compiled.rejected().isEmpty()) {
                LOG.log(Level.INFO, "loaded {0} routes from {1} ({2} skipped) in {3} ms", table.size(), source.describe(),
                        compiled.rejected().size(), clock.getAsLong() - started);
            }
            loaded = true;
            return true;
        } catch (Exception e) {
            failures.incrementAndGet();
            RouteTable current = table;
            LOG.log(Level.WARNING, "could not load routes from {0}; {1}: {2}", source.describe(),
                    current == null ? "no table yet, answering 503" : "keeping the last good table of " + current.size() + " routes",
                    e.toString());
            return false;
        } finally {
            long wait = loaded || table != null ? ttlMillis : Math.min(ttlMillis, FIRST_LOAD_RETRY.toMillis());
            nextRefreshAt = clock.getAsLong() + wait;
        }
    }

    /** How long ago the table being served was loaded, on the wall clock; negative before the first load. */
    @Override
    public long ageMillis() {
        long at = loadedAt;
        return at < 0 ? -1 : Math.max(0, clock.getAsLong() - at);
    }

    /** How many loads have failed since the start. */
    @Override
    public long refreshFailures() {
        return failures.get();
    }

    private static void daemon(Runnable task) {
        Thread thread = new Thread(task, "lambassador-route-refresh");
        thread.setDaemon(true);
        thread.start();
    }
}
