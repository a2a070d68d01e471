package dev.lambassador.testing.fuzz;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.security.SecureRandom;
import java.util.Locale;
import java.util.Random;

/**
 * Seeded property checks in plain JUnit: a property runs over generated inputs, each made from its
 * own seed, and a failure names that seed and the input, so that it reproduces with
 * {@code -Dfuzz.case=SEED}.
 *
 * <ul>
 *   <li>{@value #SCALE}: runs every property on this many times its own number of inputs
 *       ({@code -Dfuzz.scale=20} for a long run: properties differ in cost, so they scale together);</li>
 *   <li>{@value #ITERATIONS}: inputs per property, the same number for all, instead of each property's own
 *       (the normal run is kept to a few seconds in all);</li>
 *   <li>{@value #SEED}: the run's seed, a number or {@code random} (the default is fixed, so a normal
 *       run is the same every time; a run with {@code random} prints the seed it drew);</li>
 *   <li>{@value #CASE}: runs each property once, on the input of one case's seed, as a failure printed it.</li>
 * </ul>
 */
public final class Fuzz {

    public static final String ITERATIONS = "fuzz.iterations";
    public static final String SCALE = "fuzz.scale";
    public static final String SEED = "fuzz.seed";
    public static final String CASE = "fuzz.case";

    /** The seed of a normal run. */
    static final long DEFAULT_SEED = 0x1a3ba55ad0L;

    private Fuzz() {
    }

    /** A property of inputs of one kind. */
    @FunctionalInterface
    public interface Property<T> {
        /** Throws (an {@link AssertionError} or anything else) when the input breaks the property. */
        void check(T input) throws Exception;
    }

    /** Makes an input from a random source. */
    @FunctionalInterface
    public interface Generator<T> {
        T generate(Random random);
    }

    /**
     * Checks a property on {@code defaultCount} generated inputs (or as {@value #SCALE} and {@value #ITERATIONS} say).
     *
     * @param name names the property in a failure, and salts the seeds so that properties see different inputs
     * @return how many inputs were checked
     * @throws AssertionError on the first input that breaks it, naming the case's seed and the input
     */
    public static <T> int check(String name, int defaultCount, Generator<T> generator, Property<T> property) {
        String only = System.getProperty(CASE);
        if (only != null && !only.isBlank()) {
            run(name, -1, parse(only), generator, property);
            return 1;
        }
        int count = iterations(defaultCount);
        long base = baseSeed() ^ name.hashCode() * 0x9e3779b97f4a7c15L;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpu = threads.getCurrentThreadCpuTime();
        for (int i = 0; i < count; i++) {
            run(name, i, mix(base + i), generator, property);
        }
        // What it cost in CPU, which load on the machine does not inflate as it does the time a test takes.
        System.out.printf("fuzz: %s: %,d inputs, %.2f s of CPU%n", name, count, (threads.getCurrentThreadCpuTime() - cpu) / 1e9);
        return count;
    }

    private static <T> void run(String name, int index, long caseSeed, Generator<T> generator, Property<T> property) {
        T input = null;
        boolean generated = false;
        try {
            input = generator.generate(new Random(caseSeed));
            generated = true;
            property.check(input);
        } catch (Throwable failure) {
            if (failure instanceof VirtualMachineError error && !(error instanceof StackOverflowError)) {
                throw error;
            }
            String seed = "0x" + Long.toHexString(caseSeed);
            throw new AssertionError((generated ? "property '" + name + "' failed" : "the generator of property '" + name + "' failed")
                    + (index < 0 ? "" : " on input #" + index) + " (case seed " + seed + "; rerun with -D" + CASE + "=" + seed + ")"
                    + (generated ? "\n  input: " + Show.of(input) : "") + "\n  failure: " + Show.text(String.valueOf(failure)), failure);
        }
    }

    static int iterations(int defaultCount) {
        String value = System.getProperty(ITERATIONS);
        if (value != null && !value.isBlank()) {
            return Integer.parseInt(value.strip().replace("_", ""));
        }
        String scale = System.getProperty(SCALE);
        return scale == null || scale.isBlank() ? defaultCount
                : (int) Math.min(Integer.MAX_VALUE, Math.round(defaultCount * Double.parseDouble(scale.strip())));
    }

    static long baseSeed() {
        String value = System.getProperty(SEED);
        if (value == null || value.isBlank()) {
            return DEFAULT_SEED;
        }
        if (value.strip().equals("random")) {
            return RandomSeed.VALUE;
        }
        return parse(value);
    }

    /** A seed as printed, {@code 0x} and 16 hex digits (read unsigned), or a decimal number. */
    static long parse(String seed) {
        String text = seed.strip().toLowerCase(Locale.ROOT);
        return text.startsWith("0x") ? Long.parseUnsignedLong(text.substring(2), 16) : Long.parseLong(text);
    }

    /** SplitMix64's finaliser: neighbouring case numbers give unrelated seeds. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** One random seed per JVM, printed once, so that a random run can be repeated. */
    private static final class RandomSeed {
        static final long VALUE = new SecureRandom().nextLong();

        static {
            System.out.println("fuzz: -D" + SEED + "=0x" + Long.toHexString(VALUE));
        }
    }
}
