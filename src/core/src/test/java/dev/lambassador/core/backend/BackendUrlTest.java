package dev.lambassador.core.backend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lambassador.core.route.RequestPath;
import dev.lambassador.core.route.Route;
import dev.lambassador.core.route.RouteDefinition;
import dev.lambassador.core.route.RouteMatch;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BackendUrlTest {

    @ParameterizedTest(name = "{0} + {1} {2}?{3} -> {4}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            // backend without a path: the request's path is forwarded as it is
            "/orders/{id}|http://orders:8080|/orders/42||http://orders:8080/orders/42",
            "/|http://home|/||http://home/",
            "/dir/{name}|http://files|/dir/x/||http://files/dir/x/",
            // backend with a path: used as written
            "/orders/{id}|http://orders:8080/api/|/orders/42||http://orders:8080/api/",
            "/health|http://home/status/ok|/health||http://home/status/ok",
            // placeholders take path parameters, re-encoded
            "/orders/{id}|http://orders/v2/orders/{id}/detail|/orders/a%20b||http://orders/v2/orders/a%20b/detail",
            "/files/{path+}|https://cdn/static/{path}|/files/css/site.css||https://cdn/static/css/site.css",
            "/files/{path+}|https://cdn/static/{path+}|/files/dir/||https://cdn/static/dir/",
            "/u/{id}|http://b/{id}|/u/%C3%A9%3F||http://b/%C3%A9%3F",
            // query strings are kept, the backend's own first
            "/search|http://b|/search|q=a+b&x=%2F|http://b/search?q=a+b&x=%2F",
            "/search|http://b/find?api=2|/search|q=1|http://b/find?api=2&q=1",
            "/search|http://b|/search|q=a b^c|http://b/search?q=a%20b%5Ec",
            // the backend's own parameters cannot be added to by the client
            "/search|http://b/find?role=user&api=2|/search|role=admin&q=1&r%6Fle=x|http://b/find?role=user&api=2&q=1",
            "/search|http://b|/search|x=100%|http://b/search?x=100%25"})
    void requestMapsToBackendUrl(String template, String backend, String path, String query, String expected) {
        Route route = Route.compile(new RouteDefinition("r", template, Set.of("ANY"), "", backend, Duration.ofSeconds(1), true));
        RequestPath requestPath = RequestPath.parse(path);

        assertThat(((HttpBackend) route.backend()).target().resolve(new RouteMatch(route, requestPath), requestPath,
                query == null ? "" : query)).hasToString(expected);
    }
}
