package dev.lambassador.core.route;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** RFC 3986 percent-coding of path segments and query components, strict about bad input. */
public final class PercentCoding {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private PercentCoding() {
    }

    /** Decodes %XX escapes as UTF-8; returns null for a malformed escape or invalid UTF-8. */
    public static String decode(String raw) {
        if (raw.indexOf('%') < 0) {
            return raw;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    return null;
                }
                int hi = Character.digit(raw.charAt(i + 1), 16);
                int lo = Character.digit(raw.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return null;
                }
                bytes.write(hi << 4 | lo);
                i += 2;
            } else {
                byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(encoded, 0, encoded.length);
            }
        }
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()));
            return chars.toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** Encodes a decoded path segment: everything but RFC 3986 pchar is escaped. */
    public static String encodeSegment(String segment) {
        return encode(segment, true);
    }

    /** Encodes a decoded query name or value: also escapes '&', '=', '+' and the like. */
    public static String encodeQueryComponent(String component) {
        return encode(component, false);
    }

    /**
     * Escapes what may not stand in a URL's query (spaces, quotes, '|', non-ASCII) and leaves
     * valid escapes and delimiters as they are, so a raw query passes through unchanged in meaning.
     */
    public static String escapeQuery(String rawQuery) {
        StringBuilder out = null;
        byte[] bytes = rawQuery.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xff;
            boolean keep = isUnreserved(b) || isPathSafe(b) || b == '/' || b == '?'
                    || b == '%' && i + 2 < bytes.length && isHex(bytes[i + 1]) && isHex(bytes[i + 2]);
            if (keep && out == null) {
                continue;
            }
            if (out == null) {
                out = new StringBuilder(bytes.length + 8);
                for (int j = 0; j < i; j++) {
                    out.append((char) bytes[j]);
                }
            }
            if (keep) {
                out.append((char) b);
            } else {
                out.append('%').append(HEX[b >> 4]).append(HEX[b & 0xf]);
            }
        }
        return out == null ? rawQuery : out.toString();
    }

    private static boolean isHex(byte b) {
        return Character.digit(b, 16) >= 0;
    }

    private static String encode(String value, boolean pathSegment) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        StringBuilder out = null;
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xff;
            if (isUnreserved(b) || pathSegment && isPathSafe(b)) {
                if (out != null) {
                    out.append((char) b);
                }
            } else {
                if (out == null) {
                    out = new StringBuilder(bytes.length + 8);
                    for (int j = 0; j < i; j++) {
                        out.append((char) bytes[j]);
                    }
                }
                out.append('%').append(HEX[b >> 4]).append(HEX[b & 0xf]);
            }
        }
        return out == null ? value : out.toString();
    }

    private static boolean isUnreserved(int b) {
        return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9'
                || b == '-' || b == '.' || b == '_' || b == '~';
    }

    private static boolean isPathSafe(int b) {
        return b == '!' || b == '$' || b == '&' || b == '\'' || b == '(' || b == ')' || b == '*'
                || b == '+' || b == ',' || b == ';' || b == '=' || b == ':' || b == '@';
    }
}
