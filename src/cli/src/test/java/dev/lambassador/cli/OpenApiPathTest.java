package dev.lambassador.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OpenApiPathTest {

    @Test
    void aGreedyParameterIsNamedWithoutItsPlus() {
        assertThat(OpenApi.openApiPath("/files/{proxy+}")).isEqualTo("/files/{proxy}");
        assertThat(OpenApi.openApiPath("/orders/{id}/items/{item}")).isEqualTo("/orders/{id}/items/{item}");
        assertThat(OpenApi.openApiPath("/")).isEqualTo("/");
    }
}
