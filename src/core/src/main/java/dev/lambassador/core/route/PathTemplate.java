package dev.lambassador.core.route;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A route's path: literal segments, {@code {name}} parameters (one segment) and, last only,
 * a greedy {@code {name+}} parameter (one or more segments, as in API Gateway's {@code {proxy+}}).
 */
public record PathTemplate(String text, List<Segment> segments) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");

    public enum Kind { LITERAL, PARAM, GREEDY }

    /** One template segment; {@code value} is the literal text or the parameter's name. */
    public record Segment(Kind kind, String value) {
    }

    public PathTemplate {
        segments = List.copyOf(segments);
    }

    /** Parses a template, throwing {@link IllegalArgumentException} with a reason a person can act on. */
    public static PathTemplate parse(String text) {
        if (text == null || text.isEmpty() || text.charAt(0) != '/') {
            throw new IllegalArgumentException("path must start with '/'");
        }
        List<Segment> segments = new ArrayList<>();
        Set<String> names = new HashSet<>();
        String body = text.length() > 1 && text.endsWith("/") ? text.substring(1, text.length() - 1) : text.substring(1);
        if (body.isEmpty()) {
            return new PathTemplate(text, segments);
        }
        String[] parts = body.split("/", -1);
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            if (part.isEmpty()) {
                throw new IllegalArgumentException("path has an empty segment ('//')");
            }
            if (part.startsWith("{") && part.endsWith("}")) {
                boolean greedy = part.endsWith("+}");
                String name = part.substring(1, part.length() - (greedy ? 2 : 1));
                if (!NAME.matcher(name).matches()) {
                    throw new IllegalArgumentException("path parameter '" + part + "' needs a name of letters, digits or '_'");
                }
                if (!names.add(name)) {
                    throw new IllegalArgumentException("path parameter '" + name + "' appears twice");
                }
                if (greedy && i != parts.length - 1) {
                    throw new IllegalArgumentException("greedy parameter '" + part + "' must be the last segment");
                }
                segments.add(new Segment(greedy ? Kind.GREEDY : Kind.PARAM, name));
            } else {
                if (part.indexOf('{') >= 0 || part.indexOf('}') >= 0) {
                    throw new IllegalArgumentException("segment '" + part + "' mixes text and a parameter; use a whole segment like {id}");
                }
                String decoded = PercentCoding.decode(part);
                if (decoded == null || decoded.equals(".") || decoded.equals("..") || decoded.indexOf('/') >= 0) {
                    throw new IllegalArgumentException("segment '" + part + "' is not a valid path segment");
                }
                segments.add(new Segment(Kind.LITERAL, decoded));
            }
        }
        return new PathTemplate(text, segments);
    }

    /** The position of the named parameter among the segments, or -1. */
    public int indexOf(String parameter) {
        for (int i = 0; i < segments.size(); i++) {
            if (segments.get(i).kind() != Kind.LITERAL && segments.get(i).value().equals(parameter)) {
                return i;
            }
        }
        return -1;
    }

    /** The template with parameter names erased: two routes with the same shape would match the same requests. */
    public String shape() {
        StringBuilder out = new StringBuilder();
        for (Segment segment : segments) {
            out.append('/').append(switch (segment.kind()) {
                case LITERAL -> PercentCoding.encodeSegment(segment.value());
                case PARAM -> "{}";
                case GREEDY -> "{+}";
            });
        }
        return out.isEmpty() ? "/" : out.toString();
    }
}
