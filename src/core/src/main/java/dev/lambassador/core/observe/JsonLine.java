package dev.lambassador.core.observe;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * JSON objects appended field by field, as UTF-8, to a byte buffer that is reused: what the per-request
 * lines are written with. jackson-core's generator writes the same bytes, but under C1 (the router's
 * flags) its per-call checks cost the request several microseconds more, and so did a
 * {@link StringBuilder} turned into a {@code String} and then into bytes (docs/benchmarks.md): here a
 * field name is one array copy, a plain ASCII value one loop, and the finished lines are written as
 * they are. The fixed parts of a document are still written with jackson-core, once. Strings are
 * escaped as RFC 8259 requires: quotes, backslashes and control characters, so that no value can end a
 * line or forge a field; anything else is encoded as {@link String#getBytes(java.nio.charset.Charset)}
 * with UTF-8 encodes it, an unpaired surrogate as {@code ?}.
 *
 * <p>Not thread-safe: one per thread, {@link #reset} before each use.
 */
final class JsonLine {

    private static final byte[] HEX = {'0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'a', 'b', 'c', 'd', 'e', 'f'};

    private byte[] bytes;
    private int size;
    private boolean first = true;

    JsonLine(int capacity) {
        bytes = new byte[capacity];
    }

    /** Empties the buffer for the next lines. */
    JsonLine reset() {
        size = 0;
        return this;
    }

    /** Opens a line's object. */
    JsonLine start() {
        ensure(1);
        bytes[size++] = '{';
        first = true;
        return this;
    }

    /** Ends a line. */
    JsonLine newline() {
        ensure(1);
        bytes[size++] = '\n';
        return this;
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
        number(value);
        return this;
    }

    JsonLine field(String name, boolean value) {
        name(name);
        ascii(value ? "true" : "false");
        return this;
    }

    /** A non-negative number to two decimals, without {@code Double.toString}, which C1 makes slow. */
    JsonLine hundredths(String name, double value) {
        name(name);
        long hundredths = Math.round(value * 100);
        long fraction = hundredths % 100;
        number(hundredths / 100);
        ensure(3);
        bytes[size++] = '.';
        if (fraction < 10) {
            bytes[size++] = '0';
        }
        number(fraction);
        return this;
    }

    /** A value that is JSON already, ASCII (the writer's own directives). */
    JsonLine raw(String name, String json) {
        name(name);
        ascii(json);
        return this;
    }

    /** Opens an object as the value of a field; close it with {@link #end()}. */
    JsonLine object(String name) {
        name(name);
        ensure(1);
        bytes[size++] = '{';
        first = true;
        return this;
    }

    JsonLine end() {
        ensure(1);
        bytes[size++] = '}';
        first = false;
        return this;
    }

    /** The start of a string value, to be followed by {@link #part} calls and {@link #close()}. */
    JsonLine open(String name) {
        name(name);
        ensure(1);
        bytes[size++] = '"';
        return this;
    }

    /** Part of a string value opened with {@link #open}, escaped. */
    JsonLine part(String value) {
        chars(value);
        return this;
    }

    /** Part of a string value opened with {@link #open}: a number. */
    JsonLine part(long value) {
        number(value);
        return this;
    }

    /** Ends a string value opened with {@link #open}. */
    JsonLine close() {
        ensure(1);
        bytes[size++] = '"';
        return this;
    }

    /** Writes the lines so far in one call. */
    void writeTo(OutputStream out) throws IOException {
        out.write(bytes, 0, size);
    }

    /** The lines so far, decoded: for tests. */
    @Override
    public String toString() {
        return new String(bytes, 0, size, StandardCharsets.UTF_8);
    }

    /** Field names are the writer's own constants, plain ASCII without quotes: copied as they are. */
    private void name(String name) {
        ensure(name.length() + 4);
        if (!first) {
            bytes[size++] = ',';
        }
        bytes[size++] = '"';
        copyAscii(name);
        bytes[size++] = '"';
        bytes[size++] = ':';
        first = false;
    }

    private void ascii(String text) {
        ensure(text.length());
        copyAscii(text);
    }

    /** One array copy for a string the writer knows to be ASCII; the caller has made room. */
    @SuppressWarnings("deprecation") // Deprecated because it drops a char's high byte: ASCII has none.
    private void copyAscii(String text) {
        int length = text.length();
        text.getBytes(0, length, bytes, size);
        size += length;
    }

    private void string(String value) {
        ensure(value.length() + 2);
        bytes[size++] = '"';
        chars(value);
        ensure(1);
        bytes[size++] = '"';
    }

    private void chars(String value) {
        int length = value.length();
        ensure(length);
        byte[] out = bytes;
        int at = size;
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
                out[at++] = (byte) c;
            } else {
                size = at;
                escaped(value, i);
                return;
            }
        }
        size = at;
    }

    /** The rest of a value from its first character that is not plain ASCII. */
    private void escaped(String value, int from) {
        for (int i = from; i < value.length(); i++) {
            char c = value.charAt(i);
            ensure(6);
            if (c == '"' || c == '\\') {
                bytes[size++] = '\\';
                bytes[size++] = (byte) c;
            } else if (c < 0x20) {
                bytes[size++] = '\\';
                switch (c) {
                    case '\n' -> bytes[size++] = 'n';
                    case '\r' -> bytes[size++] = 'r';
                    case '\t' -> bytes[size++] = 't';
                    default -> {
                        bytes[size++] = 'u';
                        bytes[size++] = '0';
                        bytes[size++] = '0';
                        bytes[size++] = HEX[c >> 4];
                        bytes[size++] = HEX[c & 0xf];
                    }
                }
            } else if (c < 0x80) {
                bytes[size++] = (byte) c;
            } else if (c < 0x800) {
                bytes[size++] = (byte) (0xc0 | c >> 6);
                bytes[size++] = (byte) (0x80 | c & 0x3f);
            } else if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                    int code = Character.toCodePoint(c, value.charAt(++i));
                    bytes[size++] = (byte) (0xf0 | code >> 18);
                    bytes[size++] = (byte) (0x80 | code >> 12 & 0x3f);
                    bytes[size++] = (byte) (0x80 | code >> 6 & 0x3f);
                    bytes[size++] = (byte) (0x80 | code & 0x3f);
                } else {
                    bytes[size++] = '?';
                }
            } else {
                bytes[size++] = (byte) (0xe0 | c >> 12);
                bytes[size++] = (byte) (0x80 | c >> 6 & 0x3f);
                bytes[size++] = (byte) (0x80 | c & 0x3f);
            }
        }
    }

    private void number(long value) {
        ensure(20);
        if (value < 0) {
            if (value == Long.MIN_VALUE) {
                ascii(Long.toString(value));
                return;
            }
            bytes[size++] = '-';
            value = -value;
        }
        int digits = 1;
        for (long rest = value / 10; rest != 0; rest /= 10) {
            digits++;
        }
        int at = size + digits;
        size = at;
        do {
            bytes[--at] = (byte) ('0' + value % 10);
            value /= 10;
        } while (value != 0);
    }

    private void ensure(int more) {
        if (size + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
        }
    }
}
