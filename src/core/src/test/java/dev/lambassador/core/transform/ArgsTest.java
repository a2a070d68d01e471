package dev.lambassador.core.transform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lambassador.core.route.Problems;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The argument readers the transform filters share answer null for what they refuse, with the
 * problem recorded, so that no filter is ever built from a refused value.
 */
class ArgsTest {

    private final Problems problems = new Problems();

    @Test
    void aMissingHeaderNameIsNoName() {
        assertThat(Args.headerName(Map.of(), "name", problems)).isNull();
        assertThat(problems.all()).hasSize(1);
    }

    @Test
    void aHeaderNameThatIsNotATokenIsNoName() {
        assertThat(Args.headerName(Map.of("name", "X Tenant"), "name", problems)).isNull();
        assertThat(problems.all()).hasSize(1);
    }

    @Test
    void hostIsNoHeaderNameForAFilter() {
        assertThat(Args.headerName(Map.of("name", "host"), "name", problems)).isNull();
        assertThat(problems.all()).hasSize(1);
    }

    @Test
    void aGatewayHeaderIsNoNameToSet() {
        assertThat(Args.settableHeaderName(Map.of("name", "X-Consumer-Id"), "name", problems)).isNull();
        assertThat(problems.all()).hasSize(1);
    }

    @Test
    void aParameterNameWithAControlCharacterIsNoName() {
        assertThat(Args.parameterName(Map.of("name", "a\u0000b"), "name", problems)).isNull();
        assertThat(problems.all()).hasSize(1);
    }

    @Test
    void theFirstControlCharacterIsFoundWhereItIs() {
        assertThat(Args.controlCharacter("a\tb\r\n")).isEqualTo(3);
        assertThat(Args.controlCharacter("tab\tonly")).isEqualTo(-1);
        assertThat(Args.controlCharacter("del\u007f")).isEqualTo(3);
    }
}
