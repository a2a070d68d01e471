package dev.lambassador.infra;

import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.constructs.Construct;

/** The stack {@code cdk deploy} deploys: one {@link LambassadorGateway} and its outputs. */
public final class LambassadorStack extends Stack {

    public static final String GATEWAY_ID = "Gateway";

    private final LambassadorGateway gateway;

    public LambassadorStack(Construct scope, String id, StackProps stackProps, LambassadorGatewayProps gatewayProps) {
        super(scope, id, stackProps);
        this.gateway = new LambassadorGateway(this, GATEWAY_ID, gatewayProps);

        output("ApiUrl", gateway.url(), "Invoke URL of the API stage: call your routes under it");
        output("RoutesTableName", gateway.routesTable().getTableName(), "DynamoDB table that holds the routes");
        output("RouterFunctionName", gateway.routerFunction().getFunctionName(), "Name of the router Lambda function");
        output("AuthorizerFunctionName", gateway.authorizerFunction().getFunctionName(), "Name of the authorizer Lambda function");
        gateway.customDomainTarget().ifPresent(target ->
                output("CustomDomainTarget", target, "Point the custom domain's CNAME or alias record at this host"));
        gateway.defaultApiKey().ifPresent(key -> output("ApiKeyId", key.getKeyId(),
                "ID of the default API key: aws apigateway get-api-key --include-value --api-key <this ID>"));
    }

    public LambassadorGateway gateway() {
        return gateway;
    }

    private void output(String id, String value, String description) {
        CfnOutput.Builder.create(this, id).value(value).description(description).build();
    }
}
