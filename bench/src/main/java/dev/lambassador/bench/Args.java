package dev.lambassador.bench;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The harnesses' options: {@code --name value} pairs, each with a default. */
public record Args(Map<String, String> values) {

    public static Args parse(String[] args) {
        Map<String, String> values = new HashMap<>();
        List<String> list = List.of(args);
        for (int i = 0; i < list.size(); i += 2) {
            if (!list.get(i).startsWith("--") || i + 1 >= list.size()) {
                throw new IllegalArgumentException("options are --name value pairs, got " + list);
            }
            values.put(list.get(i).substring(2), list.get(i + 1));
        }
        return new Args(Map.copyOf(values));
    }

    public int integer(String name, int defaultValue) {
        return values.containsKey(name) ? Integer.parseInt(values.get(name)) : defaultValue;
    }

    public Path path(String name, String defaultValue) {
        return Path.of(values.getOrDefault(name, defaultValue));
    }
}
