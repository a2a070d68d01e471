package dev.lambassador.bench.coldstart;

import dev.lambassador.bench.CodeOrigin;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The classes a JVM loaded, counted from its {@code -Xlog:class+load} file, by origin. Lines look
 * like {@code [0.012s][info][class,load] java.lang.Object source: shared objects file}.
 *
 * @param total    every class, hidden classes (lambdas, method handles) included
 * @param byOrigin the same, by the package the class is in
 */
record LoadedClasses(int total, Map<CodeOrigin, Integer> byOrigin) {

    private static final String MARKER = "[class,load] ";

    LoadedClasses {
        byOrigin = Map.copyOf(byOrigin);
    }

    static LoadedClasses count(Path log) {
        try {
            return count(Files.readAllLines(log));
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + log, e);
        }
    }

    static LoadedClasses count(List<String> lines) {
        Map<CodeOrigin, Integer> byOrigin = new EnumMap<>(CodeOrigin.class);
        int total = 0;
        for (String line : lines) {
            int start = line.indexOf(MARKER);
            if (start < 0) {
                continue;
            }
            int end = line.indexOf(' ', start + MARKER.length());
            String name = line.substring(start + MARKER.length(), end < 0 ? line.length() : end);
            byOrigin.merge(CodeOrigin.of(name), 1, Integer::sum);
            total++;
        }
        return new LoadedClasses(total, byOrigin);
    }

    int of(CodeOrigin origin) {
        return byOrigin.getOrDefault(origin, 0);
    }
}
