package dev.lambassador.core.transform;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class QueryEditTest {

    @Test
    void renamingAnAbsentParameterLeavesTheOneOfTheNewNameInPlace() {
        assertThat(new QueryEdit("a=1&b=2").rename("c", "b").raw()).isEqualTo("a=1&b=2");
    }

    @Test
    void renamingAParameterReplacesTheOneOfTheNewName() {
        assertThat(new QueryEdit("a=1&b=2&a").rename("a", "b").raw()).isEqualTo("b=1&b");
    }
}
