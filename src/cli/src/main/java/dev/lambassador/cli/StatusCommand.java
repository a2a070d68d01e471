package dev.lambassador.cli;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.apigateway.ApiGatewayClient;
import software.amazon.awssdk.services.apigateway.model.NotFoundException;
import software.amazon.awssdk.services.apigateway.model.UsagePlan;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.cloudformation.model.Stack;

/**
 * {@code lambassador status}: what a deployed stack is, from its CloudFormation outputs, and the
 * stages and usage plans of its REST API, so that nobody has to dig them out of the console.
 */
@Command(name = "status", sortOptions = false,
        description = {"Print a deployed stack's outputs (ApiUrl, RoutesTableName, ...) and its REST API's stages and usage plans."})
final class StatusCommand implements Callable<Integer> {

    /** The stack {@code cdk deploy} makes with the default stage, {@code prod}. */
    static final String DEFAULT_STACK = "lambassador-prod";

    /** The outputs the stack has, in the order they are printed; others follow by name. */
    static final List<String> OUTPUTS = List.of("ApiUrl", "RoutesTableName", "RouterFunctionName", "AuthorizerFunctionName", "ApiKeyId");

    /** A REST API's invoke URL: {@code https://ID.execute-api.REGION.amazonaws.com/STAGE/}, or LocalStack's {@code /restapis/ID/}. */
    private static final Pattern REST_API_ID = Pattern.compile("^https?://([a-z0-9]+)\\.execute-api\\.|/restapis/([a-z0-9]+)/");

    @Option(names = "--stack", paramLabel = "NAME", defaultValue = DEFAULT_STACK,
            description = "the CloudFormation stack (default: ${DEFAULT-VALUE}, as cdk deploy names it)")
    String stackName;

    @Mixin
    AwsOptions aws;

    @Mixin
    dev.lambassador.cli.Output output;

    private final Console console;

    StatusCommand(Console console) {
        this.console = console;
    }

    @Override
    public Integer call() {
        Map<String, Object> status = new LinkedHashMap<>();
        Stack stack = stack();
        status.put("stack", stack.stackName());
        status.put("status", stack.stackStatusAsString());
        Map<String, String> outputs = outputs(stack);
        status.put("outputs", outputs);
        Optional.ofNullable(outputs.get("ApiUrl")).flatMap(StatusCommand::restApiId).flatMap(this::restApi)
                .ifPresent(restApi -> status.put("restApi", restApi));
        print(status);
        return 0;
    }

    private Stack stack() {
        try (CloudFormationClient cloudFormation = aws.cloudFormation(console.environment())) {
            String where = "region " + cloudFormation.serviceClientConfiguration().region() + " at "
                    + cloudFormation.serviceClientConfiguration().endpointOverride().map(URI::toString).orElse("CloudFormation's AWS endpoint");
            try {
                return cloudFormation.describeStacks(describe -> describe.stackName(stackName)).stacks().getFirst();
            } catch (CloudFormationException e) {
                if (e.statusCode() == 400 && String.valueOf(e.awsErrorDetails().errorMessage()).contains("does not exist")) {
                    throw new CliException("no stack '" + stackName + "' in " + where + "; deploy it with: cdk deploy (docs/deploy.md),"
                            + " or give its name with --stack, and check the region and endpoint", CliException.USAGE);
                }
                throw new CliException("CloudFormation DescribeStacks of '" + stackName + "' in " + where + " failed: "
                        + TableItems.rootMessage(e), CliException.USAGE);
            } catch (SdkException e) {
                throw new CliException("cannot reach CloudFormation in " + where + ": " + TableItems.rootMessage(e)
                        + "; is the endpoint right and running, and are credentials and region set?", CliException.USAGE);
            }
        }
    }

    private static Map<String, String> outputs(Stack stack) {
        Map<String, String> all = new LinkedHashMap<>();
        stack.outputs().stream().sorted(java.util.Comparator.comparing(Output::outputKey))
                .forEach(each -> all.put(each.outputKey(), each.outputValue()));
        Map<String, String> ordered = new LinkedHashMap<>();
        OUTPUTS.stream().filter(all::containsKey).forEach(name -> ordered.put(name, all.get(name)));
        ordered.putAll(all);
        return ordered;
    }

    static Optional<String> restApiId(String url) {
        Matcher matcher = REST_API_ID.matcher(url);
        return matcher.find() ? Optional.of(matcher.group(1) != null ? matcher.group(1) : matcher.group(2)) : Optional.empty();
    }

    /** The REST API's stages and usage plans; nothing when the URL names an HTTP API, which REST API calls do not know. */
    private Optional<Map<String, Object>> restApi(String id) {
        try (ApiGatewayClient apiGateway = aws.apiGateway(console.environment())) {
            String name;
            try {
                name = apiGateway.getRestApi(get -> get.restApiId(id)).name();
            } catch (NotFoundException e) {
                return Optional.empty();
            }
            Map<String, Object> restApi = new LinkedHashMap<>();
            restApi.put("id", id);
            restApi.put("name", name);
            restApi.put("stages", apiGateway.getStages(get -> get.restApiId(id)).item().stream()
                    .map(stage -> stage.stageName()).sorted().toList());
            List<Map<String, Object>> plans = new ArrayList<>();
            for (UsagePlan plan : apiGateway.getUsagePlansPaginator(get -> get.limit(500)).items()) {
                List<String> stages = plan.apiStages().stream().filter(stage -> id.equals(stage.apiId())).map(stage -> stage.stage()).toList();
                if (stages.isEmpty()) {
                    continue;
                }
                Map<String, Object> described = new LinkedHashMap<>();
                described.put("id", plan.id());
                described.put("name", plan.name());
                described.put("stages", stages);
                if (plan.throttle() != null) {
                    described.put("throttle", plan.throttle().rateLimit() + "/s, burst " + plan.throttle().burstLimit());
                }
                if (plan.quota() != null) {
                    described.put("quota", plan.quota().limit() + " per " + plan.quota().periodAsString().toLowerCase(java.util.Locale.ROOT));
                }
                plans.add(described);
            }
            restApi.put("usagePlans", plans);
            return Optional.of(restApi);
        } catch (SdkException e) {
            throw new CliException("API Gateway could not describe REST API " + id + ": " + TableItems.rootMessage(e), CliException.FAILED);
        }
    }

    @SuppressWarnings("unchecked")
    private void print(Map<String, Object> status) {
        switch (output.format) {
            case JSON -> console.out().println(Documents.json(status));
            case YAML -> console.out().print(Documents.yaml(status));
            case TABLE -> {
                List<List<String>> rows = new ArrayList<>();
                rows.add(List.of("Stack", status.get("stack") + " (" + status.get("status") + ")"));
                ((Map<String, String>) status.get("outputs")).forEach((name, value) -> rows.add(List.of(name, value)));
                Map<String, Object> restApi = (Map<String, Object>) status.get("restApi");
                if (restApi != null) {
                    rows.add(List.of("RestApi", restApi.get("id") + " (" + restApi.get("name") + ")"));
                    rows.add(List.of("Stages", String.join(", ", (List<String>) restApi.get("stages"))));
                }
                dev.lambassador.cli.Output.print(console.out(), rows);
                if (restApi != null && !((List<?>) restApi.get("usagePlans")).isEmpty()) {
                    List<List<String>> plans = new ArrayList<>();
                    plans.add(List.of("USAGE PLAN", "NAME", "STAGES", "THROTTLE", "QUOTA"));
                    for (Map<String, Object> plan : (List<Map<String, Object>>) restApi.get("usagePlans")) {
                        plans.add(List.of(String.valueOf(plan.get("id")), String.valueOf(plan.get("name")),
                                String.join(",", (List<String>) plan.get("stages")),
                                String.valueOf(plan.getOrDefault("throttle", "-")), String.valueOf(plan.getOrDefault("quota", "-"))));
                    }
                    console.out().println();
                    dev.lambassador.cli.Output.print(console.out(), plans);
                }
            }
        }
    }
}
