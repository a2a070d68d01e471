package dev.lambassador.core.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lambassador.core.auth.RouteAuth;
import dev.lambassador.core.backend.HttpForwarder;
import dev.lambassador.core.route.RefreshingRouteTable;
import java.time.Duration;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class FunctionSettingsTest {

    @Test
    void unsetOrBlankVariableTakesTheDefault() {
        assertThat(FunctionSettings.ROUTES_TTL_SECONDS.read(Map.of())).isEqualTo(Duration.ofSeconds(2));
        assertThat(FunctionSettings.ROUTES_TTL_SECONDS.read(Map.of("ROUTES_TTL_SECONDS", " "))).isEqualTo(Duration.ofSeconds(2));
        assertThat(FunctionSettings.ROUTES_TABLE.read(Map.of())).isEmpty();
        assertThat(FunctionSettings.JWT_ISSUERS.read(Map.of())).isEmpty();
    }

    @Test
    void valueIsReadStripped() {
        assertThat(FunctionSettings.BACKEND_CONNECT_TIMEOUT_MS.read(Map.of("BACKEND_CONNECT_TIMEOUT_MS", " 250 ")))
                .isEqualTo(Duration.ofMillis(250));
        assertThat(FunctionSettings.ROUTES_TABLE.read(Map.of("ROUTES_TABLE", "routes "))).isEqualTo("routes");
    }

    @Test
    void numberThatIsNotOneOrTooSmallIsRefusedNamingTheVariable() {
        assertThatThrownBy(() -> FunctionSettings.ROUTES_TTL_SECONDS.read(Map.of("ROUTES_TTL_SECONDS", "soon")))
                .hasMessage("ROUTES_TTL_SECONDS must be a whole number of seconds, at least 0, was 'soon'");
        assertThatThrownBy(() -> FunctionSettings.JWKS_TTL_SECONDS.read(Map.of("JWKS_TTL_SECONDS", "0")))
                .hasMessage("JWKS_TTL_SECONDS must be a whole number of seconds, at least 1, was '0'");
        assertThatThrownBy(() -> FunctionSettings.BACKEND_CONNECT_TIMEOUT_MS.read(Map.of("BACKEND_CONNECT_TIMEOUT_MS", "1.5")))
                .hasMessage("BACKEND_CONNECT_TIMEOUT_MS must be a whole number of milliseconds, at least 1, was '1.5'");
    }

    @Test
    void choiceIsSpeltExactlyAsItsValuesAre() {
        assertThat(FunctionSettings.DEFAULT_ROUTE_AUTH.read(Map.of("DEFAULT_ROUTE_AUTH", "apiKey"))).isEqualTo(RouteAuth.API_KEY);
        assertThatThrownBy(() -> FunctionSettings.DEFAULT_ROUTE_AUTH.read(Map.of("DEFAULT_ROUTE_AUTH", "APIKEY")))
                .hasMessage("DEFAULT_ROUTE_AUTH must be one of none, jwt, apiKey, any, was 'APIKEY'");
    }

    @Test
    void booleanAndApiKeyHeaderIgnoreCase() {
        assertThat(FunctionSettings.ANONYMOUS_ACCESS.read(Map.of("ANONYMOUS_ACCESS", "FALSE"))).isFalse();
        assertThat(FunctionSettings.API_KEY_HEADER.read(Map.of("API_KEY_HEADER", "X-Api-Key"))).isEqualTo("x-api-key");
        assertThatThrownBy(() -> FunctionSettings.ANONYMOUS_ACCESS.read(Map.of("ANONYMOUS_ACCESS", "no")))
                .hasMessage("ANONYMOUS_ACCESS must be true or false, was 'no'");
    }

    @Test
    void listLeavesOutEmptyEntries() {
        assertThat(FunctionSettings.JWT_AUDIENCES.read(Map.of("JWT_AUDIENCES", " a,, b ,"))).containsExactly("a", "b");
    }

    @Test
    void defaultIsWrittenAsAnEnvironmentWouldSpellIt() {
        assertThat(FunctionSettings.ROUTES_TTL_SECONDS.defaultText()).isEqualTo("2");
        assertThat(FunctionSettings.BACKEND_CONNECT_TIMEOUT_MS.defaultText()).isEqualTo("3000");
        assertThat(FunctionSettings.DEFAULT_ROUTE_AUTH.defaultText()).isEqualTo("any");
        assertThat(FunctionSettings.ANONYMOUS_ACCESS.defaultText()).isEqualTo("true");
        assertThat(FunctionSettings.API_KEYS_TABLE.defaultText()).isEmpty();
    }

    /** Until the route table and the forwarder take their defaults from here, they must agree with it. */
    @Test
    void routerDefaultsAreThoseOfTheLibrary() {
        assertThat(FunctionSettings.ROUTES_TTL_SECONDS.defaultValue()).isEqualTo(RefreshingRouteTable.DEFAULT_TTL);
        assertThat(FunctionSettings.ROUTES_MAX_AGE_SECONDS.defaultValue()).isEqualTo(RefreshingRouteTable.DEFAULT_MAX_AGE);
        assertThat(FunctionSettings.BACKEND_CONNECT_TIMEOUT_MS.defaultValue()).isEqualTo(HttpForwarder.DEFAULT_CONNECT_TIMEOUT);
    }

    @Test
    void everySettingHasItsOwnNameAndADescription() {
        Set<Setting<?>> settings = Stream.concat(FunctionSettings.ROUTER.stream(), FunctionSettings.AUTHORIZER.stream())
                .collect(Collectors.toCollection(() -> Collections.newSetFromMap(new IdentityHashMap<>())));
        assertThat(settings).extracting(Setting::name).doesNotHaveDuplicates();
        assertThat(settings).allSatisfy(setting -> assertThat(setting.description()).isNotBlank());
    }

    @Test
    void defaultThatIsNotOfItsTypeFailsAtOnce() {
        assertThatThrownBy(() -> Setting.choice("COLOUR", List.of("red", "blue"), colour -> colour, "green", "a colour"))
                .hasMessageContaining("COLOUR").hasMessageContaining("green");
    }
}
