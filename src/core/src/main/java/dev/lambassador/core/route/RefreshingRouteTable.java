package dev.lambassador.core.route;

import dev.lambassador.core.GatewayException;
import dev.lambassador.core.observe.RouteTableStatus;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The route table a gateway serves from: loaded from its source at start, then checked again as requests
 * come. A check reads the source's {@link RouteSource#revision() revision} (one small item of a table), and
 * reloads the items only when it moved; a source without a revision is reloaded on every check.
 *
 * <ul>
 *   <li>Once the table was last confirmed more than {@code ttl} ago, the request that notices starts a check
 *       in the background and is answered from the table it has: in steady traffic nobody waits for the source.</li>
 *   <li>Once it was last confirmed more than {@code maxAge} ago, the request waits for the check (and the reload,
 *       if the revision moved) before it is answered. In Lambda a background check cannot run while the
 *       container is frozen between invocations, so the first request after a pause pays for one check rather
 *       than being answered from a table of unknown age.</li>
 * </ul>
 *
 * <p>So no request is answered from a table confirmed longer than {@code maxAge} ago, as long as the source can
 * be read. When a check fails, the last good table keeps serving, the failure is logged once (and its end once),
 * and further checks run in the background until one succeeds, so an unreachable source never makes requests
 * wait. While no table has ever loaded, a check is tried again after at most {@link #FIRST_LOAD_RETRY}.
 *
 * <p>Ages are measured on the wall clock, not {@code nanoTime}: a SnapStart snapshot restored days later must
 * see its table as old, and {@code nanoTime} has no meaning across a restore.
 */
public final class RefreshingRouteTable implements Supplier<RouteTable>, RouteTableStatus {

    public static final Duration DEFAULT_TTL = Duration.ofSeconds(2);
    public static final Duration DEFAULT_MAX_AGE = Duration.ofSeconds(5);
    public static final Duration FIRST_LOAD_RETRY = Duration.ofSeconds(1);

    private static final Logger LOG = System.getLogger(RefreshingRouteTable.class.getName());

    private final RouteSource source;
    private final long ttlMillis;
    private final long maxAgeMillis;
    private final LongSupplier clock;
    private final Executor executor;
    private final AtomicBoolean refreshing = new AtomicBoolean();
    /** Held by whoever checks the source, so that one check runs at a time and a waiting request sees its result. */
    private final ReentrantLock checking = new ReentrantLock();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong checks = new AtomicLong();
    private final AtomicLong loads = new AtomicLong();
    private volatile RouteTable table;
    /** The revision the table was loaded at; empty for a source without revisions. */
    private volatile Optional<String> revision = Optional.empty();
    private volatile long nextCheckAt;
    /** When the last successful check started: the table was current then. */
    private volatile long confirmedAt = -1;
    private volatile boolean failing;
    /** The invalid items the log has named and not yet seen fixed; only loads, one at a time, touch it. */
    private Set<RouteTable.Rejection> reported = Set.of();

    private RefreshingRouteTable(RouteSource source, Duration ttl, Duration maxAge, LongSupplier clock, Executor executor) {
        this.source = Objects.requireNonNull(source, "source");
        if (ttl.isNegative()) {
            throw new IllegalArgumentException("ttl must not be negative, was " + ttl);
        }
        if (maxAge.compareTo(ttl) < 0) {
            throw new IllegalArgumentException("maxAge must be at least the ttl (" + ttl + "), was " + maxAge);
        }
        this.ttlMillis = ttl.toMillis();
        this.maxAgeMillis = maxAge.toMillis();
        this.clock = clock;
        this.executor = executor;
    }

    /**
     * Loads the table once now (a failure is logged, and retried on a later request), then checks it as
     * requests come; the maximum age is {@link #DEFAULT_MAX_AGE}, or the ttl when that is longer.
     */
    public static RefreshingRouteTable start(RouteSource source, Duration ttl) {
        return start(source, ttl, ttl.compareTo(DEFAULT_MAX_AGE) > 0 ? ttl : DEFAULT_MAX_AGE);
    }

    /**
     * @param ttl    how old the table may get before a request starts a check in the background
     * @param maxAge how old it may get before a request waits for a check; at least {@code ttl}
     */
    public static RefreshingRouteTable start(RouteSource source, Duration ttl, Duration maxAge) {
        return start(source, ttl, maxAge, System::currentTimeMillis, RefreshingRouteTable::daemon);
    }

    /**
     * As {@link #start(RouteSource, Duration, Duration)}, with the clock and the background given: for tests that
     * must not sleep, and harnesses that step time.
     *
     * @param clock    milliseconds since the epoch
     * @param executor runs background checks
     */
    public static RefreshingRouteTable start(RouteSource source, Duration ttl, Duration maxAge, LongSupplier clock, Executor executor) {
        RefreshingRouteTable routes = new RefreshingRouteTable(source, ttl, maxAge, clock, executor);
        routes.refresh();
        return routes;
    }

    /**
     * The current table: checked first, in the caller's thread, when it is older than the maximum age;
     * else served as it is, with a check started in the background once it is older than the ttl.
     *
     * @throws GatewayException 503 when no table has ever loaded
     */
    @Override
    public RouteTable get() {
        long now = clock.getAsLong();
        if (table != null && !failing && now - confirmedAt > maxAgeMillis) {
            checking.lock();
            try {
                // Another request may have checked while this one waited for the lock.
                if (!failing && clock.getAsLong() - confirmedAt > maxAgeMillis) {
                    check();
                }
            } finally {
                checking.unlock();
            }
        } else if (now >= nextCheckAt && refreshing.compareAndSet(false, true)) {
            executor.execute(() -> {
                try {
                    if (checking.tryLock()) {
                        try {
                            check();
                        } finally {
                            checking.unlock();
                        }
                    }
                } finally {
                    refreshing.set(false);
                }
            });
        }
        RouteTable current = table;
        if (current == null) {
            throw new GatewayException(503, "routes are not loaded yet; see the gateway's log");
        }
        return current;
    }

    /**
     * Checks now, in the caller's thread: reads the revision, and the items when it moved (or the source
     * has none, or no table has loaded yet). Returns whether the source could be read.
     */
    public boolean refresh() {
        checking.lock();
        try {
            return check();
        } finally {
            checking.unlock();
        }
    }

    private boolean check() {
        long started = clock.getAsLong();
        try {
            checks.incrementAndGet();
            Optional<String> current = source.revision();
            if (table == null || current.isEmpty() || !current.equals(revision)) {
                load(started);
                // The revision read before the items: an edit made in between is loaded now and seen as a move next time.
                revision = current;
            }
            confirmedAt = started;
            if (failing) {
                failing = false;
                LOG.log(Level.INFO, "reading routes from {0} again", source.describe());
            }
            return true;
        } catch (Exception e) {
            failures.incrementAndGet();
            if (!failing) {
                failing = true;
                RouteTable last = table;
                LOG.log(Level.WARNING, "could not read routes from {0}; {1} until it can be read (logged once): {2}",
                        source.describe(), last == null ? "answering 503" : "serving the last good table of " + last.size() + " routes",
                        e.toString());
            }
            return false;
        } finally {
            long wait = table != null ? ttlMillis : Math.min(ttlMillis, FIRST_LOAD_RETRY.toMillis());
            nextCheckAt = clock.getAsLong() + wait;
        }
    }

    private void load(long started) throws Exception {
        RouteTable.Compiled compiled = RouteTable.compileItems(source.load());
        loads.incrementAndGet();
        // An invalid item is logged when it appears and when it is fixed or gone, not on every load.
        Set<RouteTable.Rejection> now = new LinkedHashSet<>(compiled.rejected());
        for (RouteTable.Rejection rejection : now) {
            if (!reported.contains(rejection)) {
                LOG.log(Level.WARNING, "not serving {0} ''{1}'' from {2} (its path answers 503 when it can be read): {3}",
                        rejection.kind(), rejection.routeId(), source.describe(), rejection.reason());
            }
        }
        for (RouteTable.Rejection rejection : reported) {
            if (now.stream().noneMatch(still -> still.kind().equals(rejection.kind()) && still.routeId().equals(rejection.routeId()))) {
                LOG.log(Level.INFO, "{0} ''{1}'' from {2} is no longer invalid", rejection.kind(), rejection.routeId(), source.describe());
            }
        }
        boolean rejectionsChanged = !now.equals(reported);
        reported = now;
        RouteTable previous = table;
        table = compiled.table();
        if (previous == null || previous.size() != table.size() || rejectionsChanged) {
            LOG.log(Level.INFO, "loaded {0} routes from {1} in {3} ms; invalid items (their paths answer 503): {2}", table.size(),
                    source.describe(), now.size(), clock.getAsLong() - started);
        }
    }

    /**
     * How long ago the table being served was last confirmed current (loaded, or its revision found unchanged),
     * on the wall clock; negative before the first load.
     */
    @Override
    public long ageMillis() {
        long at = confirmedAt;
        return at < 0 ? -1 : Math.max(0, clock.getAsLong() - at);
    }

    /** How many checks have failed since the start. */
    @Override
    public long refreshFailures() {
        return failures.get();
    }

    /** How many checks have run since the start, the first load included. */
    public long checks() {
        return checks.get();
    }

    /** How many times the items were read since the start: the checks that found the revision moved. */
    public long loads() {
        return loads.get();
    }

    private static void daemon(Runnable task) {
        Thread thread = new Thread(task, "lambassador-route-refresh");
        thread.setDaemon(true);
        thread.start();
    }
}
