package dev.lambassador.core.transform;

import dev.lambassador.core.GatewayException;
import dev.lambassador.core.auth.AuthFilter;
import dev.lambassador.core.route.Items;
import dev.lambassador.core.route.Problems;
import java.util.Map;
import java.util.Set;

/** The arguments the transform filters share, read and checked the same way for all. */
final class Args {

    private static final String SEPARATORS = "\"(),/;<=>?@[\\]{}";

    private Args() {
    }

    static void only(Map<String, Object> args, Set<String> known, Problems problems) {
        Items.refuseUnknown(args, known, "", problems);
    }

    /** A header name: a token, and not {@code Host}. */
    static String headerName(Map<String, Object> args, String field, Problems problems) {
        String name = Items.requiredString(args, field, problems);
        if (name == null) {
            return null;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c <= ' ' || c >= 127 || c == ':' || SEPARATORS.indexOf(c) >= 0) {
                problems.add(field, "'" + name + "' is not a valid header name");
                return null;
            }
        }
        if (name.equalsIgnoreCase("Host")) {
            problems.add(field, "Host is the backend's and cannot be changed by a filter");
            return null;
        }
        return name;
    }

    /** A header name a filter may give a value to: not one of the caller headers the gateway sets. */
    static String settableHeaderName(Map<String, Object> args, String field, Problems problems) {
        String name = headerName(args, field, problems);
        if (name != null && AuthFilter.isGatewayHeader(name)) {
            problems.add(field, name + " is set by the gateway and cannot be given a value by a filter");
            return null;
        }
        return name;
    }

    /** A required template; its literal text may hold no control character. */
    static Template template(Map<String, Object> args, String field, Problems problems) {
        String text = Items.string(args, field, problems);
        if (text == null) {
            // Absent or null (YAML's `value:`, DynamoDB's NULL); a value of another type is reported already.
            if (args.get(field) == null) {
                problems.add(field, "is required");
            }
            return null;
        }
        if (controlCharacter(text) >= 0) {
            problems.add(field, "has a control character (CR, LF, NUL, ...)");
            return null;
        }
        try {
            return Template.parse(text);
        } catch (IllegalArgumentException e) {
            problems.add(field, e.getMessage());
            return null;
        }
    }

    /** A name of a query parameter: not empty, no control character. */
    static String parameterName(Map<String, Object> args, String field, Problems problems) {
        String name = Items.requiredString(args, field, problems);
        if (name != null && controlCharacter(name) >= 0) {
            problems.add(field, "has a control character");
            return null;
        }
        return name;
    }

    /**
     * A rendered value bound for a header: a control character in it could split the header, so
     * the request is refused rather than forwarded with a value nobody wrote.
     */
    static String headerValue(String header, String value) {
        if (controlCharacter(value) >= 0) {
            throw GatewayException.badRequest("header " + header + " would carry a control character (CR, LF, NUL, ...)");
        }
        return value;
    }

    /** The index of the first control character other than tab, or -1. */
    static int controlCharacter(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < ' ' && c != '\t' || c == 0x7f) {
                return i;
            }
        }
        return -1;
    }
}
