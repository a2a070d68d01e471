package dev.lambassador.bench;

import dev.lambassador.core.route.RouteTable;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/**
 * The heap a compiled route table holds per route: heap in use after a full collection with
 * {@link RouteMatchBenchmark}'s 10,000 routes compiled, minus the same without a table, divided by
 * the route count. It counts the table and what only the table keeps (the routes, their definitions
 * and compiled templates), not the items they were read from. Usage: {@code RouteTableFootprint [routes]}.
 */
public final class RouteTableFootprint {

    private RouteTableFootprint() {
    }

    public static void main(String[] args) {
        int routes = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        RouteTable warm = RouteMatchBenchmark.table(100);
        long empty = usedAfterGc();
        RouteTable table = RouteMatchBenchmark.table(routes);
        long full = usedAfterGc();
        System.out.printf("%d routes: %.0f bytes per route (heap %d -> %d bytes after GC)%n", table.size(),
                (full - empty) / (double) routes, empty, full);
        if (warm.size() + table.size() == 0) {
            throw new IllegalStateException("no routes");
        }
    }

    private static long usedAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
