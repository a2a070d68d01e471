package dev.lambassador.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.assertions.Match;

/**
 * The HTTP API option on a routes table that exists already, with CORS and a custom domain with a base path,
 * configured through CDK context as {@code cdk deploy -c apiType=http -c stage=staging ...} would.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpGatewayStackTest {

    private static final String CERTIFICATE_ARN =
            "arn:aws:acm:us-east-1:123456789012:certificate/8d0c1f3e-1111-2222-3333-444455556666";

    private Synthesized stack;

    @BeforeAll
    void synthesizeOnce(@TempDir Path workDir) {
        Path jar = Synthesized.routerJar(workDir);
        stack = Synthesized.synth(workDir, Map.of(
                "routerJar", jar.toString(),
                "apiType", "http",
                "stage", "staging",
                "existingTableName", "shared-routes",
                "corsAllowOrigins", "https://app.example.com",
                "domainName", "api.example.com",
                "certificateArn", CERTIFICATE_ARN,
                "basePath", "v2"), LambassadorApp::stack);
    }

    @Test
    void everyRequestTakesTheDefaultRouteToTheRouterWithPayloadV2() {
        String aliasId = stack.only("AWS::Lambda::Alias").getKey();
        stack.template().resourceCountIs("AWS::ApiGatewayV2::Api", 1);
        stack.template().hasResourceProperties("AWS::ApiGatewayV2::Api", Map.of("ProtocolType", "HTTP"));
        stack.template().resourceCountIs("AWS::ApiGatewayV2::Route", 1);
        stack.template().hasResourceProperties("AWS::ApiGatewayV2::Route", Map.of("RouteKey", "$default"));
        stack.template().resourceCountIs("AWS::ApiGatewayV2::Integration", 1);
        stack.template().hasResourceProperties("AWS::ApiGatewayV2::Integration", Map.of(
                "IntegrationType", "AWS_PROXY",
                "PayloadFormatVersion", "2.0",
                "IntegrationUri", Map.of("Ref", aliasId)));
        // Invoking the function itself would be denied: the permission names the alias.
        assertThat(stack.resources("AWS::Lambda::Permission").values())
                .isNotEmpty()
                .allSatisfy(permission -> assertThat(Synthesized.properties(permission).get("FunctionName"))
                        .isEqualTo(Map.of("Ref", aliasId)));
    }

    @Test
    void noRestApiIsCreated() {
        stack.template().resourceCountIs("AWS::ApiGateway::RestApi", 0);
        stack.template().resourceCountIs("AWS::ApiGateway::Account", 0);
    }

    @Test
    void defaultStageDeploysItselfThrottlesAndWritesJsonAccessLogs() {
        stack.template().resourceCountIs("AWS::ApiGatewayV2::Stage", 1);
        stack.template().hasResourceProperties("AWS::ApiGatewayV2::Stage", Map.of(
                "StageName", "$default",
                "AutoDeploy", true,
                "DefaultRouteSettings", Map.of("ThrottlingRateLimit", 1000, "ThrottlingBurstLimit", 2000),
                "AccessLogSettings", Map.of(
                        "DestinationArn", Match.anyValue(),
                        "Format", Match.serializedJson(Match.objectLike(Map.of(
                                "requestId", "$context.requestId",
                                "routeKey", "$context.routeKey",
                                "status", "$context.status",
                                "integrationError", "$context.integrationErrorMessage"))))));
    }

    @Test
    void existingTableIsQueriedAndNotCreated() {
        stack.template().resourceCountIs("AWS::DynamoDB::Table", 0);
        assertThat(stack.dynamoDbStatements()).singleElement().satisfies(statement -> {
            assertThat(Synthesized.listOf(statement.get("Action"))).containsExactly("dynamodb:Query");
            assertThat(Synthesized.listOf(statement.get("Resource"))).singleElement()
                    .asString().contains(":table/shared-routes");
            assertThat(statement.get("Condition")).isEqualTo(
                    Map.of("ForAllValues:StringEquals", Map.of("dynamodb:LeadingKeys", List.of(LambassadorGateway.ROUTE_PARTITION))));
        });
        stack.template().hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Environment", Map.of("Variables", Match.objectLike(Map.of("ROUTES_TABLE", "shared-routes")))));
    }

    @Test
    void routerIsTheSameJava21SnapStartFunctionAsBehindARestApi() {
        stack.template().hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Runtime", "java21",
                "Architectures", List.of("arm64"),
                "SnapStart", Map.of("ApplyOn", "PublishedVersions")));
    }

    @Test
    void corsPreflightIsConfiguredOnTheApi() {
        stack.template().hasResourceProperties("AWS::ApiGatewayV2::Api", Map.of(
                "CorsConfiguration", Match.objectLike(Map.of(
                        "AllowOrigins", List.of("https://app.example.com"),
                        "AllowMethods", Cors.DEFAULT_METHODS))));
    }

    @Test
    void customDomainMapsItsBasePathToTheDefaultStage() {
        stack.template().hasResourceProperties("AWS::ApiGatewayV2::DomainName", Map.of(
                "DomainName", "api.example.com",
                "DomainNameConfigurations", List.of(Match.objectLike(Map.of(
                        "CertificateArn", CERTIFICATE_ARN,
                        "EndpointType", "REGIONAL")))));
        stack.template().resourceCountIs("AWS::ApiGatewayV2::ApiMapping", 1);
        stack.template().hasResourceProperties("AWS::ApiGatewayV2::ApiMapping", Map.of("ApiMappingKey", "v2"));
        stack.template().hasOutput("CustomDomainTarget", Match.anyValue());
    }

    @Test
    void routerIsToldTheBasePathThatRawPathStillCarries() {
        stack.template().hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Environment", Map.of("Variables", Match.objectLike(Map.of(LambassadorGateway.ENV_BASE_PATH, "/v2")))));
    }

    @Test
    void outputsNameTheUrlTheTableAndTheFunction() {
        stack.template().hasOutput("ApiUrl", Match.anyValue());
        stack.template().hasOutput("RoutesTableName", Map.of("Value", "shared-routes"));
        stack.template().hasOutput("RouterFunctionName", Match.anyValue());
    }

    @Test
    void synthesizedTemplatePassesCfnLint() {
        CfnLint.assertCleanCdkTemplate(stack.templateFile());
    }
}
