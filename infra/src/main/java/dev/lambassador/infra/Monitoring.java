package dev.lambassador.infra;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.AlarmStatusWidget;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.IWidget;
import software.amazon.awscdk.services.cloudwatch.LogQueryWidget;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.TextWidget;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.logs.ILogGroup;
import software.constructs.Construct;

/**
 * The gateway's CloudWatch dashboard and alarms, on the metrics the functions print as EMF documents
 * (docs/observability.md lists them): requests, error rates, latency, errors by class, requests per
 * route, authorizer decisions, circuit opens and the route table's freshness, and the slowest requests
 * from the access lines. Alarms have no actions; add them with {@code alarm.addAlarmAction(...)}.
 */
final class Monitoring {

    static final Duration PERIOD = Duration.minutes(5);
    /**
     * The access-log query the dashboard shows, also in docs/observability.md: the slowest requests of the
     * range, with what served them.
     */
    static final String SLOWEST_REQUESTS_QUERY = String.join("\n",
            "fields @timestamp, status, method, path, route, latency_ms, backend_latency_ms, error, correlation_id",
            "| filter ispresent(status)",
            "| sort latency_ms desc",
            "| limit 20");

    private final List<Alarm> alarms;
    private final Dashboard dashboard;

    private Monitoring(List<Alarm> alarms, Dashboard dashboard) {
        this.alarms = alarms;
        this.dashboard = dashboard;
    }

    List<Alarm> alarms() {
        return alarms;
    }

    Dashboard dashboard() {
        return dashboard;
    }

    /**
     * @param service    the {@code service} dimension both functions report under
     * @param routerLogs the router's log group, where its access lines are
     */
    static Monitoring create(Construct scope, LambassadorGatewayProps props, String service, ILogGroup routerLogs) {
        String namespace = props.metricsNamespace();
        Map<String, String> dimensions = Map.of("service", service);
        Metric requests = metric(namespace, "Requests", "Sum", dimensions);
        Metric serverErrors = metric(namespace, "5XXError", "Average", dimensions);
        Metric clientErrors = metric(namespace, "4XXError", "Average", dimensions);
        Metric circuitOpens = metric(namespace, "CircuitOpens", "Sum", dimensions);
        Metric refreshFailures = metric(namespace, "RouteTableRefreshFailures", "Sum", dimensions);

        List<Alarm> alarms = List.of();
        if (props.alarms()) {
            alarms = List.of(
                    Alarm.Builder.create(scope, "ServerErrorRateAlarm")
                            .alarmDescription("Lambassador: more than " + percent(props.serverErrorRateAlarm())
                                    + " of requests answered 5xx in 2 of 3 five-minute periods")
                            .metric(serverErrors)
                            .threshold(props.serverErrorRateAlarm())
                            .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                            .evaluationPeriods(3).datapointsToAlarm(2)
                            .treatMissingData(TreatMissingData.NOT_BREACHING)
                            .build(),
                    Alarm.Builder.create(scope, "LatencyP99Alarm")
                            .alarmDescription("Lambassador: p99 latency above " + props.latencyP99AlarmMs()
                                    + " ms in 2 of 3 five-minute periods")
                            .metric(metric(namespace, "Latency", "p99", dimensions))
                            .threshold(props.latencyP99AlarmMs())
                            .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                            .evaluationPeriods(3).datapointsToAlarm(2)
                            .treatMissingData(TreatMissingData.NOT_BREACHING)
                            .build(),
                    Alarm.Builder.create(scope, "CircuitOpensAlarm")
                            .alarmDescription("Lambassador: a backend's circuit opened")
                            .metric(circuitOpens)
                            .threshold(1)
                            .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                            .evaluationPeriods(1)
                            .treatMissingData(TreatMissingData.NOT_BREACHING)
                            .build(),
                    Alarm.Builder.create(scope, "RouteRefreshFailuresAlarm")
                            .alarmDescription("Lambassador: the router could not reload its routes; it serves the last good table")
                            .metric(refreshFailures)
                            .threshold(1)
                            .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                            .evaluationPeriods(1)
                            .treatMissingData(TreatMissingData.NOT_BREACHING)
                            .build());
        }
        if (!props.dashboard()) {
            return new Monitoring(alarms, null);
        }
        Dashboard dashboard = Dashboard.Builder.create(scope, "Dashboard").build();
        dashboard.addWidgets(TextWidget.Builder.create()
                .markdown("## Lambassador gateway\nMetrics in namespace `" + namespace + "`, service `" + service
                        + "`; fields and queries in docs/observability.md.")
                .width(24).height(2).build());
        dashboard.addWidgets(
                graph("Requests", List.of(requests), List.of()),
                graph("Error rates (4xx, 5xx)", List.of(clientErrors.with(label("4xx rate")), serverErrors.with(label("5xx rate"))), List.of()),
                graph("Latency (ms)", List.of(
                        metric(namespace, "Latency", "p50", dimensions).with(label("p50")),
                        metric(namespace, "Latency", "p99", dimensions).with(label("p99")),
                        metric(namespace, "BackendLatency", "p99", dimensions).with(label("backend p99"))), List.of()));
        dashboard.addWidgets(
                graph("Errors by class", List.of(search(namespace, "service,error", "Errors", service, "Sum")), List.of()),
                graph("Requests by route, version and status class",
                        List.of(search(namespace, "service,route,version,status_class", "Requests", service, "Sum")), List.of()),
                graph("Authorizer decisions by reason",
                        List.of(search(namespace, "service,decision,reason", "AuthorizerDecisions", service, "Sum")), List.of()));
        dashboard.addWidgets(
                graph("Retries and circuit opens", List.of(metric(namespace, "Retries", "Sum", dimensions), circuitOpens), List.of()),
                graph("Route table age (s, max) and failed reloads",
                        List.of(metric(namespace, "RouteTableAge", "Maximum", dimensions)), List.of(refreshFailures)),
                AlarmStatusWidget.Builder.create().title("Alarms").alarms(List.copyOf(alarms)).width(8).height(6).build());
        dashboard.addWidgets(LogQueryWidget.Builder.create()
                .title("Slowest requests (router access lines)")
                .logGroupNames(List.of(routerLogs.getLogGroupName()))
                .queryLines(List.of(SLOWEST_REQUESTS_QUERY.split("\n")))
                .width(24).height(6).build());
        return new Monitoring(alarms, dashboard);
    }

    private static Metric metric(String namespace, String name, String statistic, Map<String, String> dimensions) {
        return Metric.Builder.create()
                .namespace(namespace)
                .metricName(name)
                .statistic(statistic)
                .dimensionsMap(dimensions)
                .period(PERIOD)
                .build();
    }

    private static software.amazon.awscdk.services.cloudwatch.MetricOptions label(String label) {
        return software.amazon.awscdk.services.cloudwatch.MetricOptions.builder().label(label).build();
    }

    /** One line per value of the extra dimensions, found by a CloudWatch search: routes come and go without a deploy. */
    private static MathExpression search(String namespace, String dimensionNames, String metricName, String service, String statistic) {
        return MathExpression.Builder.create()
                .expression("SEARCH('{\"" + namespace + "\"," + dimensionNames + "} MetricName=\"" + metricName + "\" service=\""
                        + service + "\"', '" + statistic + "', 300)")
                .usingMetrics(Map.of())
                .period(PERIOD)
                .build();
    }

    private static IWidget graph(String title, List<IMetric> left, List<IMetric> right) {
        return GraphWidget.Builder.create().title(title).left(left).right(right).width(8).height(6).build();
    }

    private static String percent(double rate) {
        return Math.round(rate * 1000) / 10.0 + "%";
    }
}
