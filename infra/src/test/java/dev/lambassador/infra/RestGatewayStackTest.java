package dev.lambassador.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;

/**
 * The stack {@code cdk deploy} deploys with no settings: a REST API on stage prod.
 *
 * <p>There is no authorizer yet, and {@link #methodsHaveNoAuthorizerUntilTheAuthorizerFunctionExists()}
 * says so. When functions/authorizer lands, that test is replaced by one asserting the authorizer is
 * on every method (CORS preflight excepted), with its cache TTL from the props.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RestGatewayStackTest {

    private Synthesized stack;

    @BeforeAll
    void synthesizeOnce(@TempDir Path workDir) {
        Path jar = Synthesized.routerJar(workDir);
        stack = Synthesized.synth(workDir, Map.of("routerJar", jar.toString()), LambassadorApp::stack);
    }

    @Test
    void stackIsNamedAfterTheStageAndProtectedFromDeletion() {
        assertThat(stack.stack().getStackName()).isEqualTo("lambassador-prod");
        assertThat(stack.stack().getTerminationProtection()).isTrue();
    }

    @Test
    void routesTableIsKeyedByKindAndIdAndBilledPerRequest() {
        stack.template().resourceCountIs("AWS::DynamoDB::Table", 1);
        stack.template().hasResourceProperties("AWS::DynamoDB::Table", Map.of(
                "TableName", "lambassador-prod-routes",
                "KeySchema", List.of(
                        Map.of("AttributeName", "kind", "KeyType", "HASH"),
                        Map.of("AttributeName", "id", "KeyType", "RANGE")),
                "AttributeDefinitions", List.of(
                        Map.of("AttributeName", "kind", "AttributeType", "S"),
                        Map.of("AttributeName", "id", "AttributeType", "S")),
                "BillingMode", "PAY_PER_REQUEST"));
    }

    @Test
    void routesTableOutsideDevStagesHasRecoveryAndDeletionProtectionAndOutlivesTheStack() {
        stack.template().hasResource("AWS::DynamoDB::Table", Map.of(
                "Properties", Match.objectLike(Map.of(
                        "PointInTimeRecoverySpecification", Map.of("PointInTimeRecoveryEnabled", true),
                        "DeletionProtectionEnabled", true)),
                "DeletionPolicy", "Retain",
                "UpdateReplacePolicy", "Retain"));
    }

    @Test
    void routerRunsJava21OnArm64WithSnapStartOnPublishedVersions() {
        stack.template().resourceCountIs("AWS::Lambda::Function", 1);
        stack.template().hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Runtime", "java21",
                "Architectures", List.of("arm64"),
                "Handler", "dev.lambassador.router.RouterHandler::handleRequest",
                "MemorySize", 1024,
                "Timeout", 29,
                "SnapStart", Map.of("ApplyOn", "PublishedVersions"),
                "TracingConfig", Map.of("Mode", "Active")));
    }

    @Test
    void routerEnvironmentNamesTheTableAndTunesTheJvmForStartup() {
        String tableId = stack.only("AWS::DynamoDB::Table").getKey();
        // An exact map: without a custom domain there is no BASE_PATH.
        stack.template().hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Environment", Map.of("Variables", Map.of(
                        "ROUTES_TABLE", Map.of("Ref", tableId),
                        "ROUTES_TTL_SECONDS", "30",
                        "JAVA_TOOL_OPTIONS", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1"))));
    }

    @Test
    void apiInvokesTheLiveAliasOfThePublishedVersion() {
        String versionId = stack.only("AWS::Lambda::Version").getKey();
        String aliasId = stack.only("AWS::Lambda::Alias").getKey();
        stack.template().hasResourceProperties("AWS::Lambda::Alias", Map.of(
                "Name", "live",
                "FunctionVersion", Map.of("Fn::GetAtt", List.of(versionId, "Version"))));
        assertThat(stack.resources("AWS::ApiGateway::Method").values())
                .hasSize(2)
                .allSatisfy(method -> assertThat(Synthesized.properties(method).get("Integration").toString())
                        .contains("Ref=" + aliasId));
        assertThat(stack.resources("AWS::Lambda::Permission").values())
                .isNotEmpty()
                .allSatisfy(permission -> assertThat(Synthesized.properties(permission).get("FunctionName"))
                        .isEqualTo(Map.of("Ref", aliasId)));
    }

    @Test
    void routerMayOnlyQueryTheRoutePartitionOfTheRoutesTable() {
        String tableId = stack.only("AWS::DynamoDB::Table").getKey();
        assertThat(stack.dynamoDbStatements()).singleElement().isEqualTo(Map.of(
                "Effect", "Allow",
                "Action", "dynamodb:Query",
                "Resource", Map.of("Fn::GetAtt", List.of(tableId, "Arn")),
                "Condition", Map.of("ForAllValues:StringEquals", Map.of("dynamodb:LeadingKeys", List.of("route")))));
    }

    @Test
    void routerRoleGrantsOnlyLogsToItsOwnGroupTracingAndQuery() {
        String routerLogsId = stack.resources("AWS::Logs::LogGroup").keySet().stream()
                .filter(id -> id.contains("RouterLogs")).findFirst().orElseThrow();
        List<Map<String, Object>> statements = stack.routerRoleStatements();
        assertThat(statements.stream().flatMap(s -> Synthesized.listOf(s.get("Action")).stream()).map(Object::toString))
                .containsExactlyInAnyOrder("logs:CreateLogStream", "logs:PutLogEvents",
                        "xray:PutTraceSegments", "xray:PutTelemetryRecords", "dynamodb:Query");
        assertThat(statements)
                .filteredOn(s -> Synthesized.listOf(s.get("Action")).contains("logs:PutLogEvents"))
                .singleElement()
                .satisfies(s -> assertThat(Synthesized.listOf(s.get("Resource")))
                        .containsExactly(Map.of("Fn::GetAtt", List.of(routerLogsId, "Arn"))));
        String roleId = stack.resources("AWS::IAM::Role").keySet().stream()
                .filter(id -> id.contains("RouterRole")).findFirst().orElseThrow();
        assertThat(Synthesized.properties(stack.resources("AWS::IAM::Role").get(roleId))).doesNotContainKey("ManagedPolicyArns");
    }

    @Test
    void everyPathAndMethodGoesToTheRouterAsALambdaProxy() {
        stack.template().resourceCountIs("AWS::ApiGateway::RestApi", 1);
        stack.template().hasResourceProperties("AWS::ApiGateway::RestApi", Map.of(
                "EndpointConfiguration", Map.of("Types", List.of("REGIONAL")),
                "BinaryMediaTypes", List.of("*/*")));
        stack.template().resourceCountIs("AWS::ApiGateway::Resource", 1);
        stack.template().hasResourceProperties("AWS::ApiGateway::Resource", Map.of("PathPart", "{proxy+}"));
        stack.template().resourceCountIs("AWS::ApiGateway::Method", 2);
        assertThat(stack.resources("AWS::ApiGateway::Method").values())
                .extracting(Synthesized::properties)
                .allSatisfy(method -> {
                    assertThat(method.get("HttpMethod")).isEqualTo("ANY");
                    assertThat(method).extractingByKey("Integration").asInstanceOf(InstanceOfAssertFactories.MAP)
                            .containsEntry("Type", "AWS_PROXY")
                            .containsEntry("IntegrationHttpMethod", "POST");
                });
    }

    @Test
    void defaultSettingsRaiseNoAuthorizerWarning() {
        Annotations.fromStack(stack.stack()).hasNoWarning("*",
                Match.stringLikeRegexp(".*" + LambassadorGateway.AUTHORIZER_SETTINGS_WARNING + ".*"));
    }

    @Test
    void methodsHaveNoAuthorizerUntilTheAuthorizerFunctionExists() {
        stack.template().resourceCountIs("AWS::ApiGateway::Authorizer", 0);
        assertThat(stack.resources("AWS::ApiGateway::Method").values())
                .extracting(Synthesized::properties)
                .allSatisfy(method -> {
                    assertThat(method.get("AuthorizationType")).isEqualTo("NONE");
                    assertThat(method.get("ApiKeyRequired")).isEqualTo(false);
                });
    }

    @Test
    void stageWritesJsonAccessLogsWithRequestIdToItsLogGroup() {
        String accessLogsId = stack.resources("AWS::Logs::LogGroup").keySet().stream()
                .filter(id -> id.contains("AccessLogs")).findFirst().orElseThrow();
        stack.template().hasResourceProperties("AWS::ApiGateway::Stage", Map.of(
                "StageName", "prod",
                "AccessLogSetting", Map.of(
                        "DestinationArn", Map.of("Fn::GetAtt", List.of(accessLogsId, "Arn")),
                        "Format", Match.serializedJson(Match.objectLike(Map.of(
                                "requestId", "$context.requestId",
                                "ip", "$context.identity.sourceIp",
                                "httpMethod", "$context.httpMethod",
                                "path", "$context.path",
                                "status", "$context.status",
                                "integrationLatency", "$context.integrationLatency",
                                "integrationError", "$context.integrationErrorMessage",
                                "xrayTraceId", "$context.xrayTraceId"))))));
    }

    @Test
    void stageTracesWithXrayAndThrottlesEveryMethodByDefault() {
        stack.template().hasResourceProperties("AWS::ApiGateway::Stage", Map.of(
                "TracingEnabled", true,
                "MethodSettings", List.of(Match.objectLike(Map.of(
                        "HttpMethod", "*",
                        "ResourcePath", "/*",
                        "ThrottlingRateLimit", 1000,
                        "ThrottlingBurstLimit", 2000)))));
    }

    @Test
    void apiGatewayGetsTheAccountRoleItNeedsToWriteAccessLogs() {
        stack.template().resourceCountIs("AWS::ApiGateway::Account", 1);
    }

    @Test
    void logGroupsKeepLogsForAMonthAndOutliveTheStack() {
        stack.template().resourceCountIs("AWS::Logs::LogGroup", 2);
        assertThat(stack.resources("AWS::Logs::LogGroup").values()).allSatisfy(group -> {
            assertThat(Synthesized.properties(group)).containsEntry("RetentionInDays", 30);
            assertThat(group).containsEntry("DeletionPolicy", "Retain");
        });
    }

    @Test
    void noUsagePlansUnlessAsked() {
        stack.template().resourceCountIs("AWS::ApiGateway::UsagePlan", 0);
        stack.template().resourceCountIs("AWS::ApiGateway::ApiKey", 0);
    }

    @Test
    void outputsNameTheUrlTheTableAndTheFunction() {
        String apiId = stack.only("AWS::ApiGateway::RestApi").getKey();
        stack.template().hasOutput("ApiUrl", Map.of("Value", Map.of("Fn::Join", Match.arrayWith(List.of(
                Match.arrayWith(List.of(Map.of("Ref", apiId))))))));
        stack.template().hasOutput("RoutesTableName", Map.of("Value", Map.of("Ref", stack.only("AWS::DynamoDB::Table").getKey())));
        stack.template().hasOutput("RouterFunctionName", Map.of("Value", Map.of("Ref", stack.only("AWS::Lambda::Function").getKey())));
        assertThat(stack.template().findOutputs("*").keySet()).containsExactlyInAnyOrder("ApiUrl", "RoutesTableName", "RouterFunctionName");
    }

    @Test
    void synthesizedTemplatePassesCfnLint() {
        CfnLint.assertCleanCdkTemplate(stack.templateFile());
    }
}
