package dev.lambassador.core.apigw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PayloadVersionTest {

    @Test
    void onlyAVersionFieldOfTwoPointZeroMakesAnHttpApiEvent() {
        assertThat(PayloadVersion.of(Map.of("version", "2.0"))).isEqualTo(PayloadVersion.V2);
        assertThat(PayloadVersion.of(Map.of("version", "1.0"))).isEqualTo(PayloadVersion.V1);
        assertThat(PayloadVersion.of(Map.of("httpMethod", "GET"))).isEqualTo(PayloadVersion.V1);
        assertThat(PayloadVersion.of(Map.of("version", 2.0))).isEqualTo(PayloadVersion.V1);
    }

    @ParameterizedTest
    @CsvSource({"v1, V1", "1, V1", "1.0, V1", "REST, V1", "v2, V2", "2, V2", "2.0, V2", " http , V2"})
    void aPersonMayNameAVersionSeveralWays(String text, PayloadVersion version) {
        assertThat(PayloadVersion.parse(text, "--payload")).isEqualTo(version);
    }

    @Test
    void anUnknownVersionIsRefusedNamingTheSetting() {
        assertThatThrownBy(() -> PayloadVersion.parse("v3", "--payload"))
                .hasMessage("--payload must be v1 (REST API) or v2 (HTTP API), was 'v3'");
    }

    @Test
    void describesItselfByApiAndVersion() {
        assertThat(PayloadVersion.V1.describe()).isEqualTo("REST API payload v1");
        assertThat(PayloadVersion.V2.describe()).isEqualTo("HTTP API payload v2");
        assertThat(PayloadVersion.V2.value()).isEqualTo("2.0");
    }
}
