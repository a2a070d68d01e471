package dev.lambassador.core.route;

import dev.lambassador.core.GatewayException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The route table a gateway serves from: loaded from its source at start, then reloaded in the
 * background once {@code ttl} has passed. The request that notices a stale table starts the
 * reload and is answered from the table it already has; nobody waits for the source. If a reload
 * fails, the last good table keeps serving and the failure is logged.
 */
public final class RefreshingRouteTable implements Supplier<RouteTable> {

    public static final Duration DEFAULT_TTL = Duration.ofSeconds(30);

    private static final Logger LOG = System.getLogger(RefreshingRouteTable.class.getName());

    private final RouteSource source;
    private final long ttlNanos;
    private final LongSupplier nanoTime;
    private final Executor executor;
    private final AtomicBoolean refreshing = new AtomicBoolean();
    private volatile RouteTable table;
    private volatile long loadedAt;

    private RefreshingRouteTable(RouteSource source, Duration ttl, LongSupplier nanoTime, Executor executor) {
        this.source = Objects.requireNonNull(source, "source");
        if (ttl.isNegative()) {
            throw new IllegalArgumentException("ttl must not be negative, was " + ttl);
        }
        this.ttlNanos = ttl.toNanos();
        this.nanoTime = nanoTime;
        this.executor = executor;
    }

    /** Loads the table once now (a failure is logged, and retried on the next request), then refreshes in the background. */
    public static RefreshingRouteTable start(RouteSource source, Duration ttl) {
        return start(source, ttl, System::nanoTime, RefreshingRouteTable::daemon);
    }

    static RefreshingRouteTable start(RouteSource source, Duration ttl, LongSupplier nanoTime, Executor executor) {
        RefreshingRouteTable routes = new RefreshingRouteTable(source, ttl, nanoTime, executor);
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
        if (nanoTime.getAsLong() - loadedAt >= ttlNanos && refreshing.compareAndSet(false, true)) {
            executor.execute(() -> {
                try {
                    refresh();
                } finally {
                    refreshing.set(false);
                }
            });
        }
        if (current == null) {
            throw new GatewayException(503, "routes are not loaded yet from " + source.describe() + "; see the gateway's log");
        }
        return current;
    }

    /** Reloads now, in the caller's thread. Returns whether the source could be read. */
    public boolean refresh() {
        long started = nanoTime.getAsLong();
        try {
            RouteTable.Compiled compiled = RouteTable.compileItems(source.load());
            for (RouteTable.Rejection rejection : compiled.rejected()) {
                LOG.log(Level.WARNING, "skipping route ''{0}'' from {1}: {2}",
                        rejection.routeId(), source.describe(), rejection.reason());
            }
            RouteTable previous = table;
            table = compiled.table();
            if (previous == null || previous.size() != table.size() || !compiled.rejected().isEmpty()) {
                LOG.log(Level.INFO, "loaded {0} routes from {1} ({2} skipped) in {3} ms", table.size(), source.describe(),
                        compiled.rejected().size(), (nanoTime.getAsLong() - started) / 1_000_000);
            }
            return true;
        } catch (Exception e) {
            RouteTable current = table;
            LOG.log(Level.WARNING, "could not load routes from {0}; {1}: {2}", source.describe(),
                    current == null ? "no table yet, answering 503" : "keeping the last good table of " + current.size() + " routes",
                    e.toString());
            return false;
        } finally {
            loadedAt = nanoTime.getAsLong();
        }
    }

    private static void daemon(Runnable task) {
        Thread thread = new Thread(task, "lambassador-route-refresh");
        thread.setDaemon(true);
        thread.start();
    }
}
