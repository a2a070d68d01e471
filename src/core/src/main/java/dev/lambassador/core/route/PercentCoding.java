package dev.lambassador.core.route;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** RFC 3986 percent-coding of path segments and query components, strict about bad input. */
public final class PercentCoding {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private PercentCoding() {
    }

    /** Decodes %XX escapes (ASCII hex digits only) as UTF-8; returns null for a malformed escape or invalid UTF-8. */
    public static String decode(String raw) {
        if (raw.indexOf('%') < 0) {
            return raw;
        }
        byte[] in = raw.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length);
        for (int i = 0; i < in.length; i++) {
            if (in[i] == '%') {
                int hi = i + 2 < in.length ? hex(in[i + 1]) : -1;
                int lo = hi < 0 ? -1 : hex(in[i + 2]);
                if (lo < 0) {
                    return null;
                }
                out.write(hi << 4 | lo);
                i += 2;
            } else {
                out.write(in[i]);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(out.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** Encodes a decoded path segment: everything but RFC 3986 pchar is escaped. */
    public static String encodeSegment(String segment) {
        return escape(segment, PercentCoding::isPathChar);
    }

    /** Encodes a decoded query name or value: also escapes '&', '=', '+' and the like. */
    public static String encodeQueryComponent(String component) {
        return escape(component, PercentCoding::isUnreserved);
    }

    /** Encodes a value for a header that any backend reads the same: only visible ASCII but '%' is left as it is. */
    public static String encodeHeaderValue(String value) {
        return escape(value, b -> b > 0x20 && b < 0x7f && b != '%');
    }

    /**
     * Escapes what may not stand in a URL's query (spaces, quotes, '|', non-ASCII, a '%' that starts
     * no escape) and leaves valid escapes and delimiters as they are, so a raw query passes through
     * unchanged in meaning.
     */
    public static String escapeQuery(String rawQuery) {
        return escape(rawQuery, b -> isPathChar(b) || b == '/' || b == '?' || b == '%');
    }

    @FunctionalInterface
    private interface Allowed {
        boolean test(int b);
    }

    private static String escape(String value, Allowed allowed) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(bytes.length + 8);
        boolean changed = false;
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xff;
            boolean validEscape = b != '%' || i + 2 < bytes.length && hex(bytes[i + 1]) >= 0 && hex(bytes[i + 2]) >= 0;
            if (allowed.test(b) && validEscape) {
                out.append((char) b);
            } else {
                out.append('%').append(HEX[b >> 4]).append(HEX[b & 0xf]);
                changed = true;
            }
        }
        return changed ? out.toString() : value;
    }

    private static int hex(byte b) {
        return b >= '0' && b <= '9' ? b - '0' : b >= 'a' && b <= 'f' ? b - 'a' + 10 : b >= 'A' && b <= 'F' ? b - 'A' + 10 : -1;
    }

    private static boolean isUnreserved(int b) {
        return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9'
                || b == '-' || b == '.' || b == '_' || b == '~';
    }

    private static boolean isPathChar(int b) {
        return isUnreserved(b) || b == '!' || b == '$' || b == '&' || b == '\'' || b == '(' || b == ')' || b == '*'
                || b == '+' || b == ',' || b == ';' || b == '=' || b == ':' || b == '@';
    }
}
