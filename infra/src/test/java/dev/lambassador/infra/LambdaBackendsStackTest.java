package dev.lambassador.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code -c lambdaBackendFunctions=...}: the router may invoke the functions that routes' {@code lambda}
 * backends may name, their versions and aliases, and no others; without the setting, none.
 */
class LambdaBackendsStackTest {

    private static List<Map<String, Object>> invokeStatements(Synthesized stack) {
        return stack.routerRoleStatements().stream()
                .filter(statement -> Synthesized.listOf(statement.get("Action")).contains("lambda:InvokeFunction"))
                .toList();
    }

    @Test
    void theRouterMayInvokeTheNamedFunctionsAndTheirAliasesOnly(@TempDir Path dir) {
        Synthesized stack = Synthesized.synth(dir, Synthesized.withJars(dir, Map.of(
                "lambdaBackendFunctions", "orders-*,payments,arn:aws:lambda:eu-west-1:210987654321:function:billing")),
                LambassadorApp::stack);

        List<Map<String, Object>> statements = invokeStatements(stack);

        assertThat(statements).singleElement().satisfies(statement -> {
            assertThat(statement).containsEntry("Effect", "Allow").containsEntry("Action", "lambda:InvokeFunction");
            List<Object> resources = Synthesized.listOf(statement.get("Resource"));
            assertThat(resources).hasSize(5);
            assertThat(resources.stream().map(Object::toString).toList())
                    .anySatisfy(arn -> assertThat(arn).contains(":function:orders-*").doesNotContain("orders-*:*"))
                    .anySatisfy(arn -> assertThat(arn).contains(":function:payments").doesNotContain("payments:*"))
                    .anySatisfy(arn -> assertThat(arn).contains(":function:payments:*"))
                    .contains("arn:aws:lambda:eu-west-1:210987654321:function:billing",
                            "arn:aws:lambda:eu-west-1:210987654321:function:billing:*");
        });
        assertThat(statements.toString()).doesNotContain("function:*\"").contains("AWS::AccountId").contains("AWS::Region");
        CfnLint.assertCleanCdkTemplate(stack.templateFile());
    }

    @Test
    void withoutTheSettingTheRouterMayInvokeNoFunction(@TempDir Path dir) {
        Synthesized stack = Synthesized.synth(dir, Synthesized.withJars(dir, Map.of()), LambassadorApp::stack);

        assertThat(stack.routerRoleStatements()).noneSatisfy(statement ->
                assertThat(statement.get("Action").toString()).contains("lambda:"));
    }

    @Test
    void anEntryThatNamesNoFunctionIsRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> LambassadorGatewayProps.builder()
                        .lambdaBackendFunctions(List.of("orders api")).build())
                .withMessageContaining("lambdaBackendFunctions entries must be a function name, a name prefix ending in *")
                .withMessageContaining("was orders api");
        assertThatIllegalArgumentException().isThrownBy(() -> LambassadorGatewayProps.builder()
                .lambdaBackendFunctions(List.of("arn:aws:s3:::bucket")).build());
        assertThat(LambassadorGatewayProps.builder().lambdaBackendFunctions(List.of("orders-*", "payments")).build()
                .lambdaBackendFunctions()).containsExactly("orders-*", "payments");
    }
}
