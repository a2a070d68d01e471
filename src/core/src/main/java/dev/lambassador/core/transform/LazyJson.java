package dev.lambassador.core.transform;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A JSON body read in one validating pass (RFC 8259) that builds only what the operations look into.
 * The objects and arrays that a {@link Paths} names become a {@link ReadObject} or a {@link ReadArray};
 * every other value stays a {@link Raw}, a slice of the body that is written back byte for byte. A
 * {@link Raw} object or array is read one level at a time when a pointer goes through it after all
 * ({@link #expand}), so what an operation finds never depends on what was built beforehand.
 *
 * <p>What is refused, as {@link JsonOperations.NotJson}: anything but exactly one value with only
 * whitespace around it (a UTF-8 byte order mark is allowed first), a number outside
 * {@code -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?}, a control character or an unknown escape in
 * a string, bytes that are not UTF-8 (overlong forms, surrogates and values past U+10FFFF
 * included), a name twice in one object (jackson-jr refuses those too) and nesting deeper than
 * {@link #MAX_DEPTH}. A <code>&#92;u</code> escape of half a surrogate pair is JSON's grammar and passes, as
 * jackson-jr lets it in strings.
 */
final class LazyJson {

    /** Objects and arrays nested deeper than this are refused: the reader recurses, and must not overflow the stack. */
    static final int MAX_DEPTH = 512;

    /** Past this many names, an object that is not built checks its names for duplicates in a set rather than one by one. */
    static final int MAX_NAMES_COMPARED = 16;

    private static final Paths NOTHING_BELOW = new Paths();

    /** A value kept as the bytes it was read from: validated, never changed, so it can be shared. */
    static final class Raw {
        final byte[] bytes;
        final int start;
        final int end;

        Raw(byte[] bytes, int start, int end) {
            this.bytes = bytes;
            this.start = start;
            this.end = end;
        }

        boolean isContainer() {
            return bytes[start] == '{' || bytes[start] == '[';
        }

        @Override
        public String toString() {
            return new String(bytes, start, end - start, StandardCharsets.UTF_8);
        }
    }

    /** Something read from the body that an operation may change: until it is, its bytes can be written back. */
    interface Read {
        Raw source();

        boolean changed();

        void change();
    }

    /** An object read from the body, members in their order. */
    static final class ReadObject extends LinkedHashMap<String, Object> implements Read {
        private Raw source;
        private boolean changed;

        @Override
        public Raw source() {
            return source;
        }

        @Override
        public boolean changed() {
            return changed;
        }

        @Override
        public void change() {
            changed = true;
        }
    }

    /** An array read from the body. */
    static final class ReadArray extends ArrayList<Object> implements Read {
        private Raw source;
        private boolean changed;

        @Override
        public Raw source() {
            return source;
        }

        @Override
        public boolean changed() {
            return changed;
        }

        @Override
        public void change() {
            changed = true;
        }
    }

    /**
     * The objects and arrays to build, as a tree of pointer tokens from the whole document: a
     * token is a member's name in an object and, when it is an index without leading zeros, an
     * element's position in an array.
     */
    static final class Paths {
        private final Map<String, Paths> children = new HashMap<>();
        private int[] indices = new int[0];
        private Paths[] elements = new Paths[0];

        /** @return the node for {@code token} under this one, made when it is new */
        Paths add(String token) {
            Paths child = children.get(token);
            if (child == null) {
                child = new Paths();
                children.put(token, child);
                int index = Pointer.index(token, Integer.MAX_VALUE);
                if (index >= 0) {
                    indices = Arrays.copyOf(indices, indices.length + 1);
                    elements = Arrays.copyOf(elements, elements.length + 1);
                    indices[indices.length - 1] = index;
                    elements[elements.length - 1] = child;
                }
            }
            return child;
        }

        Paths member(String name) {
            return children.get(name);
        }

        Paths element(int index) {
            for (int i = 0; i < indices.length; i++) {
                if (indices[i] == index) {
                    return elements[i];
                }
            }
            return null;
        }

        boolean isEmpty() {
            return children.isEmpty();
        }
    }

    private final byte[] bytes;
    private final int limit;
    private int pos;
    /** The names of the objects being skipped, innermost last, as offsets of their first byte and past their last. */
    private int[] nameStarts = new int[32];
    private int[] nameEnds = new int[32];
    private int names;

    private LazyJson(byte[] bytes, int start, int limit) {
        this.bytes = bytes;
        this.pos = start;
        this.limit = limit;
    }

    /**
     * Reads a whole body, building the objects and arrays {@code paths} leads through, the root
     * first when it is one.
     *
     * @throws JsonOperations.NotJson when the body is not exactly one JSON value
     */
    static Object read(byte[] body, Paths paths) throws JsonOperations.NotJson {
        LazyJson reader = new LazyJson(body, 0, body.length);
        if (body.length >= 3 && body[0] == (byte) 0xEF && body[1] == (byte) 0xBB && body[2] == (byte) 0xBF) {
            reader.pos = 3;
        }
        reader.whitespace();
        Object value = reader.value(0, paths);
        reader.whitespace();
        if (reader.pos < body.length) {
            throw reader.error("nothing but whitespace after the value");
        }
        return value;
    }

    /** An object or array kept raw, built one level deep: its members stay raw. */
    static Object expand(Raw raw) {
        try {
            return new LazyJson(raw.bytes, raw.start, raw.end).value(0, NOTHING_BELOW);
        } catch (JsonOperations.NotJson e) {
            throw new IllegalStateException("a slice that was read once cannot be read again", e);
        }
    }

    /** Whether {@code value} is exactly the bytes it was read from, so that they can be written back. */
    static boolean isUnchanged(Object value) {
        if (value instanceof Raw) {
            return true;
        }
        if (!(value instanceof Read read) || read.changed()) {
            return false;
        }
        Iterable<?> members = value instanceof ReadObject object ? object.values() : (ReadArray) value;
        for (Object member : members) {
            if (!isUnchanged(member)) {
                return false;
            }
        }
        return true;
    }

    /** Notes that an operation changed a container, if it is one read from the body. */
    static void changed(Object container) {
        if (container instanceof Read read) {
            read.change();
        }
    }

    /** Reads the value at {@code pos}; {@code paths} says whether (non-null) and below which names to build it. */
    private Object value(int depth, Paths paths) throws JsonOperations.NotJson {
        int start = pos;
        if (paths != null && pos < limit) {
            if (bytes[pos] == '{') {
                return object(depth + 1, paths, start);
            }
            if (bytes[pos] == '[') {
                return array(depth + 1, paths, start);
            }
        }
        skip(depth);
        return new Raw(bytes, start, pos);
    }

    private ReadObject object(int depth, Paths paths, int start) throws JsonOperations.NotJson {
        deeper(depth);
        pos++;
        whitespace();
        ReadObject object = new ReadObject();
        if (pos < limit && bytes[pos] == '}') {
            pos++;
        } else {
            while (true) {
                int nameStart = pos;
                boolean escaped = string("a name in double quotes");
                String name = decode(nameStart + 1, pos - 1, escaped);
                colon();
                Object member = value(depth, paths.member(name));
                if (object.put(name, member) != null) {
                    throw duplicate(nameStart, name);
                }
                if (next('}')) {
                    break;
                }
            }
        }
        object.source = new Raw(bytes, start, pos);
        return object;
    }

    private ReadArray array(int depth, Paths paths, int start) throws JsonOperations.NotJson {
        deeper(depth);
        pos++;
        whitespace();
        ReadArray array = new ReadArray();
        if (pos < limit && bytes[pos] == ']') {
            pos++;
        } else {
            while (true) {
                array.add(value(depth, paths.element(array.size())));
                if (next(']')) {
                    break;
                }
            }
        }
        array.source = new Raw(bytes, start, pos);
        return array;
    }

    /** Validates the value at {@code pos} and moves past it. */
    private void skip(int depth) throws JsonOperations.NotJson {
        if (pos >= limit) {
            throw error("a value");
        }
        switch (bytes[pos]) {
            case '{' -> skipObject(depth + 1);
            case '[' -> skipArray(depth + 1);
            case '"' -> string("a value");
            case 't' -> literal("true");
            case 'f' -> literal("false");
            case 'n' -> literal("null");
            default -> number();
        }
    }

    private void skipObject(int depth) throws JsonOperations.NotJson {
        deeper(depth);
        pos++;
        whitespace();
        if (pos < limit && bytes[pos] == '}') {
            pos++;
            return;
        }
        int first = names;
        Set<String> seen = null;
        while (true) {
            int nameStart = pos;
            boolean escaped = string("a name in double quotes");
            if (seen == null && (escaped || names - first == MAX_NAMES_COMPARED)) {
                seen = new HashSet<>();
                for (int i = first; i < names; i++) {
                    seen.add(decode(nameStarts[i], nameEnds[i], false));
                }
            }
            if (seen != null) {
                String name = decode(nameStart + 1, pos - 1, escaped);
                if (!seen.add(name)) {
                    throw duplicate(nameStart, name);
                }
            } else {
                int length = pos - 1 - (nameStart + 1);
                for (int i = first; i < names; i++) {
                    if (nameEnds[i] - nameStarts[i] == length
                            && Arrays.equals(bytes, nameStarts[i], nameEnds[i], bytes, nameStart + 1, pos - 1)) {
                        throw duplicate(nameStart, decode(nameStart + 1, pos - 1, false));
                    }
                }
                if (names == nameStarts.length) {
                    nameStarts = Arrays.copyOf(nameStarts, names * 2);
                    nameEnds = Arrays.copyOf(nameEnds, names * 2);
                }
                nameStarts[names] = nameStart + 1;
                nameEnds[names] = pos - 1;
                names++;
            }
            // colon() and next('}') written out: C1 inlines neither, and this is the loop most bodies spend their time in
            whitespace();
            if (pos >= limit || bytes[pos] != ':') {
                throw error("':' after a name");
            }
            pos++;
            whitespace();
            skip(depth);
            whitespace();
            if (pos < limit && bytes[pos] == ',') {
                pos++;
                whitespace();
            } else if (pos < limit && bytes[pos] == '}') {
                pos++;
                break;
            } else {
                throw error("',' or '}'");
            }
        }
        names = first;
    }

    private void skipArray(int depth) throws JsonOperations.NotJson {
        deeper(depth);
        pos++;
        whitespace();
        if (pos < limit && bytes[pos] == ']') {
            pos++;
            return;
        }
        do {
            skip(depth);
        } while (!next(']'));
    }

    private void deeper(int depth) throws JsonOperations.NotJson {
        if (depth > MAX_DEPTH) {
            throw error("at most " + MAX_DEPTH + " nested objects and arrays");
        }
    }

    /** After a name: whitespace, a colon, whitespace. */
    private void colon() throws JsonOperations.NotJson {
        whitespace();
        if (pos >= limit || bytes[pos] != ':') {
            throw error("':' after a name");
        }
        pos++;
        whitespace();
    }

    /** After a member or an element: true past {@code close}, false past a comma and the whitespace after it. */
    private boolean next(char close) throws JsonOperations.NotJson {
        whitespace();
        if (pos < limit) {
            byte b = bytes[pos];
            if (b == ',') {
                pos++;
                whitespace();
                return false;
            }
            if (b == close) {
                pos++;
                return true;
            }
        }
        throw error("',' or '" + close + "'");
    }

    /** Small enough for C1 to inline: compact JSON has no whitespace to skip. */
    private void whitespace() {
        if (pos < limit && bytes[pos] <= ' ') {
            spaces();
        }
    }

    private void spaces() {
        byte[] bytes = this.bytes;
        int limit = this.limit;
        int p = pos;
        while (p < limit) {
            byte b = bytes[p];
            if (b > ' ' || b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                break;
            }
            p++;
        }
        pos = p;
    }

    private void literal(String word) throws JsonOperations.NotJson {
        int length = word.length();
        if (limit - pos < length) {
            throw error("'" + word + "'");
        }
        for (int i = 1; i < length; i++) {
            if (bytes[pos + i] != word.charAt(i)) {
                throw error("'" + word + "'");
            }
        }
        pos += length;
    }

    private void number() throws JsonOperations.NotJson {
        int p = pos;
        if (bytes[p] == '-') {
            p++;
        }
        if (p < limit && bytes[p] == '0') {
            p++;
        } else {
            int digits = digits(p);
            if (digits == p) {
                boolean minus = pos < p;
                pos = p;
                throw error(minus ? "a digit after '-'" : "a value");
            }
            p = digits;
        }
        if (p < limit && bytes[p] == '.') {
            int digits = digits(p + 1);
            if (digits == p + 1) {
                pos = p + 1;
                throw error("a digit after '.'");
            }
            p = digits;
        }
        if (p < limit && (bytes[p] == 'e' || bytes[p] == 'E')) {
            p++;
            if (p < limit && (bytes[p] == '+' || bytes[p] == '-')) {
                p++;
            }
            int digits = digits(p);
            if (digits == p) {
                pos = p;
                throw error("a digit in the exponent");
            }
            p = digits;
        }
        pos = p;
    }

    /** @return past the digits from {@code p} */
    private int digits(int p) {
        byte[] bytes = this.bytes;
        int limit = this.limit;
        while (p < limit) {
            byte b = bytes[p];
            if (b < '0' || b > '9') {
                break;
            }
            p++;
        }
        return p;
    }

    /**
     * Validates the string at {@code pos}, which must start there, and moves past it.
     *
     * @return whether it has escapes
     */
    private boolean string(String expected) throws JsonOperations.NotJson {
        if (pos >= limit || bytes[pos] != '"') {
            throw error(expected);
        }
        // locals, and printable ASCII first: C1 neither hoists field loads out of a loop nor reorders tests
        byte[] bytes = this.bytes;
        int limit = this.limit;
        boolean escaped = false;
        int p = pos + 1;
        while (p < limit) {
            byte b = bytes[p];
            if (b >= 0x20 && b != '"' && b != '\\') {
                p++;
            } else if (b == '"') {
                pos = p + 1;
                return escaped;
            } else if (b == '\\') {
                p = escape(p);
                escaped = true;
            } else if (b < 0) {
                p = utf8(p, b & 0xFF);
            } else {
                pos = p;
                throw error("no control character in a string (escape it)");
            }
        }
        pos = p;
        throw error("'\"' to end the string");
    }

    /** @return past the escape at {@code p} */
    private int escape(int p) throws JsonOperations.NotJson {
        if (p + 1 < limit) {
            switch (bytes[p + 1]) {
                case '"', '\\', '/', 'b', 'f', 'n', 'r', 't' -> {
                    return p + 2;
                }
                case 'u' -> {
                    if (p + 5 < limit && hex(bytes[p + 2]) >= 0 && hex(bytes[p + 3]) >= 0 && hex(bytes[p + 4]) >= 0
                            && hex(bytes[p + 5]) >= 0) {
                        return p + 6;
                    }
                }
                default -> {
                }
            }
        }
        pos = p;
        throw error("an escape: \\\", \\\\, \\/, \\b, \\f, \\n, \\r, \\t or \\u and four hex digits");
    }

    private static int hex(byte b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        if (b >= 'a' && b <= 'f') {
            return b - 'a' + 10;
        }
        if (b >= 'A' && b <= 'F') {
            return b - 'A' + 10;
        }
        return -1;
    }

    /** @return past the UTF-8 sequence that starts with {@code lead} at {@code p} (RFC 3629's table) */
    private int utf8(int p, int lead) throws JsonOperations.NotJson {
        int more;
        int low = 0x80;
        int high = 0xBF;
        if (lead < 0xC2) {
            more = 0;
        } else if (lead < 0xE0) {
            more = 1;
        } else if (lead < 0xF0) {
            more = 2;
            if (lead == 0xE0) {
                low = 0xA0;
            } else if (lead == 0xED) {
                high = 0x9F;
            }
        } else if (lead < 0xF5) {
            more = 3;
            if (lead == 0xF0) {
                low = 0x90;
            } else if (lead == 0xF4) {
                high = 0x8F;
            }
        } else {
            more = 0;
        }
        if (more == 0 || p + more >= limit) {
            pos = p;
            throw error("UTF-8");
        }
        int second = bytes[p + 1] & 0xFF;
        boolean valid = second >= low && second <= high;
        for (int i = 2; i <= more; i++) {
            valid &= (bytes[p + i] & 0xC0) == 0x80;
        }
        if (!valid) {
            pos = p;
            throw error("UTF-8");
        }
        return p + more + 1;
    }

    /** The text between {@code from} and {@code to}, validated, its escapes decoded. */
    private String decode(int from, int to, boolean escaped) {
        if (!escaped) {
            return new String(bytes, from, to - from, StandardCharsets.UTF_8);
        }
        StringBuilder text = new StringBuilder(to - from);
        int run = from;
        int p = from;
        while (p < to) {
            if (bytes[p] != '\\') {
                p++;
                continue;
            }
            text.append(new String(bytes, run, p - run, StandardCharsets.UTF_8));
            byte kind = bytes[p + 1];
            switch (kind) {
                case 'b' -> text.append('\b');
                case 'f' -> text.append('\f');
                case 'n' -> text.append('\n');
                case 'r' -> text.append('\r');
                case 't' -> text.append('\t');
                case 'u' -> text.append((char) (hex(bytes[p + 2]) << 12 | hex(bytes[p + 3]) << 8 | hex(bytes[p + 4]) << 4
                        | hex(bytes[p + 5])));
                default -> text.append((char) kind);
            }
            p += kind == 'u' ? 6 : 2;
            run = p;
        }
        return text.append(new String(bytes, run, to - run, StandardCharsets.UTF_8)).toString();
    }

    private JsonOperations.NotJson duplicate(int at, String name) {
        pos = at;
        return new JsonOperations.NotJson("the name '" + name + "' twice in one object, at byte " + at);
    }

    private JsonOperations.NotJson error(String expected) {
        String found = pos >= limit ? "the end" : String.format("0x%02x", bytes[pos] & 0xFF);
        return new JsonOperations.NotJson("expected " + expected + " at byte " + pos + ", found " + found);
    }
}
