package dev.lambassador.core.version;

import dev.lambassador.core.GatewayException;
import java.util.List;
import java.util.Locale;

/**
 * Finds the version a client asks for in its {@code Accept} header: a vendor media type
 * ({@code application/vnd.orders.v2+json}) or a {@code version} parameter on any media range
 * ({@code application/json; version=2}). Among the media ranges that name a version, the one the
 * client prefers most ({@code q}, RFC 9110 §12.4.2) wins, the first of equals; {@code q=0} means "not
 * this one". A header that is not a list of media ranges (§12.5.1) is refused with 400, never guessed at.
 */
final class AcceptVersions {

    private static final String TOKEN_CHARS = "!#$%&'*+-.^_`|~";
    /** RFC 9110 §12.4.2's qvalue, compiled once: String.matches would compile it on every request. */
    private static final java.util.regex.Pattern Q_VALUE = java.util.regex.Pattern.compile("0(\\.[0-9]{0,3})?|1(\\.0{0,3})?");

    private AcceptVersions() {
    }

    /**
     * @param accept    the Accept header's values
     * @param mediaName the API's vendor name, {@code orders} in {@code vnd.orders.v2+json}
     * @return the version named, or null when no media range names one
     * @throws GatewayException 400 when the header is malformed
     */
    static String find(List<String> accept, String mediaName) {
        String vendorPrefix = "vnd." + mediaName.toLowerCase(Locale.ROOT) + ".";
        String best = null;
        int bestWeight = 0;
        for (String header : accept) {
            for (String range : split(header, ',')) {
                Named named = inRange(range.trim(), vendorPrefix);
                if (named != null && named.version() != null && named.weight() > bestWeight) {
                    best = named.version();
                    bestWeight = named.weight();
                }
            }
        }
        return best;
    }

    /** A media range's version, or null, and its weight in thousandths (q=1 is 1000). */
    private record Named(String version, int weight) {
    }

    private static Named inRange(String range, String vendorPrefix) {
        if (range.isEmpty()) {
            return null;
        }
        int weight = 1000;
        List<String> parts = split(range, ';');
        String type = parts.getFirst().trim();
        int slash = type.indexOf('/');
        if (slash <= 0 || slash == type.length() - 1 || !token(type.substring(0, slash)) || !token(type.substring(slash + 1))) {
            throw malformed("'" + type + "' is not a media type");
        }
        String version = null;
        String subtype = type.substring(slash + 1);
        if (subtype.toLowerCase(Locale.ROOT).startsWith(vendorPrefix)) {
            String rest = subtype.substring(vendorPrefix.length());
            int plus = rest.indexOf('+');
            String named = plus < 0 ? rest : rest.substring(0, plus);
            version = named.isEmpty() ? null : named;
        }
        for (String parameter : parts.subList(1, parts.size())) {
            String trimmed = parameter.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            int equals = trimmed.indexOf('=');
            if (equals <= 0 || !token(trimmed.substring(0, equals).trim())) {
                throw malformed("parameter '" + trimmed + "' is not name=value");
            }
            String name = trimmed.substring(0, equals).trim();
            String value = unquote(trimmed.substring(equals + 1).trim());
            if (name.equalsIgnoreCase("version") && version == null) {
                version = value;
            } else if (name.equalsIgnoreCase("q")) {
                weight = weight(value);
            }
        }
        return new Named(version, weight);
    }

    /** A q-value, {@code 0} to {@code 1} with at most three decimals, in thousandths. */
    private static int weight(String q) {
        if (!Q_VALUE.matcher(q).matches()) {
            throw malformed("q=" + q + " is not a weight from 0 to 1");
        }
        String decimals = q.length() > 2 ? q.substring(2) : "";
        return q.charAt(0) == '1' ? 1000 : Integer.parseInt((decimals + "000").substring(0, 3));
    }

    /** Splits on a separator outside double quotes; an unclosed quote is malformed. */
    private static List<String> split(String text, char separator) {
        List<String> parts = new java.util.ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted && c == '\\' && i + 1 < text.length()) {
                current.append(c).append(text.charAt(++i));
            } else if (c == '"') {
                quoted = !quoted;
                current.append(c);
            } else if (c == separator && !quoted) {
                parts.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        if (quoted) {
            throw malformed("a quoted string is not closed");
        }
        parts.add(current.toString());
        return parts;
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            return value.substring(1, value.length() - 1).replaceAll("\\\\(.)", "$1");
        }
        if (!token(value)) {
            throw malformed("parameter value '" + value + "' must be a token or a quoted string");
        }
        return value;
    }

    private static boolean token(String text) {
        if (text.isEmpty()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || TOKEN_CHARS.indexOf(c) >= 0)) {
                return false;
            }
        }
        return true;
    }

    private static GatewayException malformed(String why) {
        return GatewayException.badRequest("malformed Accept header: " + why);
    }
}
