package dev.lambassador.core.transform;

import dev.lambassador.core.Exchange;
import dev.lambassador.core.GatewayRequest;
import dev.lambassador.core.auth.Caller;
import dev.lambassador.core.route.PercentCoding;
import dev.lambassador.core.route.RouteMatch;
import dev.lambassador.core.version.ApiVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A value with variables, compiled once: {@code tenant-${header.x-tenant}}. The variables are
 * {@code ${path.NAME}}, {@code ${query.NAME}}, {@code ${header.NAME}}, {@code ${caller.subject}},
 * {@code ${caller.consumer}}, {@code ${caller.scopes}}, {@code ${caller.issuer}}, {@code ${caller.plan}},
 * {@code ${requestId}}, {@code ${api}} and {@code ${version}}; {@code $$} is a literal {@code $}.
 * A variable naming something the request does not have makes the whole value absent
 * ({@link #render} answers null), so that a header is omitted rather than sent half-filled.
 */
public final class Template {

    static final String VARIABLES = "path.NAME, query.NAME, header.NAME, caller.subject, caller.consumer, caller.scopes, "
            + "caller.issuer, caller.plan, requestId, api, version";
    private static final Set<String> CALLER_FIELDS = Set.of("subject", "consumer", "scopes", "issuer", "plan");

    private enum Kind { LITERAL, PATH, QUERY, HEADER, CALLER, REQUEST_ID, API, VERSION }

    private record Part(Kind kind, String text) {
    }

    private final String source;
    private final Part[] parts;

    private Template(String source, List<Part> parts) {
        this.source = source;
        this.parts = parts.toArray(new Part[0]);
    }

    /** @throws IllegalArgumentException naming the variable that is unknown or the {@code ${} that is not closed */
    public static Template parse(String source) {
        List<Part> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < source.length()) {
            char c = source.charAt(i);
            if (c == '$' && i + 1 < source.length() && source.charAt(i + 1) == '$') {
                literal.append('$');
                i += 2;
            } else if (c == '$' && i + 1 < source.length() && source.charAt(i + 1) == '{') {
                int end = source.indexOf('}', i + 2);
                if (end < 0) {
                    throw new IllegalArgumentException("'${' at " + i + " is not closed with '}'");
                }
                if (!literal.isEmpty()) {
                    parts.add(new Part(Kind.LITERAL, literal.toString()));
                    literal.setLength(0);
                }
                parts.add(variable(source.substring(i + 2, end)));
                i = end + 1;
            } else {
                literal.append(c);
                i++;
            }
        }
        if (!literal.isEmpty()) {
            parts.add(new Part(Kind.LITERAL, literal.toString()));
        }
        return new Template(source, parts);
    }

    private static Part variable(String name) {
        int dot = name.indexOf('.');
        String kind = dot < 0 ? name : name.substring(0, dot);
        String rest = dot < 0 ? "" : name.substring(dot + 1);
        Part part = switch (kind) {
            case "path" -> rest.isEmpty() ? null : new Part(Kind.PATH, rest);
            case "query" -> rest.isEmpty() ? null : new Part(Kind.QUERY, rest);
            case "header" -> rest.isEmpty() ? null : new Part(Kind.HEADER, rest);
            case "caller" -> CALLER_FIELDS.contains(rest) ? new Part(Kind.CALLER, rest) : null;
            case "requestId" -> rest.isEmpty() ? new Part(Kind.REQUEST_ID, "") : null;
            case "api" -> rest.isEmpty() ? new Part(Kind.API, "") : null;
            case "version" -> rest.isEmpty() ? new Part(Kind.VERSION, "") : null;
            default -> null;
        };
        if (part == null) {
            throw new IllegalArgumentException("unknown variable ${" + name + "}; use one of " + VARIABLES);
        }
        return part;
    }

    /** Whether the value is the same for every request. */
    public boolean isConstant() {
        for (Part part : parts) {
            if (part.kind() != Kind.LITERAL) {
                return false;
            }
        }
        return true;
    }

    /** The value for this request, or null when a variable names something the request does not have. */
    public String render(GatewayRequest request, Exchange exchange) {
        if (parts.length == 1 && parts[0].kind() == Kind.LITERAL) {
            return parts[0].text();
        }
        StringBuilder out = new StringBuilder(source.length() + 16);
        for (Part part : parts) {
            String value = value(part, request, exchange);
            if (value == null) {
                return null;
            }
            out.append(value);
        }
        return out.toString();
    }

    /**
     * The value as a path for this request: variables are percent-encoded as path segments (a path
     * parameter's own slashes, from a greedy parameter, are kept; any other slash is encoded, so a
     * header or query value can never add segments), or null when one is absent.
     */
    public String renderPath(GatewayRequest request, Exchange exchange) {
        StringBuilder out = new StringBuilder(source.length() + 16);
        for (Part part : parts) {
            String value = value(part, request, exchange);
            if (value == null) {
                return null;
            }
            if (part.kind() == Kind.LITERAL) {
                out.append(value);
            } else if (part.kind() == Kind.PATH) {
                String[] segments = value.split("/", -1);
                for (int i = 0; i < segments.length; i++) {
                    out.append(i == 0 ? "" : "/").append(PercentCoding.encodeSegment(segments[i]));
                }
            } else {
                out.append(PercentCoding.encodeSegment(value));
            }
        }
        return out.toString();
    }

    private static String value(Part part, GatewayRequest request, Exchange exchange) {
        return switch (part.kind()) {
            case LITERAL -> part.text();
            case PATH -> exchange.match().map(RouteMatch::pathParameters).map(parameters -> parameters.get(part.text())).orElse(null);
            case QUERY -> {
                List<String> values = request.query().get(part.text());
                yield values == null || values.isEmpty() ? null : values.getFirst();
            }
            case HEADER -> request.headers().first(part.text()).orElse(null);
            case CALLER -> nonEmpty(caller(exchange.caller(), part.text()));
            case REQUEST_ID -> nonEmpty(exchange.requestId());
            case API -> exchange.get(ApiVersion.SELECTED).map(ApiVersion::api).orElse(null);
            case VERSION -> exchange.get(ApiVersion.SELECTED).map(ApiVersion::version).orElse(null);
        };
    }

    private static String caller(Caller caller, String field) {
        return switch (field) {
            case "subject" -> caller.subject();
            case "consumer" -> caller.consumer();
            case "scopes" -> String.join(" ", caller.scopes());
            case "issuer" -> caller.issuer();
            case "plan" -> caller.plan();
            default -> throw new IllegalStateException("caller." + field.toLowerCase(Locale.ROOT));
        };
    }

    private static String nonEmpty(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    @Override
    public String toString() {
        return source;
    }
}
