package dev.lambassador.core.transform;

import dev.lambassador.core.route.Items;
import dev.lambassador.core.route.Problems;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An RFC 6901 JSON pointer over a tree of maps and lists, parsed once: {@code /order/lines/0/sku},
 * with {@code ~1} for {@code /} and {@code ~0} for {@code ~} in a name. The whole document ({@code ""})
 * is not a target: operations name fields. The tree is {@link LazyJson}'s: a value may still be raw
 * bytes, and a pointer that goes through a raw object or array builds it; a change to a container
 * read from the body is noted there, so that an unchanged one can be written back as it was.
 */
final class Pointer {

    /** What {@link #get} answers for a pointer that leads nowhere; null is a JSON value. */
    static final Object ABSENT = new Object();

    private final String[] tokens;

    private Pointer(String[] tokens) {
        this.tokens = tokens;
    }

    /** @return the pointer in {@code spec[field]}, or null when {@code problems} got one */
    static Pointer parse(Map<String, Object> spec, String field, Problems problems) {
        String text = Items.requiredString(spec, field, problems);
        if (text == null) {
            return null;
        }
        if (!text.startsWith("/")) {
            problems.add(field, "must be a JSON pointer (RFC 6901) such as /order/id, was '" + text + "'");
            return null;
        }
        List<String> tokens = new ArrayList<>();
        for (String raw : text.substring(1).split("/", -1)) {
            StringBuilder token = new StringBuilder(raw.length());
            for (int i = 0; i < raw.length(); i++) {
                char c = raw.charAt(i);
                if (c == '~') {
                    char next = i + 1 < raw.length() ? raw.charAt(i + 1) : ' ';
                    if (next != '0' && next != '1') {
                        problems.add(field, "'~' must be followed by 0 or 1 in a JSON pointer (RFC 6901), was '" + text + "'");
                        return null;
                    }
                    token.append(next == '0' ? '~' : '/');
                    i++;
                } else {
                    token.append(c);
                }
            }
            tokens.add(token.toString());
        }
        return new Pointer(tokens.toArray(new String[0]));
    }

    /** The tokens, decoded. */
    String[] tokens() {
        return tokens.clone();
    }

    /** The value the pointer leads to, or {@link #ABSENT}. */
    Object get(Object document) {
        Object parent = parent(document, false);
        return parent == null ? ABSENT : child(parent, tokens[tokens.length - 1]);
    }

    /** Removes the value the pointer leads to, if there is one. */
    void remove(Object document) {
        Object parent = parent(document, false);
        String last = tokens[tokens.length - 1];
        if (parent instanceof Map<?, ?> map) {
            if (map.containsKey(last)) {
                map.remove(last);
                LazyJson.changed(map);
            }
        } else if (parent instanceof List<?> list) {
            int index = index(last, list.size() - 1);
            if (index >= 0) {
                list.remove(index);
                LazyJson.changed(list);
            }
        }
    }

    /**
     * RFC 6902's add: sets an object's member (replacing it) or inserts into an array ({@code -}
     * appends), creating the objects above the target that are missing. A target under a value that
     * is neither, or an array index past the end, leaves the document as it is.
     */
    @SuppressWarnings("unchecked")
    void add(Object document, Object value) {
        Object parent = parent(document, true);
        String last = tokens[tokens.length - 1];
        if (parent instanceof Map<?, ?> map) {
            ((Map<String, Object>) map).put(last, value);
            LazyJson.changed(map);
        } else if (parent instanceof List<?> list) {
            int index = last.equals("-") ? list.size() : index(last, list.size());
            if (index >= 0) {
                ((List<Object>) list).add(index, value);
                LazyJson.changed(list);
            }
        }
    }

    /**
     * RFC 6902's replace: the value that is there, an object's member or an array's element, becomes
     * another, in its place; nothing happens where there is none.
     */
    @SuppressWarnings("unchecked")
    void replace(Object document, Object value) {
        Object parent = parent(document, false);
        String last = tokens[tokens.length - 1];
        if (parent instanceof Map<?, ?> map && map.containsKey(last)) {
            ((Map<String, Object>) map).put(last, value);
            LazyJson.changed(map);
        } else if (parent instanceof List<?> list) {
            int index = index(last, list.size() - 1);
            if (index >= 0) {
                ((List<Object>) list).set(index, value);
                LazyJson.changed(list);
            }
        }
    }

    /**
     * The container of the last token, or null; {@code create} makes the missing objects on the way.
     * An object or array on the way that is still raw is built, in place, one level deep.
     */
    @SuppressWarnings("unchecked")
    private Object parent(Object document, boolean create) {
        Object current = document;
        for (int i = 0; i < tokens.length - 1; i++) {
            Object next = child(current, tokens[i]);
            if (next == ABSENT) {
                if (!create || !(current instanceof Map<?, ?>)) {
                    return null;
                }
                next = new LinkedHashMap<String, Object>();
                ((Map<String, Object>) current).put(tokens[i], next);
                LazyJson.changed(current);
            } else if (next instanceof LazyJson.Raw raw && raw.isContainer()) {
                next = LazyJson.expand(raw);
                if (current instanceof Map<?, ?> map) {
                    ((Map<String, Object>) map).put(tokens[i], next);
                } else {
                    ((List<Object>) current).set(index(tokens[i], Integer.MAX_VALUE), next);
                }
            }
            current = next;
        }
        return current;
    }

    private static Object child(Object node, String token) {
        if (node instanceof Map<?, ?> map) {
            return map.containsKey(token) ? map.get(token) : ABSENT;
        }
        if (node instanceof List<?> list) {
            int index = index(token, list.size() - 1);
            return index >= 0 ? list.get(index) : ABSENT;
        }
        return ABSENT;
    }

    /** An array index from 0 to {@code max}, without leading zeros, or -1. */
    static int index(String token, int max) {
        if (token.isEmpty() || token.length() > 9 || token.length() > 1 && token.charAt(0) == '0') {
            return -1;
        }
        for (int i = 0; i < token.length(); i++) {
            if (token.charAt(i) < '0' || token.charAt(i) > '9') {
                return -1;
            }
        }
        int index = Integer.parseInt(token);
        return index <= max ? index : -1;
    }
}
