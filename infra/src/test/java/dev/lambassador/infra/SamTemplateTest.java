package dev.lambassador.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.jr.ob.JSON;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The SAM template at the repository root: lint-clean, and deploying the same router, table and
 * API settings as the CDK stack, so that both ways of deploying give the same gateway.
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
        assertThat(router)
                .containsEntry("Runtime", "java21")
                .containsEntry("Architectures", List.of("arm64"))
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
    void routerMayOnlyQueryTheRoutesTable() {
        List<Object> policies = list(properties("RouterFunction"), "Policies");
        assertThat(policies).singleElement().satisfies(policy -> assertThat(list(cast(policy), "Statement"))
                .singleElement()
                .isEqualTo(Map.of(
                        "Effect", "Allow",
                        "Action", "dynamodb:Query",
                        "Resource", Map.of("Fn::GetAtt", List.of("RoutesTable", "Arn")))));
    }

    @Test
    void routesTableHasTheCdkTablesSchemaAndProtection() {
        assertThat(properties("RoutesTable"))
                .containsEntry("BillingMode", "PAY_PER_REQUEST")
                .containsEntry("KeySchema", List.of(
                        Map.of("AttributeName", "kind", "KeyType", "HASH"),
                        Map.of("AttributeName", "id", "KeyType", "RANGE")))
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
        assertThat(map(parameters, "LogRetentionDays")).containsEntry("Default", "30");
        assertThat(map(parameters, "ThrottleRateLimit"))
                .containsEntry("Default", Long.toString((long) LambassadorGatewayProps.DEFAULT_THROTTLING.rateLimit()));
        assertThat(map(parameters, "ThrottleBurstLimit"))
                .containsEntry("Default", Integer.toString(LambassadorGatewayProps.DEFAULT_THROTTLING.burstLimit()));
    }

    @Test
    void outputsMatchTheCdkStacks() {
        assertThat(map(template, "Outputs")).containsOnlyKeys("ApiUrl", "RoutesTableName", "RouterFunctionName");
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
