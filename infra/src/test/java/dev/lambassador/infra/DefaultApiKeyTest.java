package dev.lambassador.infra;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lambassador.core.settings.FunctionSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.assertions.Match;

/**
 * {@code cdk deploy -c apiKeyRequired=true} on its own: methods that require a key answer 403 until a
 * key in a usage plan exists, so the stack brings one of each.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DefaultApiKeyTest {

    private Synthesized stack;

    @BeforeAll
    void synthesizeOnce(@TempDir Path workDir) {
        stack = Synthesized.synth(workDir, Synthesized.withJars(workDir, Map.of("apiKeyRequired", "true")), LambassadorApp::stack);
    }

    @Test
    void methodsRequireAKeyFromTheHeader() {
        stack.template().hasResourceProperties("AWS::ApiGateway::RestApi", Map.of("ApiKeySourceType", "HEADER"));
        assertThat(stack.resources("AWS::ApiGateway::Method").values())
                .extracting(Synthesized::properties)
                .hasSize(2)
                .allSatisfy(method -> assertThat(method.get("ApiKeyRequired")).isEqualTo(true));
    }

    @Test
    void oneKeyBelongsToADefaultPlanOnTheStage() {
        String apiId = stack.only("AWS::ApiGateway::RestApi").getKey();
        String stageId = stack.only("AWS::ApiGateway::Stage").getKey();
        String planId = stack.only("AWS::ApiGateway::UsagePlan").getKey();
        String keyId = stack.only("AWS::ApiGateway::ApiKey").getKey();

        stack.template().hasResourceProperties("AWS::ApiGateway::UsagePlan", Map.of(
                "UsagePlanName", "lambassador-prod-" + LambassadorGateway.DEFAULT_USAGE_PLAN_NAME,
                "ApiStages", List.of(Map.of("ApiId", Map.of("Ref", apiId), "Stage", Map.of("Ref", stageId)))));
        stack.template().hasResourceProperties("AWS::ApiGateway::ApiKey", Map.of("Enabled", true));
        stack.template().hasResourceProperties("AWS::ApiGateway::UsagePlanKey", Map.of(
                "KeyId", Map.of("Ref", keyId),
                "KeyType", "API_KEY",
                "UsagePlanId", Map.of("Ref", planId)));
    }

    /**
     * x-api-key then holds API Gateway's key, which is no Lambassador key: were the authorizer to look it up,
     * it would refuse every caller without a bearer token, public routes included.
     */
    @Test
    void authorizerLeavesTheHeaderKeyToApiGatewayAndReadsNoKeys() {
        Map<String, Object> variables = stack.authorizerEnvironment();

        assertThat(variables).containsEntry(FunctionSettings.API_KEY_HEADER.name(), "none")
                .doesNotContainKey(FunctionSettings.API_KEYS_TABLE.name())
                .containsEntry(FunctionSettings.ANONYMOUS_ACCESS.name(), "true");
        assertThat(stack.authorizerDynamoDbStatements()).as("no key or consumer is ever read").isEmpty();
    }

    @Test
    void outputsTheKeyIdToFetchItsValueWith() {
        String keyId = stack.only("AWS::ApiGateway::ApiKey").getKey();
        stack.template().hasOutput("ApiKeyId", Map.of("Value", Map.of("Ref", keyId), "Description", Match.stringLikeRegexp(".*get-api-key.*")));
    }

    @Test
    void synthesizedTemplatePassesCfnLint() {
        CfnLint.assertCleanCdkTemplate(stack.templateFile());
    }
}
