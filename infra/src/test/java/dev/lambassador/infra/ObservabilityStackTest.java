package dev.lambassador.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lambassador.core.settings.FunctionSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.assertions.Match;

/**
 * What the stacks set up for observability: JSON logs at INFO through Lambda's advanced logging
 * controls, the service and namespace the functions report under, X-Ray, the dashboard and the
 * alarms; and the SAM template doing the same where it can.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ObservabilityStackTest {

    private Synthesized defaults;
    private Synthesized quiet;
    private Map<String, Object> template;

    @BeforeAll
    void synthesize(@TempDir Path workDir) {
        defaults = Synthesized.synth(workDir.resolve("defaults"), Synthesized.withJars(workDir, Map.of()), LambassadorApp::stack);
        quiet = Synthesized.synth(workDir.resolve("quiet"), Synthesized.withJars(workDir, Map.of(
                "dashboard", "false", "alarms", "false", "logLevel", "debug", "metricsNamespace", "Acme/Gateway")), LambassadorApp::stack);
        template = CloudFormationYaml.read(Synthesized.REPOSITORY_ROOT.resolve("template.yaml"));
    }

    @Test
    void bothFunctionsLogJsonAtInfoAndAreTraced() {
        for (String handler : List.of(LambassadorGateway.ROUTER_HANDLER, LambassadorGateway.AUTHORIZER_HANDLER)) {
            defaults.template().hasResourceProperties("AWS::Lambda::Function", Map.of(
                    "Handler", handler,
                    "LoggingConfig", Match.objectLike(Map.of("LogFormat", "JSON", "ApplicationLogLevel", "INFO", "SystemLogLevel", "INFO")),
                    "TracingConfig", Map.of("Mode", "Active")));
        }
        quiet.template().hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Handler", LambassadorGateway.ROUTER_HANDLER,
                "LoggingConfig", Match.objectLike(Map.of("ApplicationLogLevel", "DEBUG"))));
    }

    @Test
    void bothFunctionsReportUnderTheStacksNameInTheNamespace() {
        for (String handler : List.of(LambassadorGateway.ROUTER_HANDLER, LambassadorGateway.AUTHORIZER_HANDLER)) {
            defaults.template().hasResourceProperties("AWS::Lambda::Function", Map.of(
                    "Handler", handler,
                    "Environment", Map.of("Variables", Match.objectLike(Map.of(
                            FunctionSettings.POWERTOOLS_SERVICE_NAME.name(), "lambassador-prod",
                            FunctionSettings.POWERTOOLS_METRICS_NAMESPACE.name(), "Lambassador")))));
        }
        quiet.template().hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Handler", LambassadorGateway.ROUTER_HANDLER,
                "Environment", Map.of("Variables", Match.objectLike(Map.of(
                        FunctionSettings.POWERTOOLS_METRICS_NAMESPACE.name(), "Acme/Gateway")))));
    }

    @Test
    void fourAlarmsWatchTheGatewaysOwnMetrics() {
        Map<String, Map<String, Object>> alarms = defaults.resources("AWS::CloudWatch::Alarm");
        assertThat(alarms).hasSize(4);
        Map<String, Map<String, Object>> byMetric = alarms.values().stream().map(Synthesized::properties)
                .collect(Collectors.toMap(alarm -> String.valueOf(alarm.get("MetricName")), alarm -> alarm));
        assertThat(byMetric).containsOnlyKeys("5XXError", "Latency", "CircuitOpens", "RouteTableRefreshFailures");
        assertThat(byMetric.values()).allSatisfy(alarm -> assertThat(alarm)
                .containsEntry("Namespace", "Lambassador")
                .containsEntry("Dimensions", List.of(Map.of("Name", "service", "Value", "lambassador-prod")))
                .containsEntry("TreatMissingData", "notBreaching"));
        assertThat(byMetric.get("5XXError")).containsEntry("Statistic", "Average").containsEntry("Threshold", 0.05)
                .containsEntry("ComparisonOperator", "GreaterThanThreshold");
        assertThat(byMetric.get("Latency")).containsEntry("ExtendedStatistic", "p99").containsEntry("Threshold", 3000);
        assertThat(byMetric.get("CircuitOpens")).containsEntry("Statistic", "Sum").containsEntry("Threshold", 1);
    }

    @Test
    void theDashboardShowsTheMetricsAndTheSlowestRequests() {
        defaults.template().resourceCountIs("AWS::CloudWatch::Dashboard", 1);
        String body = String.valueOf(Synthesized.properties(defaults.only("AWS::CloudWatch::Dashboard").getValue()).get("DashboardBody"));
        assertThat(body).contains("5XXError", "Latency", "BackendLatency", "AuthorizerDecisions", "RouteTableAge",
                "CircuitOpens", "SEARCH(", "sort latency_ms desc");
    }

    @Test
    void dashboardAndAlarmsAreOptional() {
        quiet.template().resourceCountIs("AWS::CloudWatch::Dashboard", 0);
        quiet.template().resourceCountIs("AWS::CloudWatch::Alarm", 0);
    }

    @Test
    void levelsAboveInfoAreRefusedBecauseTheyWouldDropTheMetrics() {
        assertThatThrownBy(() -> LambassadorGatewayProps.builder().logLevel("WARN").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("logLevel").hasMessageContaining("metrics");
        assertThatThrownBy(() -> LambassadorGatewayProps.builder().metricsNamespace("AWS/Lambda").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("metricsNamespace");
    }

    @Test
    void samFunctionsLogJsonAtInfoUnderTheStacksName() {
        for (String function : List.of("RouterFunction", "AuthorizerFunction")) {
            Map<String, Object> properties = map(map(map(template, "Resources"), function), "Properties");
            assertThat(map(properties, "LoggingConfig")).containsEntry("LogFormat", "JSON")
                    .containsEntry("ApplicationLogLevel", LambassadorGatewayProps.DEFAULT_LOG_LEVEL).containsEntry("SystemLogLevel", "INFO");
            assertThat(map(map(properties, "Environment"), "Variables"))
                    .containsEntry(FunctionSettings.POWERTOOLS_SERVICE_NAME.name(), Map.of("Ref", "AWS::StackName"))
                    .containsEntry(FunctionSettings.POWERTOOLS_METRICS_NAMESPACE.name(), LambassadorGatewayProps.DEFAULT_METRICS_NAMESPACE);
        }
    }

    @Test
    void samHasTheConstructsAlarmsAtTheDefaultThresholds() {
        Map<String, Object> resources = map(template, "Resources");
        Map<String, Map<String, Object>> byMetric = resources.values().stream()
                .map(resource -> (Map<String, Object>) cast(resource))
                .filter(resource -> "AWS::CloudWatch::Alarm".equals(resource.get("Type")))
                .map(resource -> map(resource, "Properties"))
                .collect(Collectors.toMap(alarm -> String.valueOf(alarm.get("MetricName")), alarm -> alarm));
        assertThat(byMetric).containsOnlyKeys("5XXError", "Latency", "CircuitOpens", "RouteTableRefreshFailures");
        assertThat(Double.parseDouble(String.valueOf(byMetric.get("5XXError").get("Threshold"))))
                .isEqualTo(LambassadorGatewayProps.DEFAULT_SERVER_ERROR_RATE_ALARM);
        assertThat(Integer.parseInt(String.valueOf(byMetric.get("Latency").get("Threshold"))))
                .isEqualTo(LambassadorGatewayProps.DEFAULT_LATENCY_P99_ALARM_MS);
        assertThat(byMetric.values()).allSatisfy(alarm -> assertThat(alarm)
                .containsEntry("Namespace", LambassadorGatewayProps.DEFAULT_METRICS_NAMESPACE)
                .containsEntry("Dimensions", List.of(Map.of("Name", "service", "Value", Map.of("Ref", "AWS::StackName")))));
    }

    private static Map<String, Object> map(Map<String, Object> parent, String key) {
        return cast(parent.get(key));
    }

    @SuppressWarnings("unchecked")
    private static <T> T cast(Object value) {
        return (T) value;
    }
}
