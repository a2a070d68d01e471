package dev.lambassador.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
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

/**
 * The SAM template at the repository root: lint-clean, and where it deploys what the CDK stack deploys
 * (router, its role, table, REST API settings), equal to the construct's constants, so that a change
 * on one side fails here until the other follows. What SAM leaves out is listed in docs/deploy.md.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SamTemplateTest {

    private static final Path TEMPLATE = Synthesized.REPOSITORY_ROOT.resolve("template.yaml");

    private Map<String, Object> template;

    @BeforeAll
    void readTemplate() {
        template = CloudFormationYaml.read(TEMPLATE);
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
                .containsEntry(LambassadorGateway.ENV_ROUTES_TABLE, Map.of("Ref", "RoutesTable"))
                .containsEntry(LambassadorGateway.ENV_ROUTES_TTL_SECONDS, Map.of("Ref", "RoutesTtlSeconds"))
                .containsEntry("JAVA_TOOL_OPTIONS", LambassadorGateway.ROUTER_JAVA_TOOL_OPTIONS);
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
                                        Map.of("dynamodb:LeadingKeys", List.of(LambassadorGateway.ROUTE_PARTITION))))));
    }

    /**
     * SAM hashes the function's parameter references unresolved, so only a changed version description
     * makes CloudFormation publish a version when a parameter value changes; see template.yaml.
     */
    @Test
    void versionDescriptionNamesEveryParameterTheRouterConfigurationReads() {
        Map<String, Object> router = new LinkedHashMap<>(properties("RouterFunction"));
        String description = (String) map(router, "VersionDescription").get("Fn::Sub");
        router.keySet().removeAll(List.of("Description", "VersionDescription"));
        Set<String> parameters = map(template, "Parameters").keySet();
        Set<String> readByConfiguration = new TreeSet<>(refsTo(parameters, router));
        // ROUTES_TABLE is !Ref RoutesTable, whose name is the TableName parameter.
        readByConfiguration.add("TableName");

        Matcher variable = Pattern.compile("\\$\\{([A-Za-z0-9]+)}").matcher(description);
        Set<String> described = new TreeSet<>();
        while (variable.find()) {
            described.add(variable.group(1));
        }
        assertThat(described).isEqualTo(readByConfiguration)
                .contains("RouterMemoryMb", "RouterTimeoutSeconds", "RoutesTtlSeconds");
    }

    @Test
    void versionsTheAliasLeftAreDeleted() {
        assertThat(properties("RouterFunction")).containsEntry("VersionDeletionPolicy", "Delete");
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
                        Map.of("AttributeName", LambassadorGateway.PARTITION_KEY, "KeyType", "HASH"),
                        Map.of("AttributeName", LambassadorGateway.SORT_KEY, "KeyType", "RANGE")))
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
                .containsExactlyInAnyOrder("/ ANY", "/{proxy+} ANY");
        assertThat(events.values()).allSatisfy(event -> assertThat(cast(event)).containsEntry("Type", "Api"));
    }

    @Test
    void accessLogIsTheCdkStacksJson() throws IOException {
        Map<String, Object> accessLog = map(properties("RouterApi"), "AccessLogSetting");
        assertThat(JSON.std.mapFrom(accessLog.get("Format"))).isEqualTo(AccessLogFormats.restFields());
        assertThat(properties("RouterApi")).containsEntry("TracingEnabled", "true")
                .containsEntry("BinaryMediaTypes", List.of("*~1*"));
    }

    @Test
    void apiHasNoAuthorizerUntilTheAuthorizerFunctionExists() {
        assertThat(properties("RouterApi")).doesNotContainKey("Auth");
        assertThat(map(template, "Resources").values())
                .noneMatch(r -> String.valueOf(cast(r).get("Type")).contains("Authorizer"));
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
    }

    @Test
    void outputsMatchTheCdkStacks() {
        assertThat(map(template, "Outputs")).containsOnlyKeys("ApiUrl", "RoutesTableName", "RouterFunctionName");
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
