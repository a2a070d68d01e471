package dev.lambassador.infra;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lambassador.core.settings.FunctionSettings;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.assertions.Match;

/**
 * CORS answered by the router ({@code -c corsAnsweredBy=router}): API Gateway has no CORS configuration,
 * OPTIONS reaches the router without the authorizer, and the router is told the policy.
 */
class RouterCorsStackTest {

    private static Synthesized synth(Path dir, String apiType) {
        return Synthesized.synth(dir, Synthesized.withJars(dir, Map.of(
                "apiType", apiType,
                "corsAllowOrigins", "https://app.example.com,https://*.example.org",
                "corsAnsweredBy", "router")), LambassadorApp::stack);
    }

    private static void routerIsToldThePolicy(Synthesized stack) {
        assertThat(stack.function(LambassadorGateway.ROUTER_HANDLER).get("Environment").toString())
                .contains(FunctionSettings.CORS_ALLOW_ORIGINS.name() + "=https://app.example.com,https://*.example.org")
                .contains(FunctionSettings.CORS_ALLOW_METHODS.name() + "=GET,HEAD,POST,PUT,PATCH,DELETE,OPTIONS");
    }

    @Test
    void restApiSendsOptionsToTheRouterWithoutTheAuthorizer(@TempDir Path dir) {
        Synthesized stack = synth(dir, "rest");

        stack.template().resourcePropertiesCountIs("AWS::ApiGateway::Method", Map.of("HttpMethod", "OPTIONS",
                "AuthorizationType", "NONE", "Integration", Match.objectLike(Map.of("Type", "AWS_PROXY"))), 2);
        stack.template().resourcePropertiesCountIs("AWS::ApiGateway::Method", Map.of("HttpMethod", "OPTIONS",
                "Integration", Match.objectLike(Map.of("Type", "MOCK"))), 0);
        stack.template().resourcePropertiesCountIs("AWS::ApiGateway::Method", Map.of("HttpMethod", "ANY",
                "AuthorizationType", "CUSTOM"), 2);
        routerIsToldThePolicy(stack);
        CfnLint.assertCleanCdkTemplate(stack.templateFile());
    }

    @Test
    void httpApiRoutesOptionsToTheRouterWithoutTheAuthorizer(@TempDir Path dir) {
        Synthesized stack = synth(dir, "http");

        assertThat(stack.resources("AWS::ApiGatewayV2::Api").values())
                .allSatisfy(api -> assertThat(Synthesized.properties(api)).doesNotContainKey("CorsConfiguration"));
        stack.template().resourcePropertiesCountIs("AWS::ApiGatewayV2::Route", Map.of("RouteKey", Match.stringLikeRegexp("OPTIONS .*"),
                "AuthorizationType", "NONE"), 2);
        stack.template().hasResourceProperties("AWS::ApiGatewayV2::Route", Map.of("RouteKey", "$default",
                "AuthorizationType", "CUSTOM"));
        routerIsToldThePolicy(stack);
    }

    @Test
    void wildcardOriginsAreTheRoutersAlone() {
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
                .isThrownBy(() -> Cors.allowOrigins("https://*.example.org"))
                .withMessageContaining("scheme://host[:port]");
        assertThat(Cors.allowOriginsAtRouter("https://*.example.org").allowOrigins()).containsExactly("https://*.example.org");
    }
}
