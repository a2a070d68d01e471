package dev.lambassador.core.route;

import dev.lambassador.core.GatewayException;
import java.util.ArrayList;
import java.util.List;

/**
 * A request path split into decoded segments, refusing the inputs that make proxies and their
 * backends disagree about which resource is meant: empty segments ({@code //}), dot segments,
 * encoded slashes and malformed percent-encoding. Rejecting them is simpler and safer than
 * normalising them differently from every backend.
 *
 * @param segments      decoded segments; empty for {@code /}
 * @param trailingSlash whether the path ended with {@code /} (other than the root itself)
 */
public record RequestPath(List<String> segments, boolean trailingSlash) {

    public RequestPath {
        segments = List.copyOf(segments);
    }

    public static RequestPath parse(String rawPath) {
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
            if (decoded.equals(".") || decoded.equals("..")) {
                throw GatewayException.badRequest("request path has a dot segment ('.' or '..')");
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

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        for (String segment : segments) {
            out.append('/').append(PercentCoding.encodeSegment(segment));
        }
        return out.isEmpty() || trailingSlash ? out.append('/').toString() : out.toString();
    }
}
