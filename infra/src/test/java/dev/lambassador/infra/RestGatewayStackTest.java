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
import software.amazon.awscdk.assertions.Match;

/**
 * The stack {@code cdk deploy} deploys with no settings: a REST API on stage prod, with the authorizer
 * on every method and no result caching in API Gateway.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RestGatewayStackTest {

    private Synthesized stack;

    @BeforeAll
    void synthesizeOnce(@TempDir Path workDir) {
        stack = Synthesized.synth(workDir, Synthesized.withJars(workDir, Map.of()), LambassadorApp::stack);
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
        stack.template().resourceCountIs("AWS::Lambda::Function", 3);
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
        assertThat(stack.function(LambassadorGateway.ROUTER_HANDLER).get("Environment")).isEqualTo(Map.of("Variables", Map.of(
                "ROUTES_TABLE", Map.of("Ref", tableId),
                "ROUTES_TTL_SECONDS", "2",
                "DEFAULT_ROUTE_AUTH", "any",
                "POWERTOOLS_SERVICE_NAME", "lambassador-prod",
                "POWERTOOLS_METRICS_NAMESPACE", "Lambassador",
                "JAVA_TOOL_OPTIONS", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1")));
    }

    @Test
    void apiInvokesTheLiveAliasOfThePublishedVersion() {
        String versionId = stack.idContaining("AWS::Lambda::Version", "RouterFunction");
        String aliasId = stack.idContaining("AWS::Lambda::Alias", "RouterLive");
        stack.template().hasResourceProperties("AWS::Lambda::Alias", Map.of(
                "Name", "live",
                "FunctionVersion", Map.of("Fn::GetAtt", List.of(versionId, "Version"))));
        assertThat(stack.resources("AWS::ApiGateway::Method").values())
                .hasSize(2)
                .allSatisfy(method -> assertThat(Synthesized.properties(method).get("Integration").toString())
                        .contains("Ref=" + aliasId));
        assertThat(stack.resources("AWS::Lambda::Permission").values())
                .extracting(permission -> Synthesized.properties(permission).get("FunctionName"))
                .filteredOn(name -> !name.equals(Map.of("Ref", stack.idContaining("AWS::Lambda::Alias", "AuthorizerLive"))))
                .isNotEmpty()
                .allSatisfy(name -> assertThat(name).isEqualTo(Map.of("Ref", aliasId)));
    }

    @Test
    void authorizerRunsJava21OnArm64WithSnapStartAndAShortTimeout() {
        String logsId = stack.idContaining("AWS::Logs::LogGroup", "AuthorizerLogs");
        assertThat(stack.function(LambassadorGateway.AUTHORIZER_HANDLER))
                .containsEntry("Runtime", "java21")
                .containsEntry("Architectures", List.of("arm64"))
                .containsEntry("MemorySize", 512)
                .containsEntry("Timeout", 10)
                .containsEntry("SnapStart", Map.of("ApplyOn", "PublishedVersions"))
                .containsEntry("TracingConfig", Map.of("Mode", "Active"))
                .containsEntry("LoggingConfig", Map.of("LogGroup", Map.of("Ref", logsId), "LogFormat", "JSON",
                        "ApplicationLogLevel", "INFO", "SystemLogLevel", "INFO"));
    }

    @Test
    void authorizerEnvironmentNamesTheTableAndLetsAnonymousCallersThrough() {
        String tableId = stack.only("AWS::DynamoDB::Table").getKey();
        // No issuers, so no JWT_ISSUERS: the authorizer then accepts no bearer token.
        assertThat(stack.function(LambassadorGateway.AUTHORIZER_HANDLER).get("Environment")).isEqualTo(Map.of("Variables", Map.of(
                "API_KEYS_TABLE", Map.of("Ref", tableId),
                "ANONYMOUS_ACCESS", "true",
                "POWERTOOLS_SERVICE_NAME", "lambassador-prod",
                "POWERTOOLS_METRICS_NAMESPACE", "Lambassador",
                "JAVA_TOOL_OPTIONS", "-XX:+TieredCompilation -XX:TieredStopAtLevel=4")));
    }

    @Test
    void authorizerMayOnlyGetItemsOfTheConsumerAndApiKeyPartitions() {
        String tableId = stack.only("AWS::DynamoDB::Table").getKey();
        assertThat(stack.authorizerDynamoDbStatements()).singleElement().isEqualTo(Map.of(
                "Effect", "Allow",
                "Action", "dynamodb:GetItem",
                "Resource", Map.of("Fn::GetAtt", List.of(tableId, "Arn")),
                "Condition", Map.of("ForAllValues:StringEquals",
                        Map.of("dynamodb:LeadingKeys", List.of("consumer", "apikey")))));
    }

    @Test
    void authorizerRoleGrantsOnlyLogsToItsOwnGroupTracingAndGetItem() {
        String logsId = stack.idContaining("AWS::Logs::LogGroup", "AuthorizerLogs");
        List<Map<String, Object>> statements = stack.authorizerRoleStatements();
        assertThat(statements.stream().flatMap(s -> Synthesized.listOf(s.get("Action")).stream()).map(Object::toString))
                .containsExactlyInAnyOrder("logs:CreateLogStream", "logs:PutLogEvents",
                        "xray:PutTraceSegments", "xray:PutTelemetryRecords", "dynamodb:GetItem");
        assertThat(statements)
                .filteredOn(s -> Synthesized.listOf(s.get("Action")).contains("logs:PutLogEvents"))
                .singleElement()
                .satisfies(s -> assertThat(Synthesized.listOf(s.get("Resource")))
                        .containsExactly(Map.of("Fn::GetAtt", List.of(logsId, "Arn"))));
        String roleId = stack.idContaining("AWS::IAM::Role", "AuthorizerRole");
        assertThat(Synthesized.properties(stack.resources("AWS::IAM::Role").get(roleId))).doesNotContainKey("ManagedPolicyArns");
    }

    @Test
    void routerMayOnlyQueryTheRouteApiVersionAndBackendPartitionsAndGetTheRevisionItemsPartition() {
        String tableId = stack.only("AWS::DynamoDB::Table").getKey();
        assertThat(stack.dynamoDbStatements()).containsExactlyInAnyOrder(Map.of(
                "Effect", "Allow",
                "Action", "dynamodb:Query",
                "Resource", Map.of("Fn::GetAtt", List.of(tableId, "Arn")),
                "Condition", Map.of("ForAllValues:StringEquals", Map.of("dynamodb:LeadingKeys", List.of("route", "api", "version", "backend")))),
                Map.of(
                "Effect", "Allow",
                "Action", "dynamodb:GetItem",
                "Resource", Map.of("Fn::GetAtt", List.of(tableId, "Arn")),
                "Condition", Map.of("ForAllValues:StringEquals", Map.of("dynamodb:LeadingKeys", List.of("meta")))));
    }

    @Test
    void routesTableStreamsTheKeysOfChangedItems() {
        stack.template().hasResourceProperties("AWS::DynamoDB::Table", Map.of(
                "StreamSpecification", Map.of("StreamViewType", "KEYS_ONLY")));
    }

    @Test
    void routesTableExpiresTheAuditHistoryByItsTimeToLiveAttribute() {
        stack.template().hasResourceProperties("AWS::DynamoDB::Table", Map.of(
                "TimeToLiveSpecification", Map.of("AttributeName", "expiresAt", "Enabled", true)));
    }

    @Test
    void revisionFunctionRunsFromTheRouterJarOnTheTablesStreamThroughItsLiveAlias() {
        String tableId = stack.only("AWS::DynamoDB::Table").getKey();
        Map<String, Object> function = stack.function(LambassadorGateway.REVISION_HANDLER);
        assertThat(function)
                .containsEntry("Runtime", "java21")
                .containsEntry("MemorySize", LambassadorGateway.REVISION_MEMORY_MB)
                .containsEntry("Timeout", LambassadorGateway.REVISION_TIMEOUT_SECONDS)
                .containsEntry("SnapStart", Map.of("ApplyOn", "PublishedVersions"))
                .containsEntry("Environment", Map.of("Variables", Map.of("JAVA_TOOL_OPTIONS", LambassadorGateway.ROUTER_JAVA_TOOL_OPTIONS)));
        assertThat(function.get("Code")).isEqualTo(stack.function(LambassadorGateway.ROUTER_HANDLER).get("Code"));
        String aliasId = stack.idContaining("AWS::Lambda::Alias", "RevisionLive");
        Map<String, Object> mapping = Synthesized.properties(stack.only("AWS::Lambda::EventSourceMapping").getValue());
        assertThat(mapping.get("FunctionName").toString()).as("the alias, by its ARN's name and qualifier").contains(aliasId, ":live");
        assertThat(mapping)
                .containsEntry("EventSourceArn", Map.of("Fn::GetAtt", List.of(tableId, "StreamArn")))
                .containsEntry("StartingPosition", "LATEST")
                .containsEntry("BatchSize", 100);
    }

    @Test
    void revisionFunctionMayReadTheStreamAndUpdateOnlyTheRevisionItemsPartition() {
        String tableId = stack.only("AWS::DynamoDB::Table").getKey();
        String logsId = stack.idContaining("AWS::Logs::LogGroup", "RevisionLogs");
        List<Map<String, Object>> statements = stack.roleStatements(LambassadorGateway.REVISION_HANDLER);
        assertThat(statements.stream().flatMap(s -> Synthesized.listOf(s.get("Action")).stream()).map(Object::toString))
                .containsExactlyInAnyOrder("logs:CreateLogStream", "logs:PutLogEvents", "xray:PutTraceSegments",
                        "xray:PutTelemetryRecords", "dynamodb:UpdateItem", "dynamodb:ListStreams", "dynamodb:DescribeStream",
                        "dynamodb:GetRecords", "dynamodb:GetShardIterator");
        assertThat(statements).filteredOn(s -> Synthesized.listOf(s.get("Action")).contains("dynamodb:UpdateItem")).singleElement()
                .isEqualTo(Map.of(
                        "Effect", "Allow",
                        "Action", "dynamodb:UpdateItem",
                        "Resource", Map.of("Fn::GetAtt", List.of(tableId, "Arn")),
                        "Condition", Map.of("ForAllValues:StringEquals", Map.of("dynamodb:LeadingKeys", List.of("meta")))));
        assertThat(statements).filteredOn(s -> Synthesized.listOf(s.get("Action")).contains("dynamodb:GetRecords")).singleElement()
                .satisfies(s -> assertThat(Synthesized.listOf(s.get("Resource")))
                        .containsExactly(Map.of("Fn::GetAtt", List.of(tableId, "StreamArn"))));
        assertThat(statements).filteredOn(s -> Synthesized.listOf(s.get("Action")).contains("logs:PutLogEvents")).singleElement()
                .satisfies(s -> assertThat(Synthesized.listOf(s.get("Resource")))
                        .containsExactly(Map.of("Fn::GetAtt", List.of(logsId, "Arn"))));
    }

    @Test
    void routerRoleGrantsOnlyLogsToItsOwnGroupTracingAndQuery() {
        String routerLogsId = stack.resources("AWS::Logs::LogGroup").keySet().stream()
                .filter(id -> id.contains("RouterLogs")).findFirst().orElseThrow();
        List<Map<String, Object>> statements = stack.routerRoleStatements();
        assertThat(statements.stream().flatMap(s -> Synthesized.listOf(s.get("Action")).stream()).map(Object::toString))
                .containsExactlyInAnyOrder("logs:CreateLogStream", "logs:PutLogEvents",
                        "xray:PutTraceSegments", "xray:PutTelemetryRecords", "dynamodb:Query", "dynamodb:GetItem");
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
    void everyMethodPassesTheRequestAuthorizerFirst() {
        String authorizerId = stack.only("AWS::ApiGateway::Authorizer").getKey();
        assertThat(stack.resources("AWS::ApiGateway::Method").values())
                .extracting(Synthesized::properties)
                .hasSize(2)
                .allSatisfy(method -> {
                    assertThat(method.get("AuthorizationType")).isEqualTo("CUSTOM");
                    assertThat(method.get("AuthorizerId")).isEqualTo(Map.of("Ref", authorizerId));
                    assertThat(method.get("ApiKeyRequired")).isEqualTo(false);
                });
    }

    /**
     * With an identity source API Gateway would answer 401 to every request without that header, before
     * the authorizer could let anonymous callers of public routes or API-key callers through.
     */
    @Test
    void authorizerCachesNothingAndHasNoIdentitySourceByDefault() {
        assertThat(Synthesized.properties(stack.only("AWS::ApiGateway::Authorizer").getValue()))
                .containsEntry("Type", "REQUEST")
                .containsEntry("AuthorizerResultTtlInSeconds", 0)
                .doesNotContainKey("IdentitySource");
    }

    @Test
    void authorizerInvokesTheLiveAliasOfTheAuthorizer() {
        String aliasId = stack.idContaining("AWS::Lambda::Alias", "AuthorizerLive");
        String authorizerId = stack.only("AWS::ApiGateway::Authorizer").getKey();
        assertThat(Synthesized.properties(stack.only("AWS::ApiGateway::Authorizer").getValue()).get("AuthorizerUri").toString())
                .contains("Ref=" + aliasId)
                .doesNotContain(stack.functionId(LambassadorGateway.AUTHORIZER_HANDLER));
        assertThat(stack.resources("AWS::Lambda::Permission").values())
                .extracting(Synthesized::properties)
                .filteredOn(permission -> permission.get("FunctionName").equals(Map.of("Ref", aliasId)))
                .singleElement()
                .satisfies(permission -> assertThat(permission.get("SourceArn").toString())
                        .contains("/authorizers/").contains("Ref=" + authorizerId));
    }

    @Test
    void apiGatewayErrorsAnswerInTheRoutersJsonShape() {
        Map<String, Map<String, Object>> responses = stack.resources("AWS::ApiGateway::GatewayResponse");
        assertThat(responses.values()).extracting(Synthesized::properties)
                .extracting(response -> response.get("ResponseType"))
                .containsExactlyInAnyOrder("UNAUTHORIZED", "DEFAULT_4XX", "DEFAULT_5XX");
        assertThat(responses.values()).extracting(Synthesized::properties).allSatisfy(response ->
                assertThat(response.get("ResponseTemplates")).isEqualTo(Map.of("application/json",
                        "{\"message\":$context.error.messageString,\"requestId\":\"$context.requestId\"}")));
        stack.template().hasResourceProperties("AWS::ApiGateway::GatewayResponse", Map.of(
                "ResponseType", "UNAUTHORIZED",
                // Without CORS settings no CORS headers: only the challenge.
                "ResponseParameters", Map.of("gatewayresponse.header.WWW-Authenticate", "'Bearer'")));
    }

    @Test
    void stageWritesJsonAccessLogsWithRequestIdToItsLogGroup() {
        String accessLogsId = stack.resources("AWS::Logs::LogGroup").keySet().stream()
                .filter(id -> id.contains("AccessLogs")).findFirst().orElseThrow();
        stack.template().hasResourceProperties("AWS::ApiGateway::Stage", Map.of(
                "StageName", "prod",
                "AccessLogSetting", Map.of(
                        "DestinationArn", Map.of("Fn::GetAtt", List.of(accessLogsId, "Arn")),
                        "Format", Match.serializedJson(Match.objectLike(Map.ofEntries(
                                Map.entry("requestId", "$context.requestId"),
                                Map.entry("ip", "$context.identity.sourceIp"),
                                Map.entry("httpMethod", "$context.httpMethod"),
                                Map.entry("path", "$context.path"),
                                Map.entry("status", "$context.status"),
                                Map.entry("integrationLatency", "$context.integrationLatency"),
                                Map.entry("integrationError", "$context.integrationErrorMessage"),
                                Map.entry("xrayTraceId", "$context.xrayTraceId"),
                                Map.entry("principalId", "$context.authorizer.principalId"),
                                Map.entry("auth", "$context.authorizer.auth"),
                                Map.entry("authorizerError", "$context.authorizer.error")))))));
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
        stack.template().resourceCountIs("AWS::Logs::LogGroup", 4);
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
    void outputsNameTheUrlTheTableAndTheFunctions() {
        String apiId = stack.only("AWS::ApiGateway::RestApi").getKey();
        stack.template().hasOutput("ApiUrl", Map.of("Value", Map.of("Fn::Join", Match.arrayWith(List.of(
                Match.arrayWith(List.of(Map.of("Ref", apiId))))))));
        stack.template().hasOutput("RoutesTableName", Map.of("Value", Map.of("Ref", stack.only("AWS::DynamoDB::Table").getKey())));
        stack.template().hasOutput("RouterFunctionName",
                Map.of("Value", Map.of("Ref", stack.functionId(LambassadorGateway.ROUTER_HANDLER))));
        stack.template().hasOutput("AuthorizerFunctionName",
                Map.of("Value", Map.of("Ref", stack.functionId(LambassadorGateway.AUTHORIZER_HANDLER))));
        assertThat(stack.template().findOutputs("*").keySet())
                .containsExactlyInAnyOrder("ApiUrl", "RoutesTableName", "RouterFunctionName", "AuthorizerFunctionName");
    }

    @Test
    void synthesizedTemplatePassesCfnLint() {
        CfnLint.assertCleanCdkTemplate(stack.templateFile());
    }
}
