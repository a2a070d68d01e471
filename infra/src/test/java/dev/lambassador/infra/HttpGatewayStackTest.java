package dev.lambassador.infra;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lambassador.core.settings.FunctionSettings;
import dev.lambassador.core.store.TableSchema;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;

/**
 * The HTTP API option on a routes table that exists already, with CORS and a custom domain with a base path,
 * configured through CDK context as {@code cdk deploy -c apiType=http -c stage=staging ...} would. The
 * default route without CORS, and a cached authorizer, are in {@link HttpCachedAuthorizerTest}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpGatewayStackTest {

    private static final String CERTIFICATE_ARN =
            "arn:aws:acm:us-east-1:123456789012:certificate/8d0c1f3e-1111-2222-3333-444455556666";

    private Synthesized stack;

    @BeforeAll
    void synthesizeOnce(@TempDir Path workDir) {
        stack = Synthesized.synth(workDir, Synthesized.withJars(workDir, Map.of(
                "apiType", "http",
                "stage", "staging",
                "existingTableName", "shared-routes",
                "corsAllowOrigins", "https://app.example.com",
                "domainName", "api.example.com",
                "certificateArn", CERTIFICATE_ARN,
                "basePath", "v2")), LambassadorApp::stack);
    }

    @Test
    void everyMethodButOptionsGoesToTheRouterWithPayloadV2() {
        String aliasId = stack.idContaining("AWS::Lambda::Alias", "RouterLive");
        stack.template().resourceCountIs("AWS::ApiGatewayV2::Api", 1);
        stack.template().hasResourceProperties("AWS::ApiGatewayV2::Api", Map.of("ProtocolType", "HTTP"));
        assertThat(stack.resources("AWS::ApiGatewayV2::Route").values())
                .extracting(route -> Synthesized.properties(route).get("RouteKey"))
                .containsExactlyInAnyOrder(
                        "GET /", "HEAD /", "POST /", "PUT /", "PATCH /", "DELETE /",
                        "GET /{proxy+}", "HEAD /{proxy+}", "POST /{proxy+}", "PUT /{proxy+}", "PATCH /{proxy+}",
                        "DELETE /{proxy+}");
        String integrationId = stack.only("AWS::ApiGatewayV2::Integration").getKey();
        stack.template().hasResourceProperties("AWS::ApiGatewayV2::Integration", Map.of(
                "IntegrationType", "AWS_PROXY",
                "PayloadFormatVersion", "2.0",
                "IntegrationUri", Map.of("Ref", aliasId)));
        assertThat(stack.resources("AWS::ApiGatewayV2::Route").values())
                .allSatisfy(route -> assertThat(Synthesized.properties(route).get("Target").toString()).contains(integrationId));
        // Invoking the function itself would be denied: the permissions name the aliases.
        String authorizerAliasId = stack.idContaining("AWS::Lambda::Alias", "AuthorizerLive");
        assertThat(stack.resources("AWS::Lambda::Permission").values())
                .extracting(permission -> Synthesized.properties(permission).get("FunctionName"))
                .isNotEmpty()
                .allSatisfy(name -> assertThat(name).isIn(Map.of("Ref", aliasId), Map.of("Ref", authorizerAliasId)));
    }

    /**
     * No route takes OPTIONS (nor is there $default or ANY), so API Gateway answers preflight from the CORS
     * configuration instead of routing it through the authorizer, which browsers send no credentials to.
     */
    @Test
    void everyRoutePassesTheAuthorizerWhilePreflightMatchesNoRoute() {
        String authorizerId = stack.only("AWS::ApiGatewayV2::Authorizer").getKey();
        assertThat(stack.resources("AWS::ApiGatewayV2::Route").values())
                .extracting(Synthesized::properties)
                .isNotEmpty()
                .allSatisfy(route -> {
                    assertThat(route.get("RouteKey").toString()).doesNotStartWith("OPTIONS").doesNotStartWith("ANY")
                            .isNotEqualTo("$default");
                    assertThat(route).containsEntry("AuthorizationType", "CUSTOM")
                            .containsEntry("AuthorizerId", Map.of("Ref", authorizerId));
                });
    }

    @Test
    void authorizerTakesPayloadV2WithSimpleResponsesAndNoIdentitySource() {
        assertThat(Synthesized.properties(stack.only("AWS::ApiGatewayV2::Authorizer").getValue()))
                .containsEntry("AuthorizerType", "REQUEST")
                .containsEntry("AuthorizerPayloadFormatVersion", "2.0")
                .containsEntry("EnableSimpleResponses", true)
                .containsEntry("AuthorizerResultTtlInSeconds", 0)
                .doesNotContainKey("IdentitySource");
        String aliasId = stack.idContaining("AWS::Lambda::Alias", "AuthorizerLive");
        assertThat(Synthesized.properties(stack.only("AWS::ApiGatewayV2::Authorizer").getValue()).get("AuthorizerUri").toString())
                .contains("Ref=" + aliasId);
        assertThat(stack.resources("AWS::Lambda::Permission").values())
                .extracting(Synthesized::properties)
                .filteredOn(permission -> permission.get("FunctionName").equals(Map.of("Ref", aliasId)))
                .singleElement()
                .satisfies(permission -> assertThat(permission.get("SourceArn").toString()).contains("/authorizers/"));
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
                                "principalId", "$context.authorizer.subject",
                                "authorizerError", "$context.authorizer.error",
                                "status", "$context.status",
                                "integrationError", "$context.integrationErrorMessage"))))));
    }

    @Test
    void existingTableIsQueriedAndNotCreated() {
        stack.template().resourceCountIs("AWS::DynamoDB::Table", 0);
        assertThat(stack.dynamoDbStatements()).filteredOn(s -> !Synthesized.listOf(s.get("Action")).contains("dynamodb:GetItem"))
                .singleElement().satisfies(statement -> {
            assertThat(Synthesized.listOf(statement.get("Action"))).containsExactly("dynamodb:Query");
            assertThat(Synthesized.listOf(statement.get("Resource"))).singleElement()
                    .asString().contains(":table/shared-routes");
            assertThat(statement.get("Condition")).isEqualTo(
                    Map.of("ForAllValues:StringEquals", Map.of("dynamodb:LeadingKeys", TableSchema.partitions(TableSchema.ROUTER_READS))));
        });
        stack.template().hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Environment", Map.of("Variables", Match.objectLike(Map.of("ROUTES_TABLE", "shared-routes")))));
    }

    @Test
    void routerReadsTheRevisionItemOfTheExistingTable() {
        assertThat(stack.dynamoDbStatements()).filteredOn(s -> Synthesized.listOf(s.get("Action")).contains("dynamodb:GetItem"))
                .singleElement().satisfies(statement -> {
                    assertThat(Synthesized.listOf(statement.get("Resource"))).singleElement().asString().contains(":table/shared-routes");
                    assertThat(statement.get("Condition")).isEqualTo(Map.of("ForAllValues:StringEquals",
                            Map.of("dynamodb:LeadingKeys", TableSchema.partitions(TableSchema.ROUTER_CHECKS))));
                });
    }

    @Test
    void anExistingTableByNameGetsNoStreamFunctionAndTheSynthesisSaysSo() {
        stack.template().resourceCountIs("AWS::Lambda::EventSourceMapping", 0);
        assertThat(stack.resources("AWS::Lambda::Function").values()).extracting(Synthesized::properties)
                .noneMatch(function -> LambassadorGateway.REVISION_HANDLER.equals(function.get("Handler")));
        Annotations.fromStack(stack.stack()).hasWarning("*", Match.stringLikeRegexp(".*imported without its stream.*"));
    }

    @Test
    void authorizerReadsApiKeysFromTheExistingTable() {
        assertThat(stack.authorizerDynamoDbStatements()).singleElement().satisfies(statement -> {
            assertThat(Synthesized.listOf(statement.get("Action"))).containsExactly("dynamodb:GetItem");
            assertThat(Synthesized.listOf(statement.get("Resource"))).singleElement()
                    .asString().contains(":table/shared-routes");
            assertThat(statement.get("Condition")).isEqualTo(
                    Map.of("ForAllValues:StringEquals", Map.of("dynamodb:LeadingKeys", TableSchema.partitions(TableSchema.AUTHORIZER_READS))));
        });
        assertThat(stack.function(LambassadorGateway.AUTHORIZER_HANDLER).get("Environment").toString())
                .contains("API_KEYS_TABLE=shared-routes");
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
                "Environment", Map.of("Variables", Match.objectLike(Map.of(FunctionSettings.BASE_PATH.name(), "/v2")))));
    }

    @Test
    void outputsNameTheUrlTheTableAndTheFunction() {
        stack.template().hasOutput("ApiUrl", Match.anyValue());
        stack.template().hasOutput("RoutesTableName", Map.of("Value", "shared-routes"));
        stack.template().hasOutput("RouterFunctionName", Match.anyValue());
        stack.template().hasOutput("AuthorizerFunctionName", Match.anyValue());
    }

    @Test
    void synthesizedTemplatePassesCfnLint() {
        CfnLint.assertCleanCdkTemplate(stack.templateFile());
    }
}
