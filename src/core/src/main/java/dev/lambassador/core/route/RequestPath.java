package dev.lambassador.core.route;

import dev.lambassador.core.GatewayException;
import java.util.ArrayList;
import java.util.List;

/**
 * A request path split into decoded segments, refusing the inputs that make proxies and their
 * backends disagree about which resource is meant: empty segments ({@code //}), dot segments,
 * encoded slashes, malformed percent-encoding and, unless a route takes matrix parameters, a
 * {@code ;} in a segment. Rejecting them is simpler and safer than normalising them differently
 * from every backend.
 *
 * <p>A {@code ;} matters because servlet containers such as Tomcat drop {@code ;...} from each
 * segment before they resolve dot segments: {@code /a/..;/admin} is {@code /a/../admin} to them,
 * and {@code /admin} once resolved, outside the prefix the gateway routed on.
 *
 * @param segments      decoded segments; empty for {@code /}
 * @param trailingSlash whether the path ended with {@code /} (other than the root itself)
 */
public record RequestPath(List<String> segments, boolean trailingSlash) {

    public RequestPath {
        segments = List.copyOf(segments);
    }

    /**
     * Parses a path for a route without matrix parameters: a {@code ;} in a segment, as sent or
     * encoded, is refused.
     *
     * @throws GatewayException 400, naming what is wrong with the path
     */
    public static RequestPath parse(String rawPath) {
        RequestPath path = parseAllowingMatrixParameters(rawPath);
        path.refuseMatrixParameters();
        return path;
    }

    /**
     * Parses a path that may carry matrix parameters ({@code /cars;color=red/2024}), as the gateway
     * does before it knows the route: a {@code ;} as sent is kept in its segment, which must still
     * have a name before it that is neither empty nor a dot segment ({@code ..;x} is {@code ..} to a
     * servlet container). An encoded {@code ;} ({@code %3B}) is always refused: forwarded, it
     * would reach the backend as a delimiter.
     *
     * @throws GatewayException 400, naming what is wrong with the path
     */
    public static RequestPath parseAllowingMatrixParameters(String rawPath) {
        if (rawPath == null || rawPath.isEmpty()) {
            throw GatewayException.badRequest("request path is empty");
        }
        if (rawPath.charAt(0) != '/') {
            throw GatewayException.badRequest("request path must start with '/'");
        }
        if (rawPath.length() == 1) {
            return new RequestPath(List.of(), false);
        }
        boolean trailingSlash = rawPath.endsWith("/");
        String body = rawPath.substring(1, trailingSlash ? rawPath.length() - 1 : rawPath.length());
        List<String> segments = new ArrayList<>();
        for (String raw : body.split("/", -1)) {
            if (raw.isEmpty()) {
                throw GatewayException.badRequest("request path has an empty segment ('//')");
            }
            String decoded = PercentCoding.decode(raw);
            if (decoded == null) {
                throw GatewayException.badRequest("request path has invalid percent-encoding");
            }
            if (decoded.indexOf('/') >= 0 || decoded.indexOf('\\') >= 0) {
                throw GatewayException.badRequest("request path has an encoded slash or backslash in a segment");
            }
            int semicolon = decoded.indexOf(';');
            String name = semicolon < 0 ? decoded : decoded.substring(0, semicolon);
            if (name.equals(".") || name.equals("..")) {
                throw GatewayException.badRequest("request path has a dot segment ('.' or '..')");
            }
            if (semicolon >= 0) {
                if (count(decoded, ';') != count(raw, ';')) {
                    throw GatewayException.badRequest("request path has an encoded ';' in a segment");
                }
                if (name.isEmpty()) {
                    throw GatewayException.badRequest("request path has a segment with nothing before its ';'");
                }
            }
            for (int i = 0; i < decoded.length(); i++) {
                if (decoded.charAt(i) < 0x20 || decoded.charAt(i) == 0x7f) {
                    throw GatewayException.badRequest("request path has a control character");
                }
            }
            segments.add(decoded);
        }
        return new RequestPath(segments, trailingSlash);
    }

    /** Whether a segment has a {@code ;}, which only routes that take matrix parameters accept. */
    public boolean hasMatrixParameters() {
        for (String segment : segments) {
            if (segment.indexOf(';') >= 0) {
                return true;
            }
        }
        return false;
    }

    /** @throws GatewayException 400 when a segment has a {@code ;} */
    public void refuseMatrixParameters() {
        if (hasMatrixParameters()) {
            throw GatewayException.badRequest("request path has a ';' in a segment, and the route does not take matrix parameters");
        }
    }

    private static int count(String text, char c) {
        int count = 0;
        for (int i = text.indexOf(c); i >= 0; i = text.indexOf(c, i + 1)) {
            count++;
        }
        return count;
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        for (String segment : segments) {
            out.append('/').append(PercentCoding.encodeSegment(segment));
        }
        return out.isEmpty() || trailingSlash ? out.append('/').toString() : out.toString();
    }
}
