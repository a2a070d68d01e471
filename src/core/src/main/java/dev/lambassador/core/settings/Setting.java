package dev.lambassador.core.settings;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One environment variable a function reads: its name, what a value must be, its default as an
 * environment would spell it, what it is for, and how a value is read. {@link FunctionSettings} lists
 * them all; the functions read them through {@link #read}, and the CDK construct and
 * {@code template.yaml} set them by these names.
 *
 * @param name        the variable, e.g. {@code ROUTES_TTL_SECONDS}
 * @param type        what a value must be, completing "NAME must be ...": {@code a whole number of seconds, at least 0}
 * @param defaultText the value that applies when the variable is unset or blank; empty when that means "none"
 * @param description what it is for, in a sentence
 * @param parser      turns a stripped, non-blank value (or the default) into what the function uses;
 *                    throws {@link IllegalArgumentException} when the value is not of the type
 * @param <T>         what a value is read as
 */
public record Setting<T>(String name, String type, String defaultText, String description, Function<String, T> parser) {

    private static final Pattern NAME = Pattern.compile("[A-Z][A-Z0-9_]*");

    public Setting {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a setting's name is an environment variable such as ROUTES_TABLE, was '" + name + "'");
        }
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(defaultText, "defaultText");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(parser, "parser");
        try {
            parser.apply(defaultText);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + "'s default '" + defaultText + "' is not " + type, e);
        }
    }

    /** A string used as it is (stripped); empty by default. */
    public static Setting<String> text(String name, String type, String description) {
        return new Setting<>(name, type, "", description, Function.identity());
    }

    /** A comma-separated list; its entries stripped, empty ones left out. Empty by default. */
    public static Setting<List<String>> list(String name, String type, String description) {
        return new Setting<>(name, type, "", description,
                value -> Arrays.stream(value.split(",")).map(String::strip).filter(entry -> !entry.isEmpty()).toList());
    }

    public static Setting<Duration> seconds(String name, long minimum, Duration defaultValue, String description) {
        return new Setting<>(name, "a whole number of seconds, at least " + minimum, Long.toString(defaultValue.toSeconds()),
                description, value -> Duration.ofSeconds(wholeNumber(value, minimum)));
    }

    public static Setting<Duration> milliseconds(String name, long minimum, Duration defaultValue, String description) {
        return new Setting<>(name, "a whole number of milliseconds, at least " + minimum, Long.toString(defaultValue.toMillis()),
                description, value -> Duration.ofMillis(wholeNumber(value, minimum)));
    }

    /** A whole number, at least {@code minimum} and at most {@link Integer#MAX_VALUE}. */
    public static Setting<Integer> number(String name, int minimum, int defaultValue, String description) {
        return new Setting<>(name, "a whole number, at least " + minimum, Integer.toString(defaultValue), description,
                value -> {
                    long parsed = wholeNumber(value, minimum);
                    if (parsed > Integer.MAX_VALUE) {
                        throw new IllegalArgumentException("above " + Integer.MAX_VALUE);
                    }
                    return (int) parsed;
                });
    }

    /** {@code true} or {@code false}, in any case. */
    public static Setting<Boolean> bool(String name, boolean defaultValue, String description) {
        return new Setting<>(name, "true or false", Boolean.toString(defaultValue), description,
                value -> switch (value.toLowerCase(Locale.ROOT)) {
                    case "true" -> true;
                    case "false" -> false;
                    default -> throw new IllegalArgumentException("not a boolean");
                });
    }

    /** One of a few values, each spelt exactly as {@code spelling} writes it. */
    public static <E> Setting<E> choice(String name, List<E> values, Function<E, String> spelling, E defaultValue,
                                        String description) {
        List<E> choices = List.copyOf(values);
        return new Setting<>(name, "one of " + choices.stream().map(spelling).collect(Collectors.joining(", ")),
                spelling.apply(defaultValue), description,
                value -> choices.stream().filter(choice -> spelling.apply(choice).equals(value)).findFirst()
                        .orElseThrow(() -> new IllegalArgumentException("not a choice")));
    }

    /**
     * The value in an environment, or the default when the variable is unset or blank.
     *
     * @throws IllegalArgumentException "NAME must be TYPE, was 'VALUE'"
     */
    public T read(Map<String, String> environment) {
        String value = environment.get(name);
        if (value == null || value.isBlank()) {
            return defaultValue();
        }
        try {
            return parser.apply(value.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + " must be " + type + ", was '" + value + "'", e);
        }
    }

    /** What applies when the variable is unset. */
    public T defaultValue() {
        return parser.apply(defaultText);
    }

    private static long wholeNumber(String value, long minimum) {
        long parsed = Long.parseLong(value);
        if (parsed < minimum) {
            throw new IllegalArgumentException("below " + minimum);
        }
        return parsed;
    }
}
