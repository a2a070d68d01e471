package dev.lambassador.infra;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lambassador.core.auth.RouteAuth;
import dev.lambassador.core.settings.FunctionSettings;
import dev.lambassador.core.store.TableSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.jr.ob.JSON;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The SAM template at the repository root: lint-clean, and where it deploys what the CDK stack deploys
 * (authorizer, router, their roles, table, REST API settings), equal to the construct's constants, so that
 * a change on one side fails here until the other follows. What SAM leaves out is listed in docs/deploy.md.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SamTemplateTest {

    private static final Path TEMPLATE = Synthesized.REPOSITORY_ROOT.resolve("template.yaml");

    private Map<String, Object> template;
    private Map<String, Object> expanded;

    @BeforeAll
    void readTemplate() {
        template = CloudFormationYaml.read(TEMPLATE);
        expanded = SamTranslator.expand(read(TEMPLATE));
    }

    @Test
    void samTemplatePassesCfnLintWithoutFindings() {
        CfnLint.Result result = CfnLint.lint(TEMPLATE);
        assertThat(result.exitCode()).as("cfn-lint template.yaml:%n%s", result.output()).isZero();
    }

    @Test
    void routerFunctionIsTheCdkRouter() {
        Map<String, Object> router = properties("RouterFunction");
        assertThat(LambassadorGatewayProps.DEFAULT_TRACING).isTrue();
        assertThat(LambassadorGatewayProps.DEFAULT_SNAP_START).isTrue();
        assertThat(router)
                .containsEntry("Runtime", LambassadorGateway.ROUTER_RUNTIME.getName())
                .containsEntry("Architectures", List.of(LambassadorGatewayProps.DEFAULT_ARCHITECTURE.getName()))
                .containsEntry("Handler", LambassadorGateway.ROUTER_HANDLER)
                .containsEntry("CodeUri", LambassadorGatewayProps.DEFAULT_ROUTER_JAR)
                .containsEntry("Tracing", "Active")
                .containsEntry("AutoPublishAlias", LambassadorGateway.ROUTER_ALIAS_NAME)
                .containsEntry("SnapStart", Map.of("ApplyOn", "PublishedVersions"));
        assertThat(map(map(router, "Environment"), "Variables"))
                .containsEntry(FunctionSettings.ROUTES_TABLE.name(), Map.of("Ref", "RoutesTable"))
                .containsEntry(FunctionSettings.ROUTES_TTL_SECONDS.name(), Map.of("Ref", "RoutesTtlSeconds"))
                .containsEntry(FunctionSettings.DEFAULT_ROUTE_AUTH.name(), Map.of("Ref", "DefaultRouteAuth"))
                .containsEntry("JAVA_TOOL_OPTIONS", LambassadorGateway.ROUTER_JAVA_TOOL_OPTIONS);
    }

    @Test
    void authorizerFunctionIsTheCdkAuthorizer() {
        Map<String, Object> authorizer = properties("AuthorizerFunction");
        assertThat(authorizer)
                .containsEntry("Runtime", LambassadorGateway.ROUTER_RUNTIME.getName())
                .containsEntry("Architectures", List.of(LambassadorGatewayProps.DEFAULT_ARCHITECTURE.getName()))
                .containsEntry("Handler", LambassadorGateway.AUTHORIZER_HANDLER)
                .containsEntry("CodeUri", LambassadorGatewayProps.DEFAULT_AUTHORIZER_JAR)
                .containsEntry("MemorySize", Map.of("Ref", "AuthorizerMemoryMb"))
                .containsEntry("Timeout", Integer.toString(LambassadorGateway.AUTHORIZER_TIMEOUT_SECONDS))
                .containsEntry("Tracing", "Active")
                .containsEntry("AutoPublishAlias", LambassadorGateway.ROUTER_ALIAS_NAME)
                .containsEntry("SnapStart", Map.of("ApplyOn", "PublishedVersions"))
                .containsEntry("LoggingConfig", Map.of("LogGroup", Map.of("Ref", "AuthorizerLogGroup"), "LogFormat", "JSON",
                        "ApplicationLogLevel", LambassadorGatewayProps.DEFAULT_LOG_LEVEL, "SystemLogLevel", "INFO"))
                .containsEntry("Role", Map.of("Fn::GetAtt", List.of("AuthorizerRole", "Arn")))
                .doesNotContainKeys("Policies", "Events");
        assertThat(map(map(authorizer, "Environment"), "Variables")).isEqualTo(Map.of(
                FunctionSettings.JWT_ISSUERS.name(), Map.of("Ref", "JwtIssuers"),
                FunctionSettings.JWT_AUDIENCES.name(), Map.of("Ref", "JwtAudiences"),
                FunctionSettings.API_KEYS_TABLE.name(), Map.of("Ref", "RoutesTable"),
                FunctionSettings.ANONYMOUS_ACCESS.name(), Map.of("Ref", "AnonymousAccess"),
                FunctionSettings.POWERTOOLS_SERVICE_NAME.name(), Map.of("Ref", "AWS::StackName"),
                FunctionSettings.POWERTOOLS_METRICS_NAMESPACE.name(), LambassadorGatewayProps.DEFAULT_METRICS_NAMESPACE,
                "JAVA_TOOL_OPTIONS", LambassadorGateway.AUTHORIZER_JAVA_TOOL_OPTIONS));
    }

    @Test
    void authorizerRoleGrantsWhatTheCdkAuthorizerRoleGrants() {
        assertThat(properties("AuthorizerRole")).doesNotContainKeys("ManagedPolicyArns", "PermissionsBoundary");
        List<Object> policies = list(properties("AuthorizerRole"), "Policies");
        assertThat(policies).singleElement().satisfies(policy -> assertThat(list(map(cast(policy), "PolicyDocument"), "Statement"))
                .containsExactly(
                        Map.of("Effect", "Allow",
                                "Action", List.of("logs:CreateLogStream", "logs:PutLogEvents"),
                                "Resource", Map.of("Fn::GetAtt", List.of("AuthorizerLogGroup", "Arn"))),
                        Map.of("Effect", "Allow",
                                "Action", List.of("xray:PutTraceSegments", "xray:PutTelemetryRecords"),
                                "Resource", "*"),
                        Map.of("Effect", "Allow",
                                "Action", "dynamodb:GetItem",
                                "Resource", Map.of("Fn::GetAtt", List.of("RoutesTable", "Arn")),
                                "Condition", Map.of("ForAllValues:StringEquals",
                                        Map.of("dynamodb:LeadingKeys", TableSchema.partitions(TableSchema.AUTHORIZER_READS))))));
    }

    @Test
    void routerRunsWithItsOwnRoleRatherThanSamsManagedPolicies() {
        Map<String, Object> router = properties("RouterFunction");
        assertThat(router).containsEntry("Role", Map.of("Fn::GetAtt", List.of("RouterRole", "Arn")))
                .doesNotContainKey("Policies");
        assertThat(properties("RouterRole")).doesNotContainKeys("ManagedPolicyArns", "PermissionsBoundary");
    }

    @Test
    void routerRoleGrantsWhatTheCdkRouterRoleGrants() {
        List<Object> policies = list(properties("RouterRole"), "Policies");
        assertThat(policies).singleElement().satisfies(policy -> assertThat(list(map(cast(policy), "PolicyDocument"), "Statement"))
                .containsExactly(
                        Map.of("Effect", "Allow",
                                "Action", List.of("logs:CreateLogStream", "logs:PutLogEvents"),
                                "Resource", Map.of("Fn::GetAtt", List.of("RouterLogGroup", "Arn"))),
                        Map.of("Effect", "Allow",
                                "Action", List.of("xray:PutTraceSegments", "xray:PutTelemetryRecords"),
                                "Resource", "*"),
                        Map.of("Effect", "Allow",
                                "Action", "dynamodb:Query",
                                "Resource", Map.of("Fn::GetAtt", List.of("RoutesTable", "Arn")),
                                "Condition", Map.of("ForAllValues:StringEquals",
                                        Map.of("dynamodb:LeadingKeys", TableSchema.partitions(TableSchema.ROUTER_READS)))),
                        Map.of("Effect", "Allow",
                                "Action", "dynamodb:GetItem",
                                "Resource", Map.of("Fn::GetAtt", List.of("RoutesTable", "Arn")),
                                "Condition", Map.of("ForAllValues:StringEquals",
                                        Map.of("dynamodb:LeadingKeys", TableSchema.partitions(TableSchema.ROUTER_CHECKS)))),
                        // The construct's lambdaBackendFunctions, as one name prefix: nothing unless it is set.
                        Map.of("Fn::If", List.of("InvokesLambdaBackends",
                                Map.of("Effect", "Allow",
                                        "Action", "lambda:InvokeFunction",
                                        "Resource", Map.of("Fn::Sub",
                                                "arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:${LambdaBackendPrefix}*")),
                                Map.of("Ref", "AWS::NoValue")))));
        assertThat(map(map(template, "Parameters"), "LambdaBackendPrefix")).containsEntry("Default", "");
    }

    @Test
    void routesTableStreamsWhatTheCdkTableStreams() {
        assertThat(properties("RoutesTable")).containsEntry("StreamSpecification",
                Map.of("StreamViewType", LambassadorGateway.TABLE_STREAM.name()));
    }

    @Test
    void routesTableExpiresTheAuditHistoryAsTheCdkTableDoes() {
        assertThat(properties("RoutesTable")).containsEntry("TimeToLiveSpecification",
                Map.of("AttributeName", TableSchema.EXPIRES_AT, "Enabled", "true"));
    }

    @Test
    void revisionFunctionIsTheCdkRevisionFunction() {
        Map<String, Object> revision = properties("RevisionFunction");
        assertThat(revision)
                .containsEntry("Runtime", LambassadorGateway.ROUTER_RUNTIME.getName())
                .containsEntry("Architectures", List.of(LambassadorGatewayProps.DEFAULT_ARCHITECTURE.getName()))
                .containsEntry("Handler", LambassadorGateway.REVISION_HANDLER)
                .containsEntry("CodeUri", LambassadorGatewayProps.DEFAULT_ROUTER_JAR)
                .containsEntry("MemorySize", Integer.toString(LambassadorGateway.REVISION_MEMORY_MB))
                .containsEntry("Timeout", Integer.toString(LambassadorGateway.REVISION_TIMEOUT_SECONDS))
                .containsEntry("Tracing", "Active")
                .containsEntry("AutoPublishAlias", LambassadorGateway.ROUTER_ALIAS_NAME)
                .containsEntry("SnapStart", Map.of("ApplyOn", "PublishedVersions"))
                .containsEntry("Role", Map.of("Fn::GetAtt", List.of("RevisionRole", "Arn")))
                .containsEntry("Environment", Map.of("Variables", Map.of("JAVA_TOOL_OPTIONS", LambassadorGateway.ROUTER_JAVA_TOOL_OPTIONS)))
                .containsEntry("Events", Map.of("TableChanges", Map.of("Type", "DynamoDB", "Properties", Map.of(
                        "Stream", Map.of("Fn::GetAtt", List.of("RoutesTable", "StreamArn")),
                        "StartingPosition", "LATEST",
                        "BatchSize", "100"))));
    }

    @Test
    void revisionRoleGrantsWhatTheCdkRevisionRoleGrants() {
        assertThat(properties("RevisionRole")).doesNotContainKeys("ManagedPolicyArns", "PermissionsBoundary");
        List<Object> policies = list(properties("RevisionRole"), "Policies");
        assertThat(policies).singleElement().satisfies(policy -> assertThat(list(map(cast(policy), "PolicyDocument"), "Statement"))
                .containsExactly(
                        Map.of("Effect", "Allow",
                                "Action", List.of("logs:CreateLogStream", "logs:PutLogEvents"),
                                "Resource", Map.of("Fn::GetAtt", List.of("RevisionLogGroup", "Arn"))),
                        Map.of("Effect", "Allow",
                                "Action", List.of("xray:PutTraceSegments", "xray:PutTelemetryRecords"),
                                "Resource", "*"),
                        Map.of("Effect", "Allow",
                                "Action", List.of("dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator"),
                                "Resource", Map.of("Fn::GetAtt", List.of("RoutesTable", "StreamArn"))),
                        Map.of("Effect", "Allow",
                                "Action", "dynamodb:ListStreams",
                                "Resource", "*"),
                        Map.of("Effect", "Allow",
                                "Action", "dynamodb:UpdateItem",
                                "Resource", Map.of("Fn::GetAtt", List.of("RoutesTable", "Arn")),
                                "Condition", Map.of("ForAllValues:StringEquals",
                                        Map.of("dynamodb:LeadingKeys", TableSchema.partitions(TableSchema.ROUTER_CHECKS))))));
    }

    /**
     * SAM hashes the function's parameter references unresolved, so only a changed version description
     * makes CloudFormation publish a version when a parameter value changes; see template.yaml.
     */
    @ParameterizedTest
    @ValueSource(strings = {"RouterFunction", "AuthorizerFunction"})
    void versionDescriptionNamesEveryParameterTheConfigurationReads(String functionId) {
        Map<String, Object> function = new LinkedHashMap<>(properties(functionId));
        String description = (String) map(function, "VersionDescription").get("Fn::Sub");
        function.keySet().removeAll(List.of("Description", "VersionDescription"));
        Set<String> parameters = map(template, "Parameters").keySet();
        Set<String> readByConfiguration = new TreeSet<>(refsTo(parameters, function));
        // ROUTES_TABLE and API_KEYS_TABLE are !Ref RoutesTable, whose name is the TableName parameter.
        readByConfiguration.add("TableName");

        Matcher variable = Pattern.compile("\\$\\{([A-Za-z0-9]+)}").matcher(description);
        Set<String> described = new TreeSet<>();
        while (variable.find()) {
            described.add(variable.group(1));
        }
        assertThat(described).isEqualTo(readByConfiguration).hasSizeGreaterThan(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"RouterFunction", "AuthorizerFunction"})
    void versionsTheAliasLeftAreDeleted(String functionId) {
        assertThat(properties(functionId)).containsEntry("VersionDeletionPolicy", "Delete");
    }

    @Test
    void accountRoleIsOptionalAndOnByDefaultLikeTheConstructs() {
        assertThat(map(map(template, "Parameters"), "CreateCloudWatchRole"))
                .containsEntry("Default", Boolean.toString(LambassadorGatewayProps.DEFAULT_CLOUD_WATCH_ROLE));
        assertThat(resource("ApiGatewayAccount")).containsEntry("Condition", "CreatesCloudWatchRole");
        assertThat(resource("ApiGatewayCloudWatchRole")).containsEntry("Condition", "CreatesCloudWatchRole");
        // DependsOn may not name a conditional resource; the API waits for the account through this handle.
        assertThat(resource("RouterApi")).containsEntry("DependsOn", "ApiGatewayAccountReady");
        assertThat(map(resource("ApiGatewayAccountReady"), "Metadata")).containsValue(
                Map.of("Fn::If", List.of("CreatesCloudWatchRole", Map.of("Ref", "ApiGatewayAccount"), "")));
    }

    @Test
    void routesTableHasTheCdkTablesSchemaAndProtection() {
        assertThat(properties("RoutesTable"))
                .containsEntry("BillingMode", LambassadorGateway.TABLE_BILLING_MODE.name())
                .containsEntry("KeySchema", List.of(
                        Map.of("AttributeName", TableSchema.PARTITION_KEY, "KeyType", "HASH"),
                        Map.of("AttributeName", TableSchema.SORT_KEY, "KeyType", "RANGE")))
                .containsEntry("PointInTimeRecoverySpecification", Map.of("PointInTimeRecoveryEnabled", "true"))
                .containsEntry("DeletionProtectionEnabled", Map.of("Fn::If", List.of("IsDevelopmentStage", "false", "true")));
        assertThat(resource("RoutesTable")).containsEntry("DeletionPolicy", "Retain");
    }

    @Test
    void developmentStagesAreTheConstructs() {
        assertThat(map(map(template, "Conditions"), "IsDevelopmentStage").toString())
                .contains(LambassadorGatewayProps.DEVELOPMENT_STAGE_NAMES);
    }

    @Test
    void rootAndEveryPathGoToTheRouter() {
        Map<String, Object> events = map(properties("RouterFunction"), "Events");
        assertThat(events.values()).extracting(event -> map(cast(event), "Properties"))
                .extracting(event -> event.get("Path") + " " + event.get("Method"))
                .containsExactlyInAnyOrder("/ ANY", "/{proxy+} ANY", "/ OPTIONS", "/{proxy+} OPTIONS");
        assertThat(events.values()).allSatisfy(event -> assertThat(cast(event)).containsEntry("Type", "Api"));
    }

    @Test
    void accessLogIsTheCdkStacksJson() throws IOException {
        Map<String, Object> accessLog = map(properties("RouterApi"), "AccessLogSetting");
        assertThat(JSON.std.mapFrom(accessLog.get("Format"))).isEqualTo(AccessLogFormats.restFields());
        assertThat(properties("RouterApi")).containsEntry("TracingEnabled", "true")
                .containsEntry("BinaryMediaTypes", List.of("*~1*"));
    }

    /** ReauthorizeEvery must be a literal 0: with a parameter reference the SAM transform demands an identity source. */
    @Test
    void everyMethodPassesAnUncachedRequestAuthorizerOnTheAuthorizersAlias() {
        Map<String, Object> auth = map(properties("RouterApi"), "Auth");
        assertThat(auth)
                .containsEntry("DefaultAuthorizer", "LambassadorAuthorizer")
                .containsEntry("AddDefaultAuthorizerToCorsPreflight", "false");
        assertThat(map(map(auth, "Authorizers"), "LambassadorAuthorizer")).isEqualTo(Map.of(
                "FunctionPayloadType", "REQUEST",
                "FunctionArn", Map.of("Ref", "AuthorizerFunction.Alias"),
                "Identity", Map.of("ReauthorizeEvery", "0")));
    }

    /** What the SAM transform makes of the Auth section: no identity source, no caching, every method behind it. */
    @Test
    void expandedApiHasAnAuthorizerWithoutIdentitySourceOnBothMethods() {
        Map<String, Object> body = map(expandedResource("AWS::ApiGateway::RestApi"), "Body");
        Map<String, Object> scheme = map(map(map(body, "components"), "securitySchemes"), "LambassadorAuthorizer");
        assertThat(map(scheme, "x-amazon-apigateway-authorizer"))
                .containsEntry("type", "request")
                .containsEntry("authorizerResultTtlInSeconds", 0)
                .doesNotContainKey("identitySource");
        assertThat(map(body, "paths").values()).hasSize(2).allSatisfy(path ->
                assertThat(map(cast(path), "x-amazon-apigateway-any-method"))
                        .containsEntry("security", List.of(Map.of("LambassadorAuthorizer", List.of()))));
    }

    /** Browsers send no credentials on a preflight: OPTIONS goes to the router, which answers CORS, without the authorizer. */
    @Test
    void preflightsReachTheRouterWithoutTheAuthorizer() {
        Map<String, Object> body = map(expandedResource("AWS::ApiGateway::RestApi"), "Body");
        assertThat(map(body, "paths").values()).hasSize(2).allSatisfy(path -> {
            Map<String, Object> options = map(cast(path), "options");
            assertThat(options).containsEntry("security", List.of(Map.of("NONE", List.of())));
            assertThat(map(options, "x-amazon-apigateway-integration")).containsEntry("type", "aws_proxy");
            assertThat(map(cast(path), "x-amazon-apigateway-any-method"))
                    .containsEntry("security", List.of(Map.of("LambassadorAuthorizer", List.of())));
        });
        assertThat(map(map(properties("RouterFunction"), "Environment"), "Variables"))
                .containsEntry("CORS_ALLOW_ORIGINS", Map.of("Ref", "CorsAllowOrigins"));
    }

    @Test
    void apiGatewayErrorsAreTheCdkStacks() {
        Map<String, Object> responses = map(properties("RouterApi"), "GatewayResponses");
        assertThat(responses).containsOnlyKeys("UNAUTHORIZED", "DEFAULT_4XX", "DEFAULT_5XX");
        assertThat(responses.values()).allSatisfy(response -> assertThat(map(cast(response), "ResponseTemplates"))
                .isEqualTo(Map.of("application/json", LambassadorGateway.ERROR_RESPONSE_TEMPLATE)));
        assertThat(map(map(cast(responses.get("UNAUTHORIZED")), "ResponseParameters"), "Headers"))
                .isEqualTo(Map.of("WWW-Authenticate", "'Bearer'"));
    }

    @Test
    void jwtAudiencesAndIssuersGoTogetherAsInTheConstruct() {
        Map<String, Object> rules = map(template, "Rules");
        assertThat(rules).containsOnlyKeys("AudiencesWithIssuers", "IssuersWithAudiences");
        assertThat(map(rules, "AudiencesWithIssuers").toString()).contains("Ref=JwtIssuers").contains("Ref=JwtAudiences");
    }

    @Test
    void parameterDefaultsAreTheConstructDefaults() {
        Map<String, Object> parameters = map(template, "Parameters");
        assertThat(map(parameters, "Stage")).containsEntry("Default", LambassadorGatewayProps.DEFAULT_STAGE_NAME);
        assertThat(map(parameters, "RouterMemoryMb"))
                .containsEntry("Default", Integer.toString(LambassadorGatewayProps.DEFAULT_ROUTER_MEMORY_MB));
        assertThat(map(parameters, "RouterTimeoutSeconds"))
                .containsEntry("Default", Long.toString(LambassadorGatewayProps.DEFAULT_ROUTER_TIMEOUT.toSeconds()));
        assertThat(map(parameters, "RoutesTtlSeconds"))
                .containsEntry("Default", Long.toString(LambassadorGatewayProps.DEFAULT_ROUTES_TTL.toSeconds()));
        assertThat(map(parameters, "LogRetentionDays"))
                .containsEntry("Default", Integer.toString(LambassadorApp.days(LambassadorGatewayProps.DEFAULT_LOG_RETENTION)));
        assertThat(map(parameters, "ThrottleRateLimit"))
                .containsEntry("Default", Long.toString((long) LambassadorGatewayProps.DEFAULT_THROTTLING.rateLimit()));
        assertThat(map(parameters, "ThrottleBurstLimit"))
                .containsEntry("Default", Integer.toString(LambassadorGatewayProps.DEFAULT_THROTTLING.burstLimit()));
        assertThat(map(parameters, "AuthorizerMemoryMb"))
                .containsEntry("Default", Integer.toString(LambassadorGatewayProps.DEFAULT_AUTHORIZER_MEMORY_MB));
        assertThat(map(parameters, "AnonymousAccess"))
                .containsEntry("Default", Boolean.toString(LambassadorGatewayProps.DEFAULT_ANONYMOUS_ACCESS));
        assertThat(map(parameters, "DefaultRouteAuth"))
                .containsEntry("Default", LambassadorGatewayProps.DEFAULT_ROUTE_AUTH.attribute())
                .containsEntry("AllowedValues", List.of(RouteAuth.choices().split(", ")));
        assertThat(map(parameters, "JwtIssuers")).containsEntry("Default", "");
        assertThat(map(parameters, "JwtAudiences")).containsEntry("Default", "");
        // Caching is off in SAM, which is the construct's default.
        assertThat(LambassadorGatewayProps.DEFAULT_AUTHORIZER_CACHE_TTL).isZero();
    }

    @Test
    void outputsMatchTheCdkStacks() {
        assertThat(map(template, "Outputs"))
                .containsOnlyKeys("ApiUrl", "RoutesTableName", "RouterFunctionName", "AuthorizerFunctionName");
    }

    /** The names among {@code names} that {@code value} refers to with Ref or inside Fn::Sub. */
    private static Set<String> refsTo(Set<String> names, Object value) {
        Set<String> found = new TreeSet<>();
        if (value instanceof Map<?, ?> object) {
            if (object.get("Ref") instanceof String ref && names.contains(ref)) {
                found.add(ref);
            }
            if (object.get("Fn::Sub") instanceof String text) {
                names.stream().filter(name -> text.contains("${" + name + "}")).forEach(found::add);
            }
            object.values().forEach(child -> found.addAll(refsTo(names, child)));
        } else if (value instanceof List<?> items) {
            items.forEach(item -> found.addAll(refsTo(names, item)));
        }
        return found;
    }

    private Map<String, Object> expandedResource(String type) {
        return resourceOfType(expanded, type);
    }

    private static Map<String, Object> resourceOfType(Map<String, Object> template, String type) {
        List<Map<String, Object>> found = map(template, "Resources").values().stream()
                .map(SamTemplateTest::cast)
                .filter(resource -> type.equals(resource.get("Type")))
                .toList();
        assertThat(found).as("resources of type %s", type).hasSize(1);
        return map(found.getFirst(), "Properties");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Map<String, Object> resource(String logicalId) {
        return map(map(template, "Resources"), logicalId);
    }

    private Map<String, Object> properties(String logicalId) {
        return map(resource(logicalId), "Properties");
    }

    private static Map<String, Object> map(Map<String, Object> parent, String key) {
        assertThat(parent).containsKey(key);
        return cast(parent.get(key));
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Map<String, Object> parent, String key) {
        assertThat(parent).containsKey(key);
        return (List<Object>) parent.get(key);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Object value) {
        return (Map<String, Object>) value;
    }
}
