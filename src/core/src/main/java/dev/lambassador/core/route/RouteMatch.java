package dev.lambassador.core.route;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The route a request matched, with the request's parsed path. */
public record RouteMatch(Route route, RequestPath path) {

    /** Decoded path parameters by name; a greedy parameter's segments are joined with '/'. */
    public Map<String, String> pathParameters() {
        Map<String, String> parameters = new LinkedHashMap<>();
        List<PathTemplate.Segment> segments = route.template().segments();
        List<String> values = path.segments();
        for (int i = 0; i < segments.size(); i++) {
            PathTemplate.Segment segment = segments.get(i);
            switch (segment.kind()) {
                case PARAM -> parameters.put(segment.value(), values.get(i));
                case GREEDY -> parameters.put(segment.value(), String.join("/", values.subList(i, values.size())));
                case LITERAL -> { }
            }
        }
        return parameters;
    }
}
