package dev.lambassador.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cdk deploy -c apiType=http -c authorizerCacheTtlSeconds=300}: without CORS one $default route,
 * and a cached authorizer keyed by the Authorization header.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpCachedAuthorizerTest {

    private Synthesized stack;

    @BeforeAll
    void synthesizeOnce(@TempDir Path workDir) {
        stack = Synthesized.synth(workDir, Synthesized.withJars(workDir, Map.of(
                "apiType", "http",
                "stage", "dev",
                "authorizerCacheTtlSeconds", "300")), LambassadorApp::stack);
    }

    @Test
    void withoutCorsEveryRequestTakesTheAuthorizedDefaultRoute() {
        String authorizerId = stack.only("AWS::ApiGatewayV2::Authorizer").getKey();
        assertThat(Synthesized.properties(stack.only("AWS::ApiGatewayV2::Route").getValue()))
                .containsEntry("RouteKey", "$default")
                .containsEntry("AuthorizationType", "CUSTOM")
                .containsEntry("AuthorizerId", Map.of("Ref", authorizerId));
    }

    @Test
    void cachedDecisionsAreKeyedByTheAuthorizationHeader() {
        assertThat(Synthesized.properties(stack.only("AWS::ApiGatewayV2::Authorizer").getValue()))
                .containsEntry("AuthorizerResultTtlInSeconds", 300)
                .containsEntry("IdentitySource", List.of(LambassadorGateway.HTTP_IDENTITY_SOURCE))
                .containsEntry("EnableSimpleResponses", true);
    }

    @Test
    void synthesizedTemplatePassesCfnLint() {
        CfnLint.assertCleanCdkTemplate(stack.templateFile());
    }
}
