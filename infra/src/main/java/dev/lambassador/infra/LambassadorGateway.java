package dev.lambassador.infra;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.CfnResource;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.apigateway.AccessLogFormat;
import software.amazon.awscdk.services.apigateway.ApiKeyOptions;
import software.amazon.awscdk.services.apigateway.ApiKeySourceType;
import software.amazon.awscdk.services.apigateway.CorsOptions;
import software.amazon.awscdk.services.apigateway.DomainNameOptions;
import software.amazon.awscdk.services.apigateway.EndpointType;
import software.amazon.awscdk.services.apigateway.IApiKey;
import software.amazon.awscdk.services.apigateway.IResource;
import software.amazon.awscdk.services.apigateway.LambdaIntegration;
import software.amazon.awscdk.services.apigateway.LogGroupLogDestination;
import software.amazon.awscdk.services.apigateway.Method;
import software.amazon.awscdk.services.apigateway.MethodOptions;
import software.amazon.awscdk.services.apigateway.QuotaSettings;
import software.amazon.awscdk.services.apigateway.RestApi;
import software.amazon.awscdk.services.apigateway.SecurityPolicy;
import software.amazon.awscdk.services.apigateway.StageOptions;
import software.amazon.awscdk.services.apigateway.ThrottleSettings;
import software.amazon.awscdk.services.apigateway.UsagePlanPerApiStage;
import software.amazon.awscdk.services.apigateway.UsagePlanProps;
import software.amazon.awscdk.services.apigatewayv2.CorsHttpMethod;
import software.amazon.awscdk.services.apigatewayv2.CorsPreflightOptions;
import software.amazon.awscdk.services.apigatewayv2.DomainMappingOptions;
import software.amazon.awscdk.services.apigatewayv2.DomainName;
import software.amazon.awscdk.services.apigatewayv2.HttpApi;
import software.amazon.awscdk.services.apigatewayv2.HttpStage;
import software.amazon.awscdk.services.apigatewayv2.IAccessLogDestination;
import software.amazon.awscdk.services.apigatewayv2.IAccessLogSettings;
import software.amazon.awscdk.services.apigatewayv2.PayloadFormatVersion;
import software.amazon.awscdk.aws_apigatewayv2_integrations.HttpLambdaIntegration;
import software.amazon.awscdk.aws_apigatewayv2_integrations.HttpLambdaIntegrationProps;
import software.amazon.awscdk.services.certificatemanager.Certificate;
import software.amazon.awscdk.services.certificatemanager.ICertificate;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.ITable;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.lambda.Tracing;
import software.amazon.awscdk.services.lambda.VersionOptions;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;

/**
 * The Lambassador gateway as one construct: the routes table, the router function and the API in
 * front of it. Embed it in any CDK app:
 *
 * <pre>{@code
 * LambassadorGateway gateway = new LambassadorGateway(this, "Gateway", LambassadorGatewayProps.builder()
 *         .routerCode(LambassadorGateway.routerJar(Path.of("lambassador-router.jar")))
 *         .build());
 * }</pre>
 *
 * <p>The API has no authorizer yet: requests reach the router unauthenticated unless
 * {@code apiKeyRequired} is set. The authorizer function is wired in {@code restMethodOptions()} and
 * {@code createHttpApi(IFunction)} once it exists; until then the authorizer settings of the props
 * change nothing, and the construct says so with a synth-time warning.
 */
public final class LambassadorGateway extends Construct {

    public static final String ROUTER_HANDLER = "dev.lambassador.router.RouterHandler::handleRequest";
    public static final Runtime ROUTER_RUNTIME = Runtime.JAVA_21;
    /** The alias API Gateway invokes when SnapStart is on; SnapStart applies to published versions only. */
    public static final String ROUTER_ALIAS_NAME = "live";
    // C1 only: the router's requests are short, so fast startup beats peak throughput of C2 code.
    public static final String ROUTER_JAVA_TOOL_OPTIONS = "-XX:+TieredCompilation -XX:TieredStopAtLevel=1";
    public static final String ENV_ROUTES_TABLE = "ROUTES_TABLE";
    public static final String ENV_ROUTES_TTL_SECONDS = "ROUTES_TTL_SECONDS";
    /** A custom domain's base path such as {@code /v1}, which the router takes off request paths. */
    public static final String ENV_BASE_PATH = "BASE_PATH";
    /** The routes table's partition key: what an item is (route, consumer, ...). */
    public static final String PARTITION_KEY = "kind";
    public static final String SORT_KEY = "id";
    public static final BillingMode TABLE_BILLING_MODE = BillingMode.PAY_PER_REQUEST;
    /** The partition of the routes table the router reads; its role may query no other. */
    public static final String ROUTE_PARTITION = "route";
    /** The usage plan created when API keys are required and no plans are given. */
    public static final String DEFAULT_USAGE_PLAN_NAME = "default";
    /** API Gateway's preflight mock integration, told to treat the request as text; see createRestApi. */
    static final String PREFLIGHT_CONTENT_HANDLING = "CONVERT_TO_TEXT";
    static final String AUTHORIZER_SETTINGS_WARNING = "lambassador:authorizerSettingsHaveNoEffectYet";

    private final LambassadorGatewayProps props;
    private final ITable routesTable;
    private final Function routerFunction;
    private final IFunction routerTarget;
    private final LogGroup accessLogs;
    private final RestApi restApi;
    private final IApiKey defaultApiKey;
    private final HttpApi httpApi;
    private final String url;
    private final String customDomainTarget;

    public LambassadorGateway(Construct scope, String id, LambassadorGatewayProps props) {
        super(scope, id);
        this.props = props;
        warnAboutAuthorizerSettings();
        this.routesTable = createRoutesTable();
        this.routerFunction = createRouterFunction();
        this.routerTarget = props.snapStart() ? liveAlias(routerFunction) : routerFunction;
        this.accessLogs = createLogGroup("AccessLogs");
        if (props.apiType() == ApiType.REST) {
            this.restApi = createRestApi(routerTarget);
            this.defaultApiKey = props.apiKeyRequired() && props.usagePlans().isEmpty() ? addDefaultUsagePlanAndKey() : null;
            this.httpApi = null;
            this.url = restApi.getUrl();
            this.customDomainTarget = restApi.getDomainName() == null ? null
                    : restApi.getDomainName().getDomainNameAliasDomainName();
        } else {
            HttpParts http = createHttpApi(routerTarget);
            this.restApi = null;
            this.defaultApiKey = null;
            this.httpApi = http.api();
            this.url = http.stage().getUrl();
            this.customDomainTarget = http.domain() == null ? null : http.domain().getRegionalDomainName();
        }
    }

    /**
     * Code from a router jar on disk, failing at synth time with a hint when it has not been built.
     */
    public static Code routerJar(Path jar) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("Router jar not found at " + jar.toAbsolutePath()
                    + ": build it with `mvn -B package -DskipTests` in the repository root,"
                    + " or pass routerCode (CDK: -c routerJar=PATH)");
        }
        return Code.fromAsset(jar.toString());
    }

    public LambassadorGatewayProps props() {
        return props;
    }

    public ITable routesTable() {
        return routesTable;
    }

    public Function routerFunction() {
        return routerFunction;
    }

    /** What API Gateway invokes: the {@value #ROUTER_ALIAS_NAME} alias with SnapStart, else the function. */
    public IFunction routerTarget() {
        return routerTarget;
    }

    public LogGroup accessLogs() {
        return accessLogs;
    }

    public Optional<RestApi> restApi() {
        return Optional.ofNullable(restApi);
    }

    /**
     * The API key created with the {@value #DEFAULT_USAGE_PLAN_NAME} usage plan when
     * {@code apiKeyRequired} is set without usage plans; its value stays in API Gateway.
     */
    public Optional<IApiKey> defaultApiKey() {
        return Optional.ofNullable(defaultApiKey);
    }

    public Optional<HttpApi> httpApi() {
        return Optional.ofNullable(httpApi);
    }

    /** The invoke URL of the stage, ending in '/'. */
    public String url() {
        return url;
    }

    /** The host name a custom domain's CNAME or alias record points at, when there is one. */
    public Optional<String> customDomainTarget() {
        return Optional.ofNullable(customDomainTarget);
    }

    private ITable createRoutesTable() {
        if (props.existingTable().isPresent()) {
            return props.existingTable().get();
        }
        if (props.existingTableName().isPresent()) {
            return Table.fromTableName(this, "RoutesTable", props.existingTableName().get());
        }
        // Routes, consumers, API keys and backends share one table, told apart by the partition key.
        return Table.Builder.create(this, "RoutesTable")
                .tableName(props.tableName().orElse(null))
                .partitionKey(Attribute.builder().name(PARTITION_KEY).type(AttributeType.STRING).build())
                .sortKey(Attribute.builder().name(SORT_KEY).type(AttributeType.STRING).build())
                .billingMode(TABLE_BILLING_MODE)
                .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder()
                        .pointInTimeRecoveryEnabled(true)
                        .build())
                .deletionProtection(props.deletionProtection())
                // Routes are configuration worth more than the stack: only a throwaway stage's table goes
                // with it, and even then not with deletion protection on, which would fail the delete.
                .removalPolicy(props.developmentStage() && !props.deletionProtection()
                        ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN)
                .build();
    }

    private Function createRouterFunction() {
        LogGroup logs = createLogGroup("RouterLogs");
        // An own role rather than the managed basic-execution policy: logs go to this one group only,
        // and DynamoDB access is Query on the routes table, nothing else.
        Role role = Role.Builder.create(this, "RouterRole")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .description("Lambassador router: writes its log group, queries the routes table")
                .build();
        logs.grantWrite(role);

        Map<String, String> environment = new LinkedHashMap<>();
        environment.put(ENV_ROUTES_TABLE, routesTable.getTableName());
        environment.put(ENV_ROUTES_TTL_SECONDS, Long.toString(props.routesTtl().toSeconds()));
        environment.put("JAVA_TOOL_OPTIONS", ROUTER_JAVA_TOOL_OPTIONS);
        // API Gateway leaves a custom domain's base path in the event's path (REST) and rawPath (HTTP API),
        // while routes are written without it.
        props.customDomain().flatMap(CustomDomain::basePathIfSet)
                .ifPresent(basePath -> environment.put(ENV_BASE_PATH, "/" + basePath));

        Function function = Function.Builder.create(this, "RouterFunction")
                .description("Lambassador router (stage " + props.stageName() + ")")
                .runtime(ROUTER_RUNTIME)
                .architecture(props.architecture())
                .handler(ROUTER_HANDLER)
                .code(props.routerCode().orElseGet(() -> routerJar(Path.of(LambassadorGatewayProps.DEFAULT_ROUTER_JAR))))
                .memorySize(props.routerMemoryMb())
                .timeout(Duration.seconds(props.routerTimeout().toSeconds()))
                .environment(environment)
                .role(role)
                .logGroup(logs)
                .tracing(props.tracing() ? Tracing.ACTIVE : Tracing.DISABLED)
                .snapStart(props.snapStart() ? SnapStartConf.ON_PUBLISHED_VERSIONS : null)
                // The alias moves to each new version; older ones serve no traffic, so they go.
                .currentVersionOptions(VersionOptions.builder().removalPolicy(RemovalPolicy.DESTROY).build())
                .build();
        if (props.snapStart()) {
            Annotations.of(function).acknowledgeWarning("@aws-cdk/aws-lambda:snapStartRequirePublish",
                    "every deployment publishes a version through currentVersion, and the API invokes its alias");
        }
        // The router reads the route partition only; consumers and API keys share the table and stay out of
        // its reach. (Table.grant would allow every partition, and has no place for a condition.)
        role.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of("dynamodb:Query"))
                .resources(List.of(routesTable.getTableArn()))
                .conditions(Map.of("ForAllValues:StringEquals", Map.of("dynamodb:LeadingKeys", List.of(ROUTE_PARTITION))))
                .build());
        return function;
    }

    private Alias liveAlias(Function function) {
        return Alias.Builder.create(this, "RouterLive")
                .aliasName(ROUTER_ALIAS_NAME)
                .version(function.getCurrentVersion())
                .build();
    }

    private LogGroup createLogGroup(String id) {
        return LogGroup.Builder.create(this, id)
                .retention(props.logRetention())
                .removalPolicy(props.developmentStage() ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN)
                .build();
    }

    private RestApi createRestApi(IFunction target) {
        StageOptions.Builder stage = StageOptions.builder()
                .stageName(props.stageName())
                .tracingEnabled(props.tracing())
                .throttlingRateLimit(props.throttling().rateLimit())
                .throttlingBurstLimit(props.throttling().burstLimit())
                .accessLogDestination(new LogGroupLogDestination(accessLogs))
                .accessLogFormat(AccessLogFormat.custom(AccessLogFormats.json(AccessLogFormats.restFields())));

        RestApi.Builder api = RestApi.Builder.create(this, "RestApi")
                .restApiName(Stack.of(this).getStackName() + "-" + getNode().getId())
                .description("Lambassador gateway (stage " + props.stageName() + ")")
                // Regional: clients that want an edge cache put CloudFront in front themselves.
                .endpointTypes(List.of(EndpointType.REGIONAL))
                // Every body reaches the router base64-encoded and its base64 answers are decoded,
                // so binary uploads and downloads pass through untouched.
                .binaryMediaTypes(List.of("*/*"))
                .cloudWatchRole(props.cloudWatchRole())
                .deployOptions(stage.build())
                .defaultMethodOptions(restMethodOptions());
        if (props.apiKeyRequired()) {
            api.apiKeySourceType(ApiKeySourceType.HEADER);
        }
        props.cors().ifPresent(cors -> api.defaultCorsPreflightOptions(CorsOptions.builder()
                .allowOrigins(cors.allowOrigins())
                .allowMethods(cors.allowMethods())
                .allowHeaders(cors.allowHeaders())
                .allowCredentials(cors.allowCredentials())
                .maxAge(Duration.seconds(cors.maxAge().toSeconds()))
                .build()));
        props.customDomain().ifPresent(domain -> api.domainName(DomainNameOptions.builder()
                .domainName(domain.domainName())
                .certificate(certificate(domain))
                .endpointType(EndpointType.REGIONAL)
                .securityPolicy(SecurityPolicy.TLS_1_2)
                .basePath(domain.basePathIfSet().orElse(null))
                .build()));
        RestApi restApi = api.build();
        // RestApi adds an Endpoint output by itself; outputs are the embedding stack's choice.
        restApi.getNode().tryRemoveChild("Endpoint");

        // Every path, every method, one proxy integration: the router owns routing, not API Gateway.
        LambdaIntegration integration = LambdaIntegration.Builder.create(target).proxy(true).build();
        IResource root = restApi.getRoot();
        root.addMethod("ANY", integration);
        root.addResource("{proxy+}").addMethod("ANY", integration);

        // With binaryMediaTypes */* API Gateway takes the preflight's body for binary, and the MOCK
        // integration's JSON request template cannot apply to it: OPTIONS would answer 500 "Unable to
        // transform request". CorsOptions has no setting for it, hence the override.
        for (Method method : restApi.getMethods()) {
            if ("OPTIONS".equals(method.getHttpMethod())) {
                ((CfnResource) method.getNode().getDefaultChild())
                        .addPropertyOverride("Integration.ContentHandling", PREFLIGHT_CONTENT_HANDLING);
            }
        }

        for (UsagePlan plan : props.usagePlans()) {
            UsagePlanProps.Builder usagePlan = UsagePlanProps.builder()
                    .name(plan.name())
                    .apiStages(List.of(UsagePlanPerApiStage.builder()
                            .api(restApi)
                            .stage(restApi.getDeploymentStage())
                            .build()));
            plan.throttlingIfSet().ifPresent(t -> usagePlan.throttle(ThrottleSettings.builder()
                    .rateLimit(t.rateLimit())
                    .burstLimit(t.burstLimit())
                    .build()));
            plan.quotaIfSet().ifPresent(q -> usagePlan.quota(QuotaSettings.builder()
                    .limit(q.limit())
                    .period(q.period())
                    .build()));
            restApi.addUsagePlan("UsagePlan-" + plan.name(), usagePlan.build());
        }
        return restApi;
    }

    /**
     * Methods that require a key reject every request until a key in a plan exists, so a bare
     * {@code apiKeyRequired} gets a plan with the stage's throttling and one key to start with.
     */
    private IApiKey addDefaultUsagePlanAndKey() {
        IApiKey key = restApi.addApiKey("DefaultApiKey", ApiKeyOptions.builder()
                .description("Lambassador default API key (stage " + props.stageName() + ")")
                .build());
        restApi.addUsagePlan("UsagePlan-" + DEFAULT_USAGE_PLAN_NAME, UsagePlanProps.builder()
                .name(Stack.of(this).getStackName() + "-" + DEFAULT_USAGE_PLAN_NAME)
                .apiStages(List.of(UsagePlanPerApiStage.builder()
                        .api(restApi)
                        .stage(restApi.getDeploymentStage())
                        .build()))
                .build())
                .addApiKey(key);
        return key;
    }

    private void warnAboutAuthorizerSettings() {
        List<String> inert = new ArrayList<>();
        if (!props.jwtIssuers().isEmpty()) {
            inert.add("jwtIssuers");
        }
        if (!props.jwtAudiences().isEmpty()) {
            inert.add("jwtAudiences");
        }
        if (!props.authorizerCacheTtl().equals(LambassadorGatewayProps.DEFAULT_AUTHORIZER_CACHE_TTL)) {
            inert.add("authorizerCacheTtl");
        }
        if (props.authorizerMemoryMb() != LambassadorGatewayProps.DEFAULT_AUTHORIZER_MEMORY_MB) {
            inert.add("authorizerMemoryMb");
        }
        if (!inert.isEmpty()) {
            // V2, so that an app carrying these settings on purpose can acknowledge the warning by its id.
            Annotations.of(this).addWarningV2(AUTHORIZER_SETTINGS_WARNING, "Authorizer settings ("
                    + String.join(", ", inert) + ") take effect once the authorizer lands; until then the API"
                    + " has no authorizer and they change nothing");
        }
    }

    /*
     * The one place the authorizer is wired in, once functions/authorizer exists:
     *   - build its function beside the router's (own role, java21, SnapStart alias, memory from
     *     props.authorizerMemoryMb(), env from props.jwtIssuers() and props.jwtAudiences());
     *   - REST: return a RequestAuthorizer from restMethodOptions() with
     *     resultsCacheTtl(props.authorizerCacheTtl()) and the token header as identity source, so that
     *     every method gets it (CORS preflight methods stay open, as browsers send no credentials);
     *   - HTTP: pass an HttpLambdaAuthorizer as defaultAuthorizer in createHttpApi(...);
     *   - add $context.authorizer.principalId and $context.authorizer.error to AccessLogFormats.
     * Until then the API has no authorizer.
     */
    private MethodOptions restMethodOptions() {
        return MethodOptions.builder()
                .apiKeyRequired(props.apiKeyRequired())
                .build();
    }

    private record HttpParts(HttpApi api, HttpStage stage, DomainName domain) {
    }

    private HttpParts createHttpApi(IFunction target) {
        HttpApi.Builder api = HttpApi.Builder.create(this, "HttpApi")
                .apiName(Stack.of(this).getStackName() + "-" + getNode().getId())
                .description("Lambassador gateway (stage " + props.stageName() + ")")
                .createDefaultStage(false)
                // No routes but $default: every request goes to the router, which owns routing.
                .defaultIntegration(new HttpLambdaIntegration("Router", target, HttpLambdaIntegrationProps.builder()
                        .payloadFormatVersion(PayloadFormatVersion.VERSION_2_0)
                        .build()));
        props.cors().ifPresent(cors -> api.corsPreflight(CorsPreflightOptions.builder()
                .allowOrigins(cors.allowOrigins())
                .allowMethods(cors.allowMethods().stream().map(CorsHttpMethod::valueOf).toList())
                .allowHeaders(cors.allowHeaders())
                .allowCredentials(cors.allowCredentials())
                .maxAge(Duration.seconds(cors.maxAge().toSeconds()))
                .build()));
        HttpApi httpApi = api.build();

        AccessLogFormat format = AccessLogFormat.custom(AccessLogFormats.json(AccessLogFormats.httpFields()));
        IAccessLogDestination destination = new software.amazon.awscdk.services.apigatewayv2.LogGroupLogDestination(accessLogs);
        // The $default stage: a named stage would prefix every rawPath the router sees with its name.
        HttpStage.Builder stage = HttpStage.Builder.create(this, "HttpStage")
                .httpApi(httpApi)
                .stageName("$default")
                .autoDeploy(true)
                .throttle(software.amazon.awscdk.services.apigatewayv2.ThrottleSettings.builder()
                        .rateLimit(props.throttling().rateLimit())
                        .burstLimit(props.throttling().burstLimit())
                        .build())
                .accessLogSettings(new IAccessLogSettings() {
                    @Override
                    public IAccessLogDestination getDestination() {
                        return destination;
                    }

                    @Override
                    public AccessLogFormat getFormat() {
                        return format;
                    }
                });
        DomainName domainName = props.customDomain().map(domain -> {
            DomainName name = DomainName.Builder.create(this, "DomainName")
                    .domainName(domain.domainName())
                    .certificate(certificate(domain))
                    .build();
            stage.domainMapping(DomainMappingOptions.builder()
                    .domainName(name)
                    .mappingKey(domain.basePathIfSet().orElse(null))
                    .build());
            return name;
        }).orElse(null);
        return new HttpParts(httpApi, stage.build(), domainName);
    }

    private ICertificate certificate(CustomDomain domain) {
        return Certificate.fromCertificateArn(this, "Certificate", domain.certificateArn());
    }
}
