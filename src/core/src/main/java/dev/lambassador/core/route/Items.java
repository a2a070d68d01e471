package dev.lambassador.core.route;

import dev.lambassador.core.store.TableSchema;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Typed reads of item attributes, each reporting a wrong type to {@link Problems} with the DynamoDB
 * type a person should have used, and answering {@code null} (or an empty value) so that reading
 * goes on and every problem of an item is found in one pass. Values are plain Java, as both a YAML
 * parser and a DynamoDB attribute conversion produce them.
 */
public final class Items {

    private Items() {
    }

    /** A string attribute, or null when absent or of another type (reported). */
    public static String string(Map<String, ?> item, String name, Problems problems) {
        Object value = item.get(name);
        if (value == null || value instanceof String) {
            return (String) value;
        }
        problems.add(name, "must be a string (DynamoDB type S), was " + describe(value));
        return null;
    }

    /** A non-blank string attribute, or null (reported as missing or of another type). */
    public static String requiredString(Map<String, ?> item, String name, Problems problems) {
        Object value = item.get(name);
        if (value == null || value instanceof String text && text.isBlank()) {
            problems.add(name, "is required");
            return null;
        }
        return string(item, name, problems);
    }

    public static Boolean bool(Map<String, ?> item, String name, Problems problems) {
        Object value = item.get(name);
        if (value == null || value instanceof Boolean) {
            return (Boolean) value;
        }
        problems.add(name, "must be a boolean (DynamoDB type BOOL), was " + describe(value));
        return null;
    }

    /** A whole number of milliseconds from 1 to {@code max}, or null when absent or invalid (reported). */
    public static Duration millis(Map<String, ?> item, String name, Duration max, Problems problems) {
        Long millis = wholeNumber(item, name, 1, max.toMillis(), problems);
        return millis == null ? null : Duration.ofMillis(millis);
    }

    /** A whole number from {@code min} to {@code max}, or null when absent or invalid (reported). */
    public static Long wholeNumber(Map<String, ?> item, String name, long min, long max, Problems problems) {
        Object value = item.get(name);
        if (value == null) {
            return null;
        }
        if (!(value instanceof Number number)) {
            problems.add(name, "must be a number (DynamoDB type N), was " + describe(value));
            return null;
        }
        Long whole = wholeIn(number, min, max);
        if (whole == null) {
            problems.add(name, "must be a whole number from " + min + " to " + max + ", was " + number);
        }
        return whole;
    }

    /**
     * A value as a whole number from {@code min} to {@code max}, or null when it is no number, not
     * whole, not finite (a YAML {@code .nan} or {@code .inf}) or out of range. Each caller reports
     * the problem in its own words.
     */
    public static Long wholeIn(Object value, long min, long max) {
        BigDecimal decimal = value instanceof Number number ? decimal(number) : null;
        if (decimal == null || decimal.stripTrailingZeros().scale() > 0 || decimal.compareTo(BigDecimal.valueOf(min)) < 0
                || decimal.compareTo(BigDecimal.valueOf(max)) > 0) {
            return null;
        }
        return decimal.longValue();
    }

    /**
     * A number as a decimal, or null when it is not finite: YAML reads {@code .nan} and {@code .inf}
     * as doubles that no decimal (and no JSON) can hold, and that must be refused like any other bad value.
     */
    public static BigDecimal decimal(Number number) {
        if (number instanceof BigDecimal decimal) {
            return decimal;
        }
        try {
            return new BigDecimal(number.toString());
        } catch (NumberFormatException notFinite) {
            return null;
        }
    }

    /** A list of strings (DynamoDB L of S, or SS; a single string is a list of one), or null when absent or invalid. */
    public static List<String> strings(Map<String, ?> item, String name, Problems problems) {
        Object value = item.get(name);
        if (value == null) {
            return null;
        }
        Collection<?> list = value instanceof String single ? List.of(single) : value instanceof Collection<?> c ? c : null;
        if (list == null) {
            problems.add(name, "must be a list of strings (DynamoDB type L or SS), was " + describe(value));
            return null;
        }
        List<String> strings = new ArrayList<>(list.size());
        int index = 0;
        for (Object element : list) {
            if (element instanceof String text) {
                strings.add(text);
            } else {
                problems.add(name + "[" + index + "]", "must be a string, was " + describe(element));
            }
            index++;
        }
        return strings;
    }

    /** A map attribute (DynamoDB M), or null when absent or of another type (reported). */
    public static Map<String, Object> map(Map<String, ?> item, String name, Problems problems) {
        Object value = item.get(name);
        if (value == null) {
            return null;
        }
        if (value instanceof Map<?, ?> map) {
            return copy(map);
        }
        problems.add(name, "must be a map (DynamoDB type M), was " + describe(value));
        return null;
    }

    /**
     * A list of maps (DynamoDB L of M), or an empty list when absent. Elements of another type are
     * reported and stand as null, so that positions in later problems still match the item.
     */
    public static List<Map<String, Object>> maps(Map<String, ?> item, String name, Problems problems) {
        Object value = item.get(name);
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof Collection<?> list)) {
            problems.add(name, "must be a list of maps (DynamoDB type L of M), was " + describe(value));
            return List.of();
        }
        List<Map<String, Object>> maps = new ArrayList<>(list.size());
        int index = 0;
        for (Object element : list) {
            if (element instanceof Map<?, ?> map) {
                maps.add(copy(map));
            } else {
                problems.add(name + "[" + index + "]", "must be a map (DynamoDB type M), was " + describe(element));
                maps.add(null);
            }
            index++;
        }
        return maps;
    }

    /** The value as a map with string keys, or null when it is not a map. */
    public static Map<String, Object> asMap(Object value) {
        return value instanceof Map<?, ?> map ? copy(map) : null;
    }

    private static Map<String, Object> copy(Map<?, ?> map) {
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((key, element) -> copy.put(String.valueOf(key), element));
        return copy;
    }

    /**
     * Checks a whole item's attribute names: those its kind reads ({@code known}) and those every item
     * may have ({@link TableSchema#COMMON_ATTRIBUTES}) are accepted, anything else is reported as by
     * {@link #refuseUnknown}; a {@link TableSchema#REVISION} must be a whole number of 0 or more.
     */
    public static void refuseUnknownAttributes(Map<String, ?> item, Set<String> known, Problems problems) {
        Set<String> all = new HashSet<>(known);
        all.addAll(TableSchema.COMMON_ATTRIBUTES);
        refuseUnknown(item, all, "(keep your own notes under 'metadata')", problems);
        Object revision = item.get(TableSchema.REVISION);
        if (revision != null && wholeIn(revision, 0, Long.MAX_VALUE) == null) {
            problems.add(TableSchema.REVISION, "must be a whole number of 0 or more (DynamoDB type N), was " + describe(revision));
        }
    }

    /**
     * Reports each attribute that is not in {@code known}, with the known name it is closest to, so
     * that a misspelt {@code scope} never silently leaves a route open.
     */
    public static void refuseUnknown(Map<String, ?> item, Set<String> known, String hint, Problems problems) {
        for (String name : new TreeSet<>(item.keySet())) {
            if (!known.contains(name)) {
                String closest = closest(name, known);
                problems.add(name, "is not a known attribute" + (closest == null ? "" : "; did you mean '" + closest + "'?")
                        + (hint.isEmpty() ? "" : " " + hint));
            }
        }
    }

    /** The known name within an edit distance of 2 (ignoring case), or null. */
    public static String closest(String name, Set<String> known) {
        String best = null;
        int bestDistance = 3;
        for (String candidate : new TreeSet<>(known)) {
            int distance = distance(name.toLowerCase(), candidate.toLowerCase());
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return best;
    }

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    /** A value as a person would recognise it in an error: its type and its text. */
    public static String describe(Object value) {
        if (value == null) {
            return "missing";
        }
        String type = value instanceof String ? "string" : value instanceof Number ? "number"
                : value instanceof Boolean ? "boolean" : value instanceof Collection ? "list"
                : value instanceof Map ? "map" : value.getClass().getSimpleName();
        return type + " " + (value instanceof String ? "'" + value + "'" : String.valueOf(value));
    }
}
