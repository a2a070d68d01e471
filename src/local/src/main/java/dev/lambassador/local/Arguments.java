package dev.lambassador.local;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A command's {@code --name value} options; a repeated option keeps every value. */
record Arguments(Map<String, List<String>> values) {

    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})([smhd]?)");

    /** @throws IllegalArgumentException for an unknown option, a missing value or a stray argument */
    static Arguments parse(List<String> args, Set<String> known) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String option = args.get(i);
            if (!option.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + option + "'");
            }
            if (!known.contains(option)) {
                throw new IllegalArgumentException("unknown option '" + option + "'");
            }
            String value = i + 1 < args.size() ? args.get(i + 1) : null;
            if (value == null || value.startsWith("--")) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            values.computeIfAbsent(option, name -> new ArrayList<>()).add(value);
            i++;
        }
        return new Arguments(values);
    }

    /** The option's last value. */
    Optional<String> one(String option) {
        List<String> all = values.getOrDefault(option, List.of());
        return all.isEmpty() ? Optional.empty() : Optional.of(all.getLast());
    }

    String required(String option) {
        return one(option).orElseThrow(() -> new IllegalArgumentException(option + " is required"));
    }

    List<String> all(String option) {
        return values.getOrDefault(option, List.of());
    }

    int integer(String option, int defaultValue, int min, int max) {
        String value = one(option).orElse(null);
        if (value == null) {
            return defaultValue;
        }
        try {
            int parsed = Integer.parseInt(value);
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(option + " must be a whole number from " + min + " to " + max + ", was '" + value + "'");
    }

    /** {@code 90}, {@code 90s}, {@code 15m}, {@code 1h} or {@code 7d}; a bare number is seconds. */
    Optional<Duration> duration(String option) {
        return one(option).map(value -> {
            Matcher matcher = DURATION.matcher(value);
            if (!matcher.matches()) {
                throw new IllegalArgumentException(option + " must be a duration such as 90s, 15m, 1h or 7d, was '" + value + "'");
            }
            long amount = Long.parseLong(matcher.group(1));
            return switch (matcher.group(2)) {
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                case "d" -> Duration.ofDays(amount);
                default -> Duration.ofSeconds(amount);
            };
        });
    }
}
