package dev.lambassador.testing.fuzz;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Generators of hostile input: strings made of the pieces parsers get wrong (percent-encoding edge
 * cases, dot segments, control characters, lone surrogates, odd Unicode, delimiters) and mutations
 * of real JSON-like values (fields dropped, values of the wrong type, strings mangled, huge values).
 * Values are plain Java, as jackson-jr, a YAML parser and a DynamoDB conversion produce them.
 */
public final class Gen {

    /** Pieces that break parsers, in no particular order; strings are made of these and of plain text. */
    static final List<String> PIECES = List.of(
            // percent-encoding: truncated, not hex, encoded delimiters, overlong and invalid UTF-8, an encoded surrogate
            "%", "%2", "%zz", "%%", "%00", "%0a", "%0D", "%20", "%25", "%2e", "%2E%2e", "%2f", "%2F", "%5c", "%3b", "%3B", "%3f",
            "%23", "%26", "%3d", "%2b", "%7b", "%7d", "%c0%af", "%c0%ae", "%e0%80%af", "%ed%a0%80", "%ff", "%fe%ff", "%f0%9f%98%80",
            "%uD800", "%%32%66",
            // paths: dot segments, doubled and back slashes, matrix parameters, greedy-looking text
            "/", "//", ".", "..", "/../", "/./", "..;", ";", ";a=b", "/..;/", "\\", "\\..\\", "{", "}", "{proxy+}", "{id}", "*",
            // queries and forms
            "?", "&", "=", "+", "#", "&&", "==", "a=1&a=2", "[]", "[0]",
            // control characters and line breaks
            "\u0000", "\t", "\n", "\r", "\r\n", "\u000b", "\u001b", "\u007f", "\u0085", "\u2028", "\u2029",
            // lone and swapped surrogates, astral characters
            "\ud800", "\udbff", "\udc00", "\udfff", "\udc00\ud800", "\ud83d\ude00", "\ud800\ud800",
            // odd Unicode: BOM, zero-width, bidi override, fullwidth and dotless letters, combining marks, noncharacters
            "\ufeff", "\u200b", "\u200d", "\u202e", "\uff0e\uff0e", "\uff0f", "\u0131", "\u017f", "\u212a", "e\u0301", "\ufffe",
            "\uffff", "\u00e9", "\u4e2d\u6587", "\u0627\u0644",
            // quotes and escapes
            "\"", "'", "`", "\\u0000", "\\\"", "<", ">", "${x}", "{{x}}", "$", "$1", "\\1",
            // numbers as text
            "-1", "0", "1e999", "NaN", "Infinity", "9223372036854775808", "0x10", "1.0", "-0");

    private static final String PLAIN = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~";

    private Gen() {
    }

    /** A short string of plain text and {@link #PIECES}, now and then long, rarely huge. */
    public static String string(Random random) {
        int roll = random.nextInt(1000);
        if (roll == 0 && random.nextInt(4) == 0) {
            return huge(random);
        }
        int parts = roll < 50 ? 20 + random.nextInt(80) : random.nextInt(6);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < parts; i++) {
            out.append(random.nextInt(3) == 0 ? plain(random, 1 + random.nextInt(6)) : piece(random));
        }
        return out.toString();
    }

    /** A string that looks like what a field should hold, with a few hostile pieces put in it. */
    public static String mangle(Random random, String original) {
        StringBuilder out = new StringBuilder(original);
        int edits = 1 + random.nextInt(3);
        for (int i = 0; i < edits; i++) {
            int at = out.isEmpty() ? 0 : random.nextInt(out.length() + 1);
            switch (random.nextInt(6)) {
                case 0 -> {
                    // cut a piece out
                    int end = Math.min(out.length(), at + 1 + random.nextInt(4));
                    out.delete(at, end);
                }
                case 1 -> out.setLength(Math.min(out.length(), at));
                case 2 -> out.insert(at, random.nextInt(20) == 0 ? huge(random) : string(random));
                default -> out.insert(at, piece(random));
            }
        }
        return out.toString();
    }

    /** The text with each lone surrogate replaced by {@code ?}: hostile, but still valid Unicode. */
    public static String wellFormed(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                if (out == null) {
                    out = new StringBuilder(text);
                }
                out.setCharAt(i, '?');
            }
        }
        return out == null ? text : out.toString();
    }

    /** One hostile piece. */
    public static String piece(Random random) {
        return PIECES.get(random.nextInt(PIECES.size()));
    }

    /** Plain unreserved characters. */
    public static String plain(Random random, int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(PLAIN.charAt(random.nextInt(PLAIN.length())));
        }
        return out.toString();
    }

    /** A string of 10,000 to 100,000 characters, of one piece repeated or of random characters. */
    public static String huge(Random random) {
        int length = 10_000 + random.nextInt(90_000);
        if (random.nextBoolean()) {
            return piece(random).repeat(Math.max(1, length / 4));
        }
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append((char) random.nextInt(0x10000));
        }
        return out.toString();
    }

    /** A value of any JSON type, or of the types YAML and DynamoDB add (big numbers, NaN, sets as lists). */
    public static Object anyValue(Random random, int depth) {
        return switch (random.nextInt(depth > 2 ? 8 : 10)) {
            case 0 -> null;
            case 1 -> random.nextBoolean();
            case 2 -> number(random);
            case 3, 4 -> string(random);
            case 5 -> "";
            case 6 -> plain(random, 1 + random.nextInt(8));
            case 7 -> random.nextInt(4);
            case 8 -> {
                List<Object> list = new ArrayList<>();
                for (int i = random.nextInt(4); i > 0; i--) {
                    list.add(anyValue(random, depth + 1));
                }
                yield list;
            }
            default -> {
                Map<String, Object> map = new LinkedHashMap<>();
                for (int i = random.nextInt(4); i > 0; i--) {
                    map.put(random.nextBoolean() ? plain(random, 1 + random.nextInt(6)) : string(random), anyValue(random, depth + 1));
                }
                yield map;
            }
        };
    }

    /** A number of one of the types parsers hand over, edge values included. */
    public static Number number(Random random) {
        return switch (random.nextInt(14)) {
            case 0 -> 0;
            case 1 -> -1;
            case 2 -> Integer.MAX_VALUE;
            case 3 -> Long.MIN_VALUE;
            case 4 -> Double.NaN;
            case 5 -> Double.POSITIVE_INFINITY;
            case 6 -> Double.NEGATIVE_INFINITY;
            case 7 -> -0.0;
            case 8 -> 1.5;
            case 9 -> new BigDecimal("1e-400");
            case 10 -> new BigDecimal("1E+400");
            case 11 -> new BigInteger("123456789012345678901234567890");
            case 12 -> random.nextDouble() * 1e6;
            default -> random.nextInt(100_000) - 1000;
        };
    }

    /**
     * A copy of a JSON-like value with mutations: in maps, fields dropped, added, or given a value of
     * another type; in lists, elements dropped, added or replaced; strings mangled. About one node in
     * {@code oneIn} changes; nodes that do not are copied as they are.
     */
    @SuppressWarnings("unchecked")
    public static Object mutate(Random random, Object value, int oneIn) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                String key = String.valueOf(entry.getKey());
                if (random.nextInt(oneIn) == 0) {
                    switch (random.nextInt(5)) {
                        case 0 -> {
                            // dropped
                        }
                        case 1 -> copy.put(key, anyValue(random, 1));
                        case 2 -> copy.put(random.nextBoolean() ? mangle(random, key) : key, mutate(random, entry.getValue(), oneIn));
                        default -> copy.put(key, changed(random, entry.getValue()));
                    }
                } else {
                    copy.put(key, mutate(random, entry.getValue(), oneIn));
                }
            }
            if (random.nextInt(oneIn * 2) == 0) {
                copy.put(random.nextBoolean() ? plain(random, 4) : string(random), anyValue(random, 1));
            }
            return copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            for (Object element : list) {
                int roll = random.nextInt(oneIn * 2);
                if (roll == 0) {
                    continue;
                }
                copy.add(roll == 1 ? anyValue(random, 1) : mutate(random, element, oneIn));
            }
            if (random.nextInt(oneIn * 2) == 0) {
                copy.add(random.nextInt(copy.size() + 1), anyValue(random, 1));
            }
            return copy;
        }
        if (random.nextInt(oneIn) == 0) {
            return changed(random, value);
        }
        return value;
    }

    /** A deep copy of a JSON-like value, with maps and lists that can be changed. */
    public static Object copy(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((key, element) -> copy.put(String.valueOf(key), copy(element)));
            return copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(element -> copy.add(copy(element)));
            return copy;
        }
        return value;
    }

    /** The value changed: a string mangled, a number at an edge, anything else of another type now and then. */
    static Object changed(Random random, Object value) {
        if (value instanceof String text && random.nextInt(4) != 0) {
            return mangle(random, text);
        }
        if (value instanceof Number && random.nextBoolean()) {
            return number(random);
        }
        return anyValue(random, 1);
    }

    /** One of the elements. */
    @SafeVarargs
    public static <T> T oneOf(Random random, T... choices) {
        return choices[random.nextInt(choices.length)];
    }

    /** One of the elements. */
    public static <T> T oneOf(Random random, List<T> choices) {
        return choices.get(random.nextInt(choices.size()));
    }
}
