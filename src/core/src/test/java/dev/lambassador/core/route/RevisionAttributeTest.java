package dev.lambassador.core.route;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lambassador.core.store.TableSchema;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every kind of item the router reads may carry the revision the CLI writes; nothing else new is accepted. */
class RevisionAttributeTest {

    private static Map<String, Object> with(Map<String, Object> item, Object revision) {
        Map<String, Object> copy = new LinkedHashMap<>(item);
        copy.put(TableSchema.REVISION, revision);
        return copy;
    }

    private static final Map<String, Object> ROUTE = Map.of("kind", "route", "id", "orders", "path", "/orders",
            "backend", "http://orders.internal");
    private static final Map<String, Object> API = Map.of("kind", "api", "id", "shop", "basePath", "/shop", "defaultVersion", "v1");
    private static final Map<String, Object> VERSION = Map.of("kind", "version", "id", "shop:v1", "status", "current",
            "backend", "http://shop.internal");

    @Test
    void routesApisAndVersionsWithARevisionLoad() {
        RouteTable.Compiled compiled = RouteTable.compileItems(List.of(with(ROUTE, new BigDecimal(7)), with(API, 3), with(VERSION, 0L)));

        assertThat(compiled.rejected()).isEmpty();
        assertThat(compiled.table().routes()).extracting(route -> route.definition().id()).contains("orders");
    }

    @ParameterizedTest
    @ValueSource(strings = {"route", "api", "version"})
    void aRevisionThatIsNotAWholeNumberOfZeroOrMoreIsNamed(String kind) {
        Map<String, Object> item = switch (kind) {
            case "route" -> ROUTE;
            case "api" -> API;
            default -> VERSION;
        };
        for (Object bad : List.of(-1, new BigDecimal("1.5"), "3")) {
            List<RouteTable.Rejection> rejected = RouteTable.compileItems(List.of(with(item, bad), with(API, 1), with(VERSION, 1)))
                    .rejected().stream().filter(rejection -> rejection.kind().equals(kind)).toList();
            assertThat(rejected).as(kind + " " + bad).singleElement()
                    .satisfies(r -> assertThat(r.reason()).contains("revision: must be a whole number of 0 or more"));
        }
    }

    @Test
    void aMisspeltRevisionIsStillRefused() {
        Map<String, Object> item = new LinkedHashMap<>(ROUTE);
        item.put("revison", 1);

        assertThat(RouteTable.compileItems(List.of(item)).rejected()).singleElement()
                .satisfies(r -> assertThat(r.reason()).contains("revison: is not a known attribute; did you mean 'revision'?"));
    }
}
