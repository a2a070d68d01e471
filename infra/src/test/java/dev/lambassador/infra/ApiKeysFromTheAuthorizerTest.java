package dev.lambassador.infra;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lambassador.core.settings.FunctionSettings;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cdk deploy -c apiKeyRequired=true -c apiKeySource=authorizer}: API Gateway meters the key the
 * authorizer returns, which is the caller's own Lambassador key, so the stack brings a plan to import those
 * keys into but no generated key.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiKeysFromTheAuthorizerTest {

    private Synthesized stack;

    @BeforeAll
    void synthesizeOnce(@TempDir Path workDir) {
        stack = Synthesized.synth(workDir, Synthesized.withJars(workDir, Map.of(
                "apiKeyRequired", "true",
                "apiKeySource", "authorizer")), LambassadorApp::stack);
    }

    @Test
    void methodsRequireAKeyThatTheAuthorizerSupplies() {
        stack.template().hasResourceProperties("AWS::ApiGateway::RestApi", Map.of("ApiKeySourceType", "AUTHORIZER"));
        assertThat(stack.resources("AWS::ApiGateway::Method").values())
                .extracting(Synthesized::properties)
                .hasSize(2)
                .allSatisfy(method -> assertThat(method).containsEntry("ApiKeyRequired", true)
                        .containsEntry("AuthorizationType", "CUSTOM"));
    }

    /** The key API Gateway meters is the Lambassador key the authorizer looked up and returned. */
    @Test
    void authorizerReadsLambassadorKeysFromTheHeader() {
        String tableId = stack.only("AWS::DynamoDB::Table").getKey();

        assertThat(stack.authorizerEnvironment()).containsEntry(FunctionSettings.API_KEYS_TABLE.name(), Map.of("Ref", tableId))
                .doesNotContainKey(FunctionSettings.API_KEY_HEADER.name());
        assertThat(stack.authorizerDynamoDbStatements()).singleElement()
                .satisfies(statement -> assertThat(statement).containsEntry("Action", "dynamodb:GetItem"));
    }

    @Test
    void theDefaultPlanComesWithoutAGeneratedKey() {
        stack.template().hasResourceProperties("AWS::ApiGateway::UsagePlan", Map.of(
                "UsagePlanName", "lambassador-prod-" + LambassadorGateway.DEFAULT_USAGE_PLAN_NAME));
        stack.template().resourceCountIs("AWS::ApiGateway::ApiKey", 0);
        stack.template().resourceCountIs("AWS::ApiGateway::UsagePlanKey", 0);
        assertThat(stack.template().findOutputs("ApiKeyId")).isEmpty();
    }

    @Test
    void synthesizedTemplatePassesCfnLint() {
        CfnLint.assertCleanCdkTemplate(stack.templateFile());
    }
}
