package dev.lambassador.core.transform;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@link LazyJson} tree as compact JSON: what is still raw, and every object or array read
 * from the body that no operation changed, is copied as the bytes it was read from; the rest is
 * written member by member. Strings are UTF-8 with {@code "}, {@code \}, control characters and
 * unpaired surrogates escaped; numbers as their text.
 */
final class JsonWriter {

    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private byte[] out;
    private int size;

    private JsonWriter(int capacity) {
        out = new byte[Math.max(capacity, 16)];
    }

    /** @param sizeHint how many bytes the result probably takes */
    static byte[] write(Object value, int sizeHint) {
        JsonWriter writer = new JsonWriter(sizeHint);
        writer.value(value);
        return writer.out.length == writer.size ? writer.out : Arrays.copyOf(writer.out, writer.size);
    }

    private void value(Object value) {
        switch (value) {
            case null -> ascii("null");
            case LazyJson.Raw raw -> bytes(raw.bytes, raw.start, raw.end);
            case LazyJson.Read read when LazyJson.isUnchanged(read) -> value(read.source());
            case Map<?, ?> map -> object(map);
            case List<?> list -> array(list);
            case String text -> string(text);
            case Boolean bool -> ascii(bool ? "true" : "false");
            case BigDecimal number -> ascii(number.toString());
            default -> throw new IllegalStateException("not a JSON value: " + value.getClass().getName());
        }
    }

    private void object(Map<?, ?> map) {
        mark('{');
        boolean first = true;
        for (Map.Entry<?, ?> member : map.entrySet()) {
            if (!first) {
                mark(',');
            }
            first = false;
            string(String.valueOf(member.getKey()));
            mark(':');
            value(member.getValue());
        }
        mark('}');
    }

    private void array(List<?> list) {
        mark('[');
        for (int i = 0; i < list.size(); i++) {
            if (i > 0) {
                mark(',');
            }
            value(list.get(i));
        }
        mark(']');
    }

    private void string(String text) {
        int length = text.length();
        room(length * 6 + 2);
        byte[] out = this.out;
        int size = this.size;
        out[size++] = '"';
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                if (c >= 0x20 && c != '"' && c != '\\') {
                    out[size++] = (byte) c;
                } else {
                    out[size++] = '\\';
                    switch (c) {
                        case '"', '\\' -> out[size++] = (byte) c;
                        case '\b' -> out[size++] = 'b';
                        case '\f' -> out[size++] = 'f';
                        case '\n' -> out[size++] = 'n';
                        case '\r' -> out[size++] = 'r';
                        case '\t' -> out[size++] = 't';
                        default -> size = unicode(out, size, c);
                    }
                }
            } else if (c < 0x800) {
                out[size++] = (byte) (0xC0 | c >> 6);
                out[size++] = (byte) (0x80 | c & 0x3F);
            } else if (!Character.isSurrogate(c)) {
                out[size++] = (byte) (0xE0 | c >> 12);
                out[size++] = (byte) (0x80 | c >> 6 & 0x3F);
                out[size++] = (byte) (0x80 | c & 0x3F);
            } else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
                int code = Character.toCodePoint(c, text.charAt(++i));
                out[size++] = (byte) (0xF0 | code >> 18);
                out[size++] = (byte) (0x80 | code >> 12 & 0x3F);
                out[size++] = (byte) (0x80 | code >> 6 & 0x3F);
                out[size++] = (byte) (0x80 | code & 0x3F);
            } else {
                out[size++] = '\\';
                size = unicode(out, size, c);
            }
        }
        out[size++] = '"';
        this.size = size;
    }

    /** Writes {@code uXXXX} for {@code c}, after the backslash. */
    private static int unicode(byte[] out, int size, char c) {
        out[size] = 'u';
        out[size + 1] = HEX[c >> 12];
        out[size + 2] = HEX[c >> 8 & 0xF];
        out[size + 3] = HEX[c >> 4 & 0xF];
        out[size + 4] = HEX[c & 0xF];
        return size + 5;
    }

    private void ascii(String text) {
        room(text.length());
        for (int i = 0; i < text.length(); i++) {
            out[size++] = (byte) text.charAt(i);
        }
    }

    private void bytes(byte[] source, int from, int to) {
        room(to - from);
        System.arraycopy(source, from, out, size, to - from);
        size += to - from;
    }

    private void mark(char c) {
        room(1);
        out[size++] = (byte) c;
    }

    private void room(int more) {
        if (out.length - size < more) {
            out = Arrays.copyOf(out, Math.max(out.length * 2, size + more));
        }
    }
}
