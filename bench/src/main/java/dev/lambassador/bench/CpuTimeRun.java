package dev.lambassador.bench;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongSupplier;
import org.openjdk.jmh.annotations.Setup;

/**
 * Runs a JMH benchmark class's methods in interleaved rounds and times them by the thread's CPU time,
 * not the wall clock: on a machine whose other processes keep the cores busy, the time a thread waits
 * for a core is most of what a wall-clock figure holds, and none of what the code costs. Each round runs
 * every method for a while in turn, so that a busy moment falls on all of them; the figure is each
 * method's median over the rounds, less the cost of calling a method that does nothing the same way.
 * Usage: {@code CpuTimeRun <class> <method,method,...> [field=value ...]} with the JVM flags to compare
 * under (the benchmarks' own are {@code -XX:TieredStopAtLevel=1}).
 *
 * <p>With {@code -Dclock=process} it reads the whole process's CPU time instead of the calling thread's,
 * for a benchmark whose work runs on other threads of the JVM as well: an HTTP client's selector and
 * workers, a loopback backend's handlers. Nothing else may run in that JVM meanwhile, and other
 * threads' work (the JIT compiler's) counts too, hence the warm-up rounds.
 */
public final class CpuTimeRun {

    private static final int ROUNDS = Integer.getInteger("rounds", 15);
    private static final long ROUND_NANOS = Long.getLong("roundMillis", 400) * 1_000_000;
    private static final int WARMUP_ROUNDS = Integer.getInteger("warmupRounds", 5);
    /** Calls between two readings of the clock; fewer for calls that take hundreds of microseconds. */
    private static final int BATCH = Integer.getInteger("batch", 256);
    private static final boolean PROCESS_CLOCK = System.getProperty("clock", "thread").equals("process");

    private CpuTimeRun() {
    }

    public static Object nothing() {
        return null;
    }

    public static void main(String[] args) throws Throwable {
        Class<?> type = Class.forName(args[0]);
        Object state = type.getDeclaredConstructor().newInstance();
        for (int i = 2; i < args.length; i++) {
            String[] assignment = args[i].split("=", 2);
            Field field = type.getDeclaredField(assignment[0]);
            field.setAccessible(true);
            field.set(state, field.getType() == int.class ? (Object) Integer.parseInt(assignment[1]) : assignment[1]);
        }
        setUp(state);
        List<String> names = new ArrayList<>(List.of("(call)"));
        List<MethodHandle> handles = new ArrayList<>();
        handles.add(MethodHandles.lookup().findStatic(CpuTimeRun.class, "nothing", MethodType.methodType(Object.class)));
        for (String name : args[1].split(",")) {
            names.add(name);
            Method method = Arrays.stream(type.getMethods()).filter(m -> m.getName().equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no method " + name));
            MethodHandle handle = MethodHandles.publicLookup().unreflect(method).bindTo(state);
            // A benchmark method may take one @State object, as JMH passes it: made and set up here.
            for (Class<?> parameter : method.getParameterTypes()) {
                handle = MethodHandles.insertArguments(handle, 0, setUp(parameter.getDeclaredConstructor().newInstance()));
            }
            handles.add(handle.asType(MethodType.methodType(Object.class)));
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        com.sun.management.OperatingSystemMXBean process =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        LongSupplier clock = PROCESS_CLOCK ? process::getProcessCpuTime : threads::getCurrentThreadCpuTime;
        double[][] perOp = new double[handles.size()][ROUNDS];
        for (int round = -WARMUP_ROUNDS; round < ROUNDS; round++) {
            for (int m = 0; m < handles.size(); m++) {
                MethodHandle handle = handles.get(m);
                long ops = 0;
                long start = clock.getAsLong();
                long now = start;
                while (now - start < ROUND_NANOS) {
                    for (int i = 0; i < BATCH; i++) {
                        sink = handle.invokeExact();
                    }
                    ops += BATCH;
                    now = clock.getAsLong();
                }
                if (round >= 0) {
                    perOp[m][round] = (now - start) / (double) ops;
                }
            }
        }
        double call = median(perOp[0]);
        System.out.printf("%s CPU time per call, median of %d rounds (interquartile range), the call itself (%.1f ns) subtracted:%n",
                PROCESS_CLOCK ? "Process" : "Thread", ROUNDS, call);
        for (int m = 1; m < handles.size(); m++) {
            double[] sorted = perOp[m].clone();
            Arrays.sort(sorted);
            System.out.printf("%-20s %10.1f ns  (%.1f to %.1f)%n", names.get(m), median(perOp[m]) - call,
                    sorted[ROUNDS / 4] - call, sorted[ROUNDS * 3 / 4] - call);
        }
        // A state's servers (a JWKS endpoint, say) may hold the JVM open: the figures are out.
        System.exit(0);
    }

    static volatile Object sink;

    private static Object setUp(Object state) throws ReflectiveOperationException {
        for (Method method : state.getClass().getMethods()) {
            if (method.isAnnotationPresent(Setup.class)) {
                method.invoke(state);
            }
        }
        return state;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
