package dev.lambassador.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lambassador.testing.DynamoDbEmulator;
import dev.lambassador.testing.EmulatedDynamoDb;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.apigateway.ApiGatewayClient;
import software.amazon.awssdk.services.apigateway.model.QuotaPeriodType;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;

/** {@code lambassador status}: a stack's outputs, and its REST API's stages and usage plans, as moto holds them. */
@ExtendWith(DynamoDbEmulator.class)
class StatusCommandTest {

    private static final String TEMPLATE = """
            {"Resources": {"Topic": {"Type": "AWS::SNS::Topic"}},
             "Outputs": {
               "ApiUrl": {"Value": "%s"},
               "RoutesTableName": {"Value": "lambassador-prod-RoutesTable-ABC"},
               "RouterFunctionName": {"Value": "lambassador-prod-Router-DEF"},
               "AuthorizerFunctionName": {"Value": "lambassador-prod-Authorizer-GHI"},
               "ApiKeyId": {"Value": "key123"}}}
            """;

    @Test
    void printsTheStacksOutputsAndItsRestApisStagesAndUsagePlans(EmulatedDynamoDb dynamoDb) {
        try (ApiGatewayClient apiGateway = ApiGatewayClient.builder().endpointOverride(dynamoDb.endpoint()).region(dynamoDb.region())
                .credentialsProvider(dynamoDb.credentials()).build();
             CloudFormationClient cloudFormation = CloudFormationClient.builder().endpointOverride(dynamoDb.endpoint())
                     .region(dynamoDb.region()).credentialsProvider(dynamoDb.credentials()).build()) {
            String api = apiGateway.createRestApi(create -> create.name("lambassador-prod-Gateway")).id();
            String root = apiGateway.getResources(get -> get.restApiId(api)).items().getFirst().id();
            apiGateway.putMethod(put -> put.restApiId(api).resourceId(root).httpMethod("GET").authorizationType("NONE"));
            apiGateway.putIntegration(put -> put.restApiId(api).resourceId(root).httpMethod("GET").type("MOCK"));
            String deployment = apiGateway.createDeployment(create -> create.restApiId(api)).id();
            apiGateway.createStage(create -> create.restApiId(api).stageName("prod").deploymentId(deployment));
            String plan = apiGateway.createUsagePlan(create -> create.name("lambassador-prod-default")
                    .apiStages(stage -> stage.apiId(api).stage("prod"))
                    .throttle(throttle -> throttle.rateLimit(10.0).burstLimit(20))
                    .quota(quota -> quota.limit(1000).period(QuotaPeriodType.DAY))).id();
            apiGateway.createUsagePlan(create -> create.name("another-api's"));
            String stack = "lambassador-" + dynamoDb.uniqueTableName("s");
            String url = "https://" + api + ".execute-api.us-east-1.amazonaws.com/prod/";
            cloudFormation.createStack(create -> create.stackName(stack).templateBody(TEMPLATE.formatted(url)));
            Cli cli = new Cli(dynamoDb, Map.of());

            Cli.Result table = cli.run("status", "--stack", stack);
            Cli.Result yaml = cli.run("status", "--stack", stack, "--output", "yaml");

            assertThat(table.status()).as(table.err()).isZero();
            assertThat(table.out()).contains("Stack                   " + stack + " (CREATE_COMPLETE)\n"
                    + "ApiUrl                  " + url + "\n"
                    + "RoutesTableName         lambassador-prod-RoutesTable-ABC\n"
                    + "RouterFunctionName      lambassador-prod-Router-DEF\n"
                    + "AuthorizerFunctionName  lambassador-prod-Authorizer-GHI\n"
                    + "ApiKeyId                key123\n"
                    + "RestApi                 " + api + " (lambassador-prod-Gateway)\n"
                    + "Stages                  prod\n");
            assertThat(table.out()).containsPattern("USAGE PLAN +NAME +STAGES +THROTTLE +QUOTA\n"
                    + plan + " +lambassador-prod-default +prod +10.0/s, burst 20 +1000 per day\n");
            assertThat(table.out()).doesNotContain("another-api's");
            assertThat(yaml.status()).isZero();
            assertThat(yaml.out()).contains("stack: " + stack).contains("  RoutesTableName: lambassador-prod-RoutesTable-ABC")
                    .contains("  id: " + api).contains("  - id: " + plan);
        }
    }

    @Test
    void aMissingStackIsOneLineWithTheHint(EmulatedDynamoDb dynamoDb) {
        Cli cli = new Cli(dynamoDb, Map.of());

        Cli.Result result = cli.run("status", "--stack", "nope");

        assertThat(result.status()).isEqualTo(2);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).isEqualTo("lambassador status: no stack 'nope' in region us-east-1 at " + dynamoDb.endpoint()
                + "; deploy it with: cdk deploy (docs/deploy.md), or give its name with --stack, and check the region and endpoint\n");
    }

    @Test
    void theDefaultStackIsTheOneCdkDeployMakes() {
        assertThat(StatusCommand.DEFAULT_STACK).isEqualTo("lambassador-prod");
        assertThat(StatusCommand.restApiId("https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com/prod/")).hasValue("a1b2c3d4e5");
        assertThat(StatusCommand.restApiId("http://localhost:4566/restapis/a1b2c3/prod/_user_request_/")).hasValue("a1b2c3");
        assertThat(StatusCommand.restApiId("https://example.com/")).isEmpty();
    }
}
