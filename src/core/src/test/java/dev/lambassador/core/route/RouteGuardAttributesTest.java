package dev.lambassador.core.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code allowFrom}, {@code denyFrom} and {@code maxBodyBytes} as route and API items carry them. */
class RouteGuardAttributesTest {

    private static Map<String, Object> item(Object... pairs) {
        Map<String, Object> item = new HashMap<>(Map.of("id", "orders", "path", "/orders/{id}", "backend", "http://orders:8080"));
        for (int i = 0; i < pairs.length; i += 2) {
            item.put((String) pairs[i], pairs[i + 1]);
        }
        return item;
    }

    @Test
    void listsAndLimitAreReadAndRoundTrip() {
        RouteDefinition definition = RouteDefinition.fromItem(item("allowFrom", List.of("10.0.0.0/8", "2001:db8::/32"),
                "denyFrom", Set.of("10.6.6.6"), "maxBodyBytes", new BigDecimal("1048576")), "item 1");

        assertThat(definition.allowFrom()).containsExactly("10.0.0.0/8", "2001:db8::/32");
        assertThat(definition.denyFrom()).containsExactly("10.6.6.6");
        assertThat(definition.maxBodyBytes()).isEqualTo(1_048_576);
        assertThat(RouteDefinition.fromItem(definition.toItem(), "again")).isEqualTo(definition);
        assertThat(Route.compile(definition).sourceIps().allowsAll()).isFalse();
    }

    @Test
    void absentListsAndLimitLeaveTheRouteOpenAndUnlimited() {
        RouteDefinition definition = RouteDefinition.fromItem(item(), "item 1");

        assertThat(definition.allowFrom()).isEmpty();
        assertThat(definition.denyFrom()).isEmpty();
        assertThat(definition.maxBodyBytes()).isZero();
        assertThat(definition.toItem()).doesNotContainKeys("allowFrom", "denyFrom", "maxBodyBytes");
        assertThat(Route.compile(definition).sourceIps().allowsAll()).isTrue();
    }

    @Test
    void aSingleStringIsAListOfOne() {
        assertThat(RouteDefinition.fromItem(item("denyFrom", "198.51.100.0/24"), "item 1").denyFrom()).containsExactly("198.51.100.0/24");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "allowFrom|10.0.0.1/8|allowFrom[0]: has address bits set after its /8 prefix: the block is 10.0.0.0/8",
            "denyFrom|2001:db8::1/32|denyFrom[0]: has address bits set after its /32 prefix: the block is 2001:db8::/32",
            "allowFrom|10.0.0.0/33|allowFrom[0]: must have a prefix length from 0 to 32",
            "denyFrom|2001:db8::/129|denyFrom[0]: must have a prefix length from 0 to 128",
            "allowFrom|office|allowFrom[0]: must be an IPv4 or IPv6 address or CIDR block, such as 203.0.113.0/24 or 2001:db8::/32, was 'office'",
            "denyFrom|10.0.0.0-10.0.0.255|denyFrom[0]: must be an IPv4 or IPv6 address or CIDR block",
    })
    void badBlockIsReportedByFieldAndIndex(String attribute, String value, String reason) {
        assertThatThrownBy(() -> RouteDefinition.fromItem(item(attribute, List.of(value)), "item 1"))
                .isInstanceOfSatisfying(InvalidRouteException.class, e -> {
                    assertThat(e.routeId()).isEqualTo("orders");
                    assertThat(e.reason()).contains(reason);
                });
    }

    @Test
    void everyBadBlockOfAnItemIsReportedInOnePass() {
        assertThatThrownBy(() -> RouteDefinition.fromItem(item("allowFrom", List.of("10.0.0.0/8", "10.0.0.1/8", "x"),
                "denyFrom", List.of("::1/200")), "item 1"))
                .isInstanceOfSatisfying(InvalidRouteException.class, e -> assertThat(e.reason())
                        .contains("allowFrom[1]: has address bits set", "allowFrom[2]: must be an IPv4 or IPv6 address",
                                "denyFrom[0]: must have a prefix length from 0 to 128")
                        .doesNotContain("allowFrom[0]"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "allowFrom|allowFrom: must name at least one address or block; leave it out to allow every address",
    })
    void emptyAllowListIsRefusedRatherThanRefusingEveryone(String attribute, String reason) {
        assertThatThrownBy(() -> RouteDefinition.fromItem(item(attribute, List.of()), "item 1")).hasMessageContaining(reason);
    }

    @Test
    void emptyDenyListDeniesNothing() {
        assertThat(RouteDefinition.fromItem(item("denyFrom", List.of()), "item 1").denyFrom()).isEmpty();
    }

    @Test
    void listsMustBeListsOfStrings() {
        assertThatThrownBy(() -> RouteDefinition.fromItem(item("allowFrom", Map.of("cidr", "10.0.0.0/8")), "item 1"))
                .hasMessageContaining("allowFrom: must be a list of strings (DynamoDB type L or SS), was map");
        assertThatThrownBy(() -> RouteDefinition.fromItem(item("denyFrom", List.of(10)), "item 1"))
                .hasMessageContaining("denyFrom[0]: must be a string, was number 10");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "0|maxBodyBytes: must be a whole number from 1 to 10485760, was 0",
            "-5|must be a whole number from 1 to 10485760, was -5",
            "10485761|must be a whole number from 1 to 10485760, was 10485761",
            "1.5|must be a whole number from 1 to 10485760, was 1.5",
    })
    void maxBodyBytesIsAWholeNumberUpToApiGatewaysQuota(String value, String reason) {
        assertThatThrownBy(() -> RouteDefinition.fromItem(item("maxBodyBytes", new BigDecimal(value)), "item 1"))
                .hasMessageContaining(reason);
    }

    @Test
    void maxBodyBytesThatIsNoFiniteNumberIsAProblemNotAFailedLoad() {
        assertThatThrownBy(() -> RouteDefinition.fromItem(item("maxBodyBytes", Double.NaN), "item 1"))
                .isInstanceOf(InvalidRouteException.class).hasMessageContaining("maxBodyBytes: must be a whole number from 1 to 10485760, was NaN");
        assertThatThrownBy(() -> RouteDefinition.fromItem(item("maxBodyBytes", Double.POSITIVE_INFINITY), "item 1"))
                .isInstanceOf(InvalidRouteException.class).hasMessageContaining("was Infinity");
    }

    @Test
    void maxBodyBytesMustBeANumber() {
        assertThatThrownBy(() -> RouteDefinition.fromItem(item("maxBodyBytes", "1MB"), "item 1"))
                .hasMessageContaining("maxBodyBytes: must be a number (DynamoDB type N), was string '1MB'");
    }

    @Test
    void limitsAtTheirBoundsAreTaken() {
        assertThat(RouteDefinition.fromItem(item("maxBodyBytes", 1), "item 1").maxBodyBytes()).isEqualTo(1);
        assertThat(RouteDefinition.fromItem(item("maxBodyBytes", 10_485_760), "item 1").maxBodyBytes()).isEqualTo(10_485_760);
    }

    @Test
    void misspeltAttributeIsRefusedWithTheKnownOne() {
        assertThatThrownBy(() -> RouteDefinition.fromItem(item("allowfrom", List.of("10.0.0.0/8")), "item 1"))
                .hasMessageContaining("allowfrom: is not a known attribute; did you mean 'allowFrom'?");
    }

    @Test
    void apiItemsTakeTheSameAttributesWithTheSameProblems() {
        RouteTable.Compiled compiled = RouteTable.compileItems(List.of(
                Map.of("kind", "api", "id", "shop", "basePath", "/shop", "defaultVersion", "v1",
                        "allowFrom", List.of("10.0.0.1/8"), "maxBodyBytes", 0),
                Map.of("kind", "version", "id", "shop:v1", "backend", "http://shop")));

        assertThat(compiled.rejected()).filteredOn(rejection -> rejection.kind().equals("api")).singleElement().satisfies(rejection -> {
            assertThat(rejection.reason()).contains("allowFrom[0]: has address bits set after its /8 prefix: the block is 10.0.0.0/8",
                    "maxBodyBytes: must be a whole number from 1 to 10485760, was 0");
        });
    }

    @Test
    void yamlFormOfTheDocsLoads(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path file = dir.resolve("routes.yaml");
        java.nio.file.Files.writeString(file, """
                routes:
                  - id: admin
                    path: /admin/{proxy+}
                    backend: http://admin.internal:8080
                    allowFrom: [203.0.113.0/24, 2001:db8:ab::/48]   # the office, IPv4 and IPv6
                    denyFrom: [203.0.113.66]                          # but not the kiosk
                    maxBodyBytes: 65536
                  - id: loopback
                    path: /local
                    backend: http://localhost:8080
                    allowFrom: [127.0.0.0/8, "::1", "::ffff:10.0.0.0/104"]
                """);

        RouteTable.Compiled compiled = RouteTable.compileItems(YamlRouteSource.file(file, Map.of()).load());

        assertThat(compiled.rejected()).isEmpty();
        RouteDefinition admin = RouteDefinition.fromItem(YamlRouteSource.file(file, Map.of()).load().getFirst(), "item 1");
        assertThat(admin.allowFrom()).containsExactly("203.0.113.0/24", "2001:db8:ab::/48");
        assertThat(admin.denyFrom()).containsExactly("203.0.113.66");
        assertThat(admin.maxBodyBytes()).isEqualTo(65536);
    }

    @Test
    void definitionRefusesALimitBeyondApiGatewaysQuota() {
        assertThatThrownBy(() -> new RouteDefinition("r", "/x", Set.of(), "", List.of(), List.of(), "http://x", null, true, null, Set.of(),
                "", Map.of(), null, false, List.of(), List.of(), RouteDefinition.MAX_BODY_BYTES + 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxBodyBytes must be from 0 to 10485760");
    }
}
