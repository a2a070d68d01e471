package dev.lambassador.testing.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Map;

/**
 * An input as a failure message shows it: strings quoted with every character outside printable
 * ASCII escaped ({@code \u0000}, a lone {@code \ud800}), byte arrays as text, and huge values cut
 * with their length, so that the message can be read and pasted into a regression test.
 */
public final class Show {

    static final int MAX_STRING = 400;

    private Show() {
    }

    public static String of(Object value) {
        StringBuilder out = new StringBuilder();
        append(out, value, 0);
        return out.toString();
    }

    /** Text with line breaks and other invisible characters escaped, so that a message stays on its lines. */
    public static String text(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            out.append(c >= 0x20 && c != 0x7f && !Character.isSurrogate(c) ? String.valueOf(c)
                    : String.format("\\u%04x", (int) c));
        }
        return out.toString();
    }

    private static void append(StringBuilder out, Object value, int depth) {
        if (depth > 40) {
            out.append("...");
            return;
        }
        switch (value) {
            case null -> out.append("null");
            case String text -> string(out, text);
            case byte[] bytes -> out.append("bytes ").append(bytes.length).append(": ")
                    .append(of(new String(bytes, StandardCharsets.ISO_8859_1)));
            case Map<?, ?> map -> {
                out.append('{');
                boolean first = true;
                for (Map.Entry<?, ?> entry : map.entrySet()) {
                    out.append(first ? "" : ", ");
                    append(out, entry.getKey(), depth + 1);
                    out.append(": ");
                    append(out, entry.getValue(), depth + 1);
                    first = false;
                }
                out.append('}');
            }
            case Collection<?> list -> {
                out.append('[');
                boolean first = true;
                for (Object element : list) {
                    out.append(first ? "" : ", ");
                    append(out, element, depth + 1);
                    first = false;
                }
                out.append(']');
            }
            default -> out.append(value).append(value instanceof Number ? " (" + value.getClass().getSimpleName() + ")" : "");
        }
    }

    private static void string(StringBuilder out, String text) {
        out.append('"');
        int shown = Math.min(text.length(), MAX_STRING);
        for (int i = 0; i < shown; i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c >= 0x20 && c < 0x7f) {
                out.append(c);
            } else {
                out.append(String.format("\\u%04x", (int) c));
            }
        }
        out.append('"');
        if (shown < text.length()) {
            out.append("... (").append(text.length()).append(" chars)");
        }
    }
}
