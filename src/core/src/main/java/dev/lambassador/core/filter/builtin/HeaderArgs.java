package dev.lambassador.core.filter.builtin;

import dev.lambassador.core.auth.AuthFilter;
import dev.lambassador.core.route.Items;
import dev.lambassador.core.route.Problems;
import java.util.Map;
import java.util.Set;

/** The {@code name} and {@code value} arguments of the header filters, checked the same way for all. */
final class HeaderArgs {

    private HeaderArgs() {
    }

    /** A header name a filter may touch: a token, neither {@code Host} nor one of the caller headers the gateway owns. */
    static String name(Map<String, Object> args, Problems problems) {
        String name = Items.requiredString(args, "name", problems);
        if (name == null) {
            return null;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c <= ' ' || c >= 127 || c == ':' || "\"(),/;<=>?@[\\]{}".indexOf(c) >= 0) {
                problems.add("name", "'" + name + "' is not a valid header name");
                return null;
            }
        }
        if (name.equalsIgnoreCase("Host") || AuthFilter.isGatewayHeader(name)) {
            problems.add("name", name + " is set by the gateway and cannot be changed by a filter");
            return null;
        }
        return name;
    }

    /** A header value with no CR, LF, NUL or other control character, so it can never split a header. */
    static String value(Map<String, Object> args, Problems problems) {
        String value = Items.string(args, "value", problems);
        if (value == null) {
            if (!args.containsKey("value")) {
                problems.add("value", "is required");
            }
            return null;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < ' ' && c != '\t' || c == 0x7f) {
                problems.add("value", "has a control character (CR, LF, NUL, ...)");
                return null;
            }
        }
        return value;
    }

    static void refuseOthers(Map<String, Object> args, Set<String> known, Problems problems) {
        Items.refuseUnknown(args, known, "", problems);
    }
}
