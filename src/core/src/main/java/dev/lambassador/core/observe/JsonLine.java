package dev.lambassador.core.observe;

/**
 * One JSON object appended field by field to a {@link StringBuilder}: what the per-request lines are
 * written with. jackson-core's generator writes the same bytes, but under C1 (the router's flags) its
 * per-call checks cost the request several microseconds more (docs/benchmarks.md); the fixed parts of
 * a document are still written with it, once. Strings are escaped as RFC 8259 requires: quotes,
 * backslashes and control characters, so that no value can end a line or forge a field.
 */
final class JsonLine {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final StringBuilder out;
    private boolean first = true;

    JsonLine(StringBuilder out) {
        this.out = out;
        out.append('{');
    }

    JsonLine field(String name, String value) {
        name(name);
        string(value);
        return this;
    }

    /** Leaves out an empty value, as Powertools leaves out keys it has no value for. */
    JsonLine optional(String name, String value) {
        return value == null || value.isEmpty() ? this : field(name, value);
    }

    JsonLine field(String name, long value) {
        name(name);
        out.append(value);
        return this;
    }

    JsonLine field(String name, boolean value) {
        name(name);
        out.append(value);
        return this;
    }

    /** A non-negative number to two decimals, without {@code Double.toString}, which C1 makes slow. */
    JsonLine hundredths(String name, double value) {
        name(name);
        long hundredths = Math.round(value * 100);
        long fraction = hundredths % 100;
        out.append(hundredths / 100).append(fraction < 10 ? ".0" : ".").append(fraction);
        return this;
    }

    /** A value that is JSON already. */
    JsonLine raw(String name, String json) {
        name(name);
        out.append(json);
        return this;
    }

    /** Opens an object as the value of a field; close it with {@link #end()}. */
    JsonLine object(String name) {
        name(name);
        out.append('{');
        first = true;
        return this;
    }

    JsonLine end() {
        out.append('}');
        first = false;
        return this;
    }

    /** Field names are the writer's own constants, plain ASCII without quotes: appended as they are. */
    private void name(String name) {
        out.append(first ? "\"" : ",\"").append(name).append("\":");
        first = false;
    }

    private void string(String value) {
        out.append('"');
        int start = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\' || c < 0x20) {
                out.append(value, start, i);
                switch (c) {
                    case '"' -> out.append("\\\"");
                    case '\\' -> out.append("\\\\");
                    case '\n' -> out.append("\\n");
                    case '\r' -> out.append("\\r");
                    case '\t' -> out.append("\\t");
                    default -> out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xf]);
                }
                start = i + 1;
            }
        }
        out.append(value, start, value.length()).append('"');
    }
}
