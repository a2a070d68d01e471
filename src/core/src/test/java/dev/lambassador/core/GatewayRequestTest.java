package dev.lambassador.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GatewayRequestTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "api.example.com:8443|api.example.com",
            "api.example.com|api.example.com",
            "a:1|a",
            "[::1]:8080|[::1]",
            "[::1]|[::1]",
            ":8080|:8080"})
    void theHostIsReadWithoutItsPort(String host, String withoutPort) {
        assertThat(GatewayRequest.withoutPort(host)).isEqualTo(withoutPort);
    }
}
