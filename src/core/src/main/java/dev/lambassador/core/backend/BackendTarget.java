package dev.lambassador.core.backend;

import dev.lambassador.core.GatewayException;
import dev.lambassador.core.route.PathTemplate;
import dev.lambassador.core.route.PercentCoding;
import dev.lambassador.core.route.QueryString;
import dev.lambassador.core.route.RequestPath;
import dev.lambassador.core.route.RouteMatch;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A route's backend URL, compiled once. A backend URL without a path forwards the request's path
 * as it is: {@code http://orders:8080} behind {@code /orders/{id}} receives {@code /orders/42}.
 * A backend URL with a path is used as written, its placeholders such as {@code {id}} or
 * {@code {proxy}} filled with the matched path parameters: {@code http://orders:8080/v2/orders/{id}}.
 * The client's query string follows the backend URL's own, less any parameter the backend URL
 * sets: those are the route's to decide, not the caller's.
 */
public final class BackendTarget {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]*)\\+?}");

    private final String origin;
    /** The URL's host as the URI gives it, IPv6 literals in brackets. */
    private final String host;
    private final String query;
    /** Decoded names of the backend URL's own query parameters: a client cannot add values to them. */
    private final Set<String> fixedParameters;
    /** Alternating literal text and template segment indexes (Integer); empty to forward the request's path. */
    private final List<Object> pathParts;
    private final PathTemplate template;

    private BackendTarget(String origin, String host, String query, List<Object> pathParts, PathTemplate template) {
        this.origin = origin;
        this.host = host;
        this.query = query;
        this.fixedParameters = QueryString.parse(query).keySet();
        this.pathParts = pathParts;
        this.template = template;
    }

    static BackendTarget compile(String backend, PathTemplate template) {
        if (backend.indexOf('#') >= 0) {
            throw new IllegalArgumentException("backend must not have a fragment ('#'), was '" + backend + "'");
        }
        URI uri;
        try {
            uri = URI.create(PLACEHOLDER.matcher(backend).replaceAll("p"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("backend is not a valid URL: '" + backend + "'");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("backend must be an http:// or https:// URL, was '" + backend + "'");
        }
        if (uri.getHost() == null || uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("backend must name a host and carry no user info, was '" + backend + "'");
        }
        int pathStart = backend.indexOf('/', scheme.length() + 3);
        int queryStart = backend.indexOf('?');
        if (pathStart < 0 || queryStart >= 0 && queryStart < pathStart) {
            pathStart = queryStart < 0 ? backend.length() : queryStart;
        }
        String origin = backend.substring(0, pathStart);
        String path = backend.substring(pathStart, queryStart < 0 ? backend.length() : queryStart);
        String query = queryStart < 0 ? "" : backend.substring(queryStart + 1);
        if (PLACEHOLDER.matcher(origin).find() || PLACEHOLDER.matcher(query).find()) {
            throw new IllegalArgumentException("backend placeholders may only stand in the URL's path, was '" + backend + "'");
        }
        List<Object> parts = new ArrayList<>();
        Matcher matcher = PLACEHOLDER.matcher(path);
        int last = 0;
        while (matcher.find()) {
            String name = matcher.group(1);
            int index = template.indexOf(name);
            if (index < 0) {
                throw new IllegalArgumentException("backend uses {" + name + "} but the path " + template.text() + " has no such parameter");
            }
            parts.add(path.substring(last, matcher.start()));
            parts.add(index);
            last = matcher.end();
        }
        parts.add(path.substring(last));
        return new BackendTarget(origin, uri.getHost(), query, path.isEmpty() ? List.of() : List.copyOf(parts), template);
    }

    /** The URL's host, IPv6 literals in brackets ({@code [::1]}). */
    String host() {
        return host;
    }

    /**
     * The URL to call.
     *
     * @param match         the route and the path it matched, whose parameters fill the URL's placeholders
     * @param forwardedPath the path as the route's filters left it, forwarded when the URL has no path
     * @param rawQuery      the query as the route's filters left it
     */
    URI resolve(RouteMatch match, RequestPath forwardedPath, String rawQuery) {
        StringBuilder url = new StringBuilder(origin.length() + 64).append(origin);
        if (pathParts.isEmpty()) {
            url.append(forwardedPath);
        } else {
            RequestPath requestPath = match.path();
            List<String> segments = requestPath.segments();
            for (Object part : pathParts) {
                if (part instanceof Integer index) {
                    PathTemplate.Segment segment = template.segments().get(index);
                    if (segment.kind() == PathTemplate.Kind.GREEDY) {
                        for (int i = index; i < segments.size(); i++) {
                            url.append(i > index ? "/" : "").append(PercentCoding.encodeSegment(segments.get(i)));
                        }
                        url.append(requestPath.trailingSlash() ? "/" : "");
                    } else {
                        url.append(PercentCoding.encodeSegment(segments.get(index)));
                    }
                } else {
                    url.append((String) part);
                }
            }
        }
        String clientQuery = withoutFixedParameters(rawQuery);
        String mergedQuery = query.isEmpty() ? clientQuery : clientQuery.isEmpty() ? query : query + "&" + clientQuery;
        if (!mergedQuery.isEmpty()) {
            url.append('?').append(PercentCoding.escapeQuery(mergedQuery));
        }
        try {
            return URI.create(url.toString());
        } catch (IllegalArgumentException e) {
            throw GatewayException.badRequest("query string is not valid");
        }
    }

    private String withoutFixedParameters(String rawQuery) {
        if (fixedParameters.isEmpty() || rawQuery.isEmpty()) {
            return rawQuery;
        }
        StringBuilder kept = new StringBuilder(rawQuery.length());
        for (String pair : rawQuery.split("&")) {
            int equals = pair.indexOf('=');
            String name = QueryString.decodeComponent(equals < 0 ? pair : pair.substring(0, equals));
            if (!pair.isEmpty() && !fixedParameters.contains(name)) {
                kept.append(kept.isEmpty() ? "" : "&").append(pair);
            }
        }
        return kept.toString();
    }
}
