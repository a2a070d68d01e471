package dev.lambassador.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.assertions.Match;

/**
 * What survives a {@code cdk destroy} follows the stage: deletion protection decides whether the table
 * refuses deletion, never whether a shared stage's routes go with the stack.
 */
class StageProtectionTest {

    @Test
    void sharedStageKeepsItsTableWithDeletionProtectionOff(@TempDir Path workDir) {
        Synthesized stack = synth(workDir, "staging", "false");

        stack.template().hasResource("AWS::DynamoDB::Table", Map.of(
                "Properties", Match.objectLike(Map.of("DeletionProtectionEnabled", false)),
                "DeletionPolicy", "Retain",
                "UpdateReplacePolicy", "Retain"));
        assertThat(stack.stack().getTerminationProtection()).isTrue();
    }

    @Test
    void developmentStageWithDeletionProtectionKeepsItsTableButNotTheStack(@TempDir Path workDir) {
        Synthesized stack = synth(workDir, "dev", "true");

        // Delete would fail on a protected table and leave the stack half deleted.
        stack.template().hasResource("AWS::DynamoDB::Table", Map.of(
                "Properties", Match.objectLike(Map.of("DeletionProtectionEnabled", true)),
                "DeletionPolicy", "Retain"));
        assertThat(stack.stack().getTerminationProtection()).isFalse();
    }

    private static Synthesized synth(Path workDir, String stage, String deletionProtection) {
        return Synthesized.synth(workDir, Synthesized.withJars(workDir, Map.of(
                "stage", stage,
                "deletionProtection", deletionProtection)), LambassadorApp::stack);
    }
}
