package dev.lambassador.core.route;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lambassador.core.filter.Filter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RouteChainTest {

    private static final Filter AUTH = (request, chain) -> chain.proceed(request);
    private static final Filter OTHER_AUTH = (request, chain) -> chain.proceed(request);
    private static final Filter DISPATCH = (request, chain) -> null;
    private static final Filter OTHER_DISPATCH = (request, chain) -> null;

    private static Route route() {
        return RouteTable.compileItems(List.of(Map.of("id", "r", "path", "/r", "backend", "http://b",
                "filters", List.of(Map.of("name", "setRequestHeader", "args", Map.of("name", "X-A", "value", "1")),
                        Map.of("name", "removeRequestHeader", "args", Map.of("name", "X-B")))))).table().routes().getFirst();
    }

    @Test
    void theGatewaysFiltersThenTheRoutesThenTheLastOneMadeOnceForTheSameGateway() {
        Route route = route();
        List<Filter> before = List.of(AUTH);

        List<Filter> chain = route.chain(before, DISPATCH);

        assertThat(chain).containsExactly(AUTH, route.filters().get(0), route.filters().get(1), DISPATCH);
        assertThat(route.chain(before, DISPATCH)).isSameAs(chain);
    }

    @Test
    void anotherGatewaysFiltersOrLastFilterMakeTheChainAgain() {
        Route route = route();
        List<Filter> before = List.of(AUTH);
        List<Filter> otherBefore = List.of(OTHER_AUTH);

        assertThat(route.chain(before, DISPATCH)).first().isSameAs(AUTH);
        assertThat(route.chain(otherBefore, DISPATCH)).first().isSameAs(OTHER_AUTH);
        assertThat(route.chain(otherBefore, OTHER_DISPATCH)).last().isSameAs(OTHER_DISPATCH);
        assertThat(route.chain(before, DISPATCH)).containsExactly(AUTH, route.filters().get(0), route.filters().get(1), DISPATCH);
        assertThat(route.chain(List.of(), DISPATCH)).containsExactly(route.filters().get(0), route.filters().get(1), DISPATCH);
    }
}
