package dev.lambassador.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Reading cfn-lint's findings must fail rather than report a template clean by mistake. */
class CfnLintTest {

    @Test
    void findingsAreReadFromTheDefaultOutput() {
        CfnLint.Result result = new CfnLint.Result(4,
                "W3005 'Role' dependency already enforced by a 'GetAtt' at 'Resources/Fn/Properties/Role'\nt.json:168:5\n");

        assertThat(result.rules()).containsExactly("W3005");
        assertThat(result.hasErrors()).isFalse();
    }

    @Test
    void aCleanRunHasNoFindings() {
        assertThat(new CfnLint.Result(0, "").rules()).isEmpty();
    }

    @Test
    void anExitCodeWithFindingsButNoReadableFindingFails() {
        CfnLint.Result result = new CfnLint.Result(6, "{\"findings\": \"in a format this reader does not know\"}");

        assertThatThrownBy(result::rules).isInstanceOf(AssertionError.class).hasMessageContaining("exited with 6");
    }

    @Test
    void cfnLintFailingItselfCountsAsAnError() {
        assertThat(new CfnLint.Result(1, "Traceback (most recent call last): ...").hasErrors()).isTrue();
    }
}
