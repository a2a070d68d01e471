package dev.lambassador.infra;

import dev.lambassador.core.settings.FunctionSettings;
import dev.lambassador.core.store.ItemKind;
import dev.lambassador.core.store.TableSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.CfnResource;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.aws_apigatewayv2_authorizers.HttpLambdaAuthorizer;
import software.amazon.awscdk.aws_apigatewayv2_authorizers.HttpLambdaAuthorizerProps;
import software.amazon.awscdk.aws_apigatewayv2_authorizers.HttpLambdaResponseType;
import software.amazon.awscdk.aws_apigatewayv2_integrations.HttpLambdaIntegration;
import software.amazon.awscdk.aws_apigatewayv2_integrations.HttpLambdaIntegrationProps;
import software.amazon.awscdk.services.apigateway.AccessLogFormat;
import software.amazon.awscdk.services.apigateway.ApiKeyOptions;
import software.amazon.awscdk.services.apigateway.ApiKeySourceType;
import software.amazon.awscdk.services.apigateway.AuthorizationType;
import software.amazon.awscdk.services.apigateway.CorsOptions;
import software.amazon.awscdk.services.apigateway.DomainNameOptions;
import software.amazon.awscdk.services.apigateway.EndpointType;
import software.amazon.awscdk.services.apigateway.GatewayResponseOptions;
import software.amazon.awscdk.services.apigateway.IApiKey;
import software.amazon.awscdk.services.apigateway.IResource;
import software.amazon.awscdk.services.apigateway.IdentitySource;
import software.amazon.awscdk.services.apigateway.LambdaIntegration;
import software.amazon.awscdk.services.apigateway.LogGroupLogDestination;
import software.amazon.awscdk.services.apigateway.Method;
import software.amazon.awscdk.services.apigateway.MethodOptions;
import software.amazon.awscdk.services.apigateway.QuotaSettings;
import software.amazon.awscdk.services.apigateway.RequestAuthorizer;
import software.amazon.awscdk.services.apigateway.ResponseType;
import software.amazon.awscdk.services.apigateway.RestApi;
import software.amazon.awscdk.services.apigateway.SecurityPolicy;
import software.amazon.awscdk.services.apigateway.StageOptions;
import software.amazon.awscdk.services.apigateway.ThrottleSettings;
import software.amazon.awscdk.services.apigateway.UsagePlanPerApiStage;
import software.amazon.awscdk.services.apigateway.UsagePlanProps;
import software.amazon.awscdk.services.apigatewayv2.AddRoutesOptions;
import software.amazon.awscdk.services.apigatewayv2.CorsHttpMethod;
import software.amazon.awscdk.services.apigatewayv2.CorsPreflightOptions;
import software.amazon.awscdk.services.apigatewayv2.DomainMappingOptions;
import software.amazon.awscdk.services.apigatewayv2.DomainName;
import software.amazon.awscdk.services.apigatewayv2.HttpApi;
import software.amazon.awscdk.services.apigatewayv2.HttpMethod;
import software.amazon.awscdk.services.apigatewayv2.HttpStage;
import software.amazon.awscdk.services.apigatewayv2.IAccessLogDestination;
import software.amazon.awscdk.services.apigatewayv2.IAccessLogSettings;
import software.amazon.awscdk.services.apigatewayv2.PayloadFormatVersion;
import software.amazon.awscdk.services.certificatemanager.Certificate;
import software.amazon.awscdk.services.certificatemanager.ICertificate;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.ITable;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.StreamViewType;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.ApplicationLogLevel;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.lambda.LoggingFormat;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.lambda.StartingPosition;
import software.amazon.awscdk.services.lambda.SystemLogLevel;
import software.amazon.awscdk.services.lambda.Tracing;
import software.amazon.awscdk.services.lambda.VersionOptions;
import software.amazon.awscdk.services.lambda.eventsources.DynamoEventSource;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;
import software.constructs.IConstruct;

/**
 * The Lambassador gateway as one construct: the routes table, the authorizer and router functions
 * and the API in front of them. Embed it in any CDK app:
 *
 * <pre>{@code
 * LambassadorGateway gateway = new LambassadorGateway(this, "Gateway", LambassadorGatewayProps.builder()
 *         .routerCode(LambassadorGateway.routerJar(Path.of("lambassador-router.jar")))
 *         .authorizerCode(LambassadorGateway.authorizerJar(Path.of("lambassador-authorizer.jar")))
 *         .build());
 * }</pre>
 *
 * <p>Every request but CORS preflight passes the authorizer first. It tells the router who is calling
 * (anonymous, a bearer token's subject, or an API key's consumer), and the router decides per route;
 * bad credentials are refused with 401 before the router runs. When API Gateway requires its own API
 * keys from the {@code x-api-key} header ({@code apiKeyRequired}, {@link ApiKeySource#HEADER}), the
 * authorizer leaves that header alone and reads no Lambassador API keys.
 */
public final class LambassadorGateway extends Construct {

    public static final String ROUTER_HANDLER = "dev.lambassador.router.RouterHandler::handleRequest";
    public static final String AUTHORIZER_HANDLER = "dev.lambassador.authorizer.AuthorizerHandler::handleRequest";
    /** The routes table's stream function, in the router's jar: it bumps the revision item routers check. */
    public static final String REVISION_HANDLER = "dev.lambassador.router.RevisionHandler::handleRequest";
    /** Enough CPU for a quick cold start of the SDK client, which is all the stream function loads. */
    public static final int REVISION_MEMORY_MB = 1024;
    /** One UpdateItem per batch, with the DynamoDB client's 10 s call timeout; more would only be a stuck call. */
    public static final int REVISION_TIMEOUT_SECONDS = 15;
    /** The table's stream: the changed items' keys are all the stream function needs. */
    public static final StreamViewType TABLE_STREAM = StreamViewType.KEYS_ONLY;
    public static final Runtime ROUTER_RUNTIME = Runtime.JAVA_21;
    /** The alias API Gateway invokes when SnapStart is on; SnapStart applies to published versions only. */
    public static final String ROUTER_ALIAS_NAME = "live";
    // C1 only: the router's requests are short, so fast startup beats peak throughput of C2 code.
    public static final String ROUTER_JAVA_TOOL_OPTIONS = "-XX:+TieredCompilation -XX:TieredStopAtLevel=1";
    /**
     * C1 and C2: signature checks are big-integer and elliptic-curve arithmetic, which only C2 turns
     * into the CPU's multiply intrinsics (RS256 verification: 35 µs against 166 µs with C1 alone, see
     * docs/benchmarks.md). The price is about 80 ms more init, which SnapStart pays once per snapshot,
     * and about 15 ms more on a new environment's first invocation.
     */
    public static final String AUTHORIZER_JAVA_TOOL_OPTIONS = "-XX:+TieredCompilation -XX:TieredStopAtLevel=4";
    /**
     * The authorizer verifies a token against cached keys or reads two items; a key set fetch is the slow
     * case. Anything slower is a failure better answered soon than after the router's 29 s.
     */
    public static final int AUTHORIZER_TIMEOUT_SECONDS = 10;
    public static final BillingMode TABLE_BILLING_MODE = BillingMode.PAY_PER_REQUEST;
    /** The identity source of cached authorizer decisions, REST API and HTTP API spelling. */
    public static final String REST_IDENTITY_SOURCE = "method.request.header.Authorization";
    public static final String HTTP_IDENTITY_SOURCE = "$request.header.Authorization";
    /**
     * API Gateway's own error answers (401 from the authorizer, 403, 429, 5xx) in the router's error
     * shape. {@code messageString} is the message already quoted as a JSON string.
     */
    public static final String ERROR_RESPONSE_TEMPLATE =
            "{\"message\":$context.error.messageString,\"requestId\":\"$context.requestId\"}";
    /**
     * The HTTP API's routes when CORS is configured: every method but OPTIONS, so that no route matches
     * a preflight and API Gateway answers it from the CORS configuration, without the authorizer.
     */
    static final List<HttpMethod> NON_PREFLIGHT_METHODS = List.of(
            HttpMethod.GET, HttpMethod.HEAD, HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE);
    /** The usage plan created when API keys are required and no plans are given. */
    public static final String DEFAULT_USAGE_PLAN_NAME = "default";
    /** API Gateway's preflight mock integration, told to treat the request as text; see createRestApi. */
    static final String PREFLIGHT_CONTENT_HANDLING = "CONVERT_TO_TEXT";

    private final LambassadorGatewayProps props;
    private final ITable routesTable;
    private final Function routerFunction;
    private final IFunction routerTarget;
    private final Function authorizerFunction;
    private final IFunction authorizerTarget;
    private final Function revisionFunction;
    private final LogGroup accessLogs;
    private final RestApi restApi;
    private final IApiKey defaultApiKey;
    private final HttpApi httpApi;
    private final String url;
    private final String customDomainTarget;
    private final Monitoring monitoring;

    public LambassadorGateway(Construct scope, String id, LambassadorGatewayProps props) {
        super(scope, id);
        this.props = props;
        this.routesTable = createRoutesTable();
        this.routerFunction = createRouterFunction();
        this.routerTarget = props.snapStart() ? liveAlias("RouterLive", routerFunction) : routerFunction;
        this.authorizerFunction = createAuthorizerFunction();
        this.authorizerTarget = props.snapStart() ? liveAlias("AuthorizerLive", authorizerFunction) : authorizerFunction;
        this.revisionFunction = createRevisionFunction();
        this.accessLogs = createLogGroup("AccessLogs");
        if (props.apiType() == ApiType.REST) {
            this.restApi = createRestApi(routerTarget);
            this.defaultApiKey = props.apiKeyRequired() && props.usagePlans().isEmpty() ? addDefaultUsagePlan() : null;
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
        this.monitoring = Monitoring.create(this, props, serviceName(), routerFunction.getLogGroup());
    }

    /**
     * The routes table's stream function, which bumps the revision item on every change of routes, APIs and
     * versions; empty when the table was imported without its stream (see {@link #createRevisionFunction()}).
     */
    public Optional<Function> revisionFunction() {
        return Optional.ofNullable(revisionFunction);
    }

    /** The dashboard of the gateway's metrics, unless {@code dashboard} is off. */
    public Optional<Dashboard> dashboard() {
        return Optional.ofNullable(monitoring.dashboard());
    }

    /** The 5xx-rate, p99-latency, circuit-open and route-reload alarms (none when {@code alarms} is off); add actions to them. */
    public List<Alarm> alarms() {
        return monitoring.alarms();
    }

    /** What both functions report as their {@code service}: the stack's name, so that two stacks' metrics stay apart. */
    private String serviceName() {
        return Stack.of(this).getStackName();
    }

    /**
     * Code from a router jar on disk, failing at synth time with a hint when it has not been built.
     */
    public static Code routerJar(Path jar) {
        return jar(jar, "Router", "routerCode (CDK: -c routerJar=PATH)");
    }

    /**
     * Code from an authorizer jar on disk, failing at synth time with a hint when it has not been built.
     */
    public static Code authorizerJar(Path jar) {
        return jar(jar, "Authorizer", "authorizerCode (CDK: -c authorizerJar=PATH)");
    }

    private static Code jar(Path jar, String what, String alternative) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(what + " jar not found at " + jar.toAbsolutePath()
                    + ": build it with `mvn -B package -DskipTests` in the repository root, or pass " + alternative);
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

    /**
     * The authorizer function, e.g. to tune the variables it reads with defaults of its own:
     * {@code authorizerFunction().addEnvironment("CREDENTIAL_CACHE_SECONDS", "30")}.
     */
    public Function authorizerFunction() {
        return authorizerFunction;
    }

    /** What API Gateway's authorizer invokes: the {@value #ROUTER_ALIAS_NAME} alias with SnapStart, else the function. */
    public IFunction authorizerTarget() {
        return authorizerTarget;
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
                .partitionKey(Attribute.builder().name(TableSchema.PARTITION_KEY).type(AttributeType.STRING).build())
                .sortKey(Attribute.builder().name(TableSchema.SORT_KEY).type(AttributeType.STRING).build())
                .billingMode(TABLE_BILLING_MODE)
                .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder()
                        .pointInTimeRecoveryEnabled(true)
                        .build())
                .deletionProtection(props.deletionProtection())
                // Routes are configuration worth more than the stack: only a throwaway stage's table goes
                // with it, and even then not with deletion protection on, which would fail the delete.
                .removalPolicy(props.developmentStage() && !props.deletionProtection()
                        ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN)
                // The revision's stream function reads it: an edit made by any means reaches the routers.
                .stream(TABLE_STREAM)
                // The route CLI's audit items carry it: its history of changes expires 90 days after each.
                .timeToLiveAttribute(TableSchema.EXPIRES_AT)
                .build();
    }

    /**
     * The stream function that bumps the revision item ({@code kind=meta, id=revision}) once per batch of changes,
     * so that routers, which read that one item between loads, see an edit made by any means within seconds. Its
     * role may update that partition only and read the table's stream. With SnapStart, the stream invokes its
     * {@code live} alias, so that the first edit after a quiet spell does not wait for a JVM's cold start.
     *
     * <p>A table imported by name has no stream the stack can see: the function is left out, with a warning, and
     * the revision moves only when someone bumps it (docs/routes.md).
     */
    private Function createRevisionFunction() {
        if (routesTable.getTableStreamArn() == null) {
            Annotations.of(this).addWarningV2("lambassador:routesTableWithoutStream", "the routes table was imported without its"
                    + " stream, so no function bumps its revision: routers see an edit once the revision item is bumped (see"
                    + " docs/routes.md); pass existingTable(Table.fromTableAttributes(...tableStreamArn...)) to add the function");
            return null;
        }
        Function function = javaFunction("Revision",
                "Lambassador revision: writes its log group, reads the routes table's stream, bumps its revision item",
                REVISION_HANDLER,
                props.routerCode().orElseGet(() -> routerJar(Path.of(LambassadorGatewayProps.DEFAULT_ROUTER_JAR))),
                REVISION_MEMORY_MB, REVISION_TIMEOUT_SECONDS,
                Map.of(FunctionSettings.JAVA_TOOL_OPTIONS.name(), ROUTER_JAVA_TOOL_OPTIONS));
        function.getRole().addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("dynamodb:UpdateItem"))
                .resources(List.of(routesTable.getTableArn()))
                .conditions(leadingKeys(TableSchema.ROUTER_CHECKS))
                .build());
        IFunction target = props.snapStart() ? liveAlias("RevisionLive", function) : function;
        // From the latest change on; a failed bump is retried (in order) until it succeeds, so no edit goes unannounced.
        target.addEventSource(DynamoEventSource.Builder.create(routesTable)
                .startingPosition(StartingPosition.LATEST)
                .batchSize(100)
                .build());
        return function;
    }

    /** The router's environment, by the names of {@link FunctionSettings#ROUTER}. */
    private Function createRouterFunction() {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put(FunctionSettings.ROUTES_TABLE.name(), routesTable.getTableName());
        environment.put(FunctionSettings.ROUTES_TTL_SECONDS.name(), Long.toString(props.routesTtl().toSeconds()));
        environment.put(FunctionSettings.DEFAULT_ROUTE_AUTH.name(), props.defaultRouteAuth().attribute());
        if (!props.backendAllowedHosts().isEmpty()) {
            environment.put(FunctionSettings.BACKEND_ALLOWED_HOSTS.name(), String.join(",", props.backendAllowedHosts()));
        }
        environment.put(FunctionSettings.POWERTOOLS_SERVICE_NAME.name(), serviceName());
        environment.put(FunctionSettings.POWERTOOLS_METRICS_NAMESPACE.name(), props.metricsNamespace());
        environment.put(FunctionSettings.JAVA_TOOL_OPTIONS.name(), ROUTER_JAVA_TOOL_OPTIONS);
        routerCors().ifPresent(cors -> {
            environment.put(FunctionSettings.CORS_ALLOW_ORIGINS.name(), String.join(",", cors.allowOrigins()));
            environment.put(FunctionSettings.CORS_ALLOW_METHODS.name(), String.join(",", cors.allowMethods()));
            environment.put(FunctionSettings.CORS_ALLOW_HEADERS.name(), String.join(",", cors.allowHeaders()));
            environment.put(FunctionSettings.CORS_ALLOW_CREDENTIALS.name(), Boolean.toString(cors.allowCredentials()));
            environment.put(FunctionSettings.CORS_MAX_AGE_SECONDS.name(), Long.toString(cors.maxAge().toSeconds()));
        });
        // API Gateway leaves a custom domain's base path in the event's path (REST) and rawPath (HTTP API),
        // while routes are written without it.
        props.customDomain().flatMap(CustomDomain::basePathIfSet)
                .ifPresent(basePath -> environment.put(FunctionSettings.BASE_PATH.name(), "/" + basePath));

        Function function = javaFunction("Router",
                "Lambassador router: writes its log group, queries the routes table, reads its revision item",
                ROUTER_HANDLER,
                props.routerCode().orElseGet(() -> routerJar(Path.of(LambassadorGatewayProps.DEFAULT_ROUTER_JAR))),
                props.routerMemoryMb(), props.routerTimeout().toSeconds(), environment);
        // The router queries the partitions it loads only; consumers and API keys share the table and stay out
        // of its reach. (Table.grant would allow every partition, and has no place for a condition.)
        function.getRole().addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("dynamodb:Query"))
                .resources(List.of(routesTable.getTableArn()))
                .conditions(leadingKeys(TableSchema.ROUTER_READS))
                .build());
        // Between loads it reads the one revision item, by key.
        function.getRole().addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("dynamodb:GetItem"))
                .resources(List.of(routesTable.getTableArn()))
                .conditions(leadingKeys(TableSchema.ROUTER_CHECKS))
                .build());
        if (!props.lambdaBackendFunctions().isEmpty()) {
            // Only the functions routes may name: an item cannot make the router invoke any other.
            function.getRole().addToPrincipalPolicy(PolicyStatement.Builder.create()
                    .actions(List.of("lambda:InvokeFunction"))
                    .resources(lambdaBackendArns(props.lambdaBackendFunctions()))
                    .build());
        }
        return function;
    }

    /** Each function's ARN, and the same with {@code :*} for its versions and aliases (a prefix's {@code *} covers them). */
    private List<String> lambdaBackendArns(List<String> functions) {
        List<String> arns = new java.util.ArrayList<>();
        for (String function : functions) {
            String arn = function.startsWith("arn:") ? function : Stack.of(this).formatArn(ArnComponents.builder()
                    .service("lambda").resource("function").resourceName(function)
                    .arnFormat(ArnFormat.COLON_RESOURCE_NAME).build());
            arns.add(arn);
            if (!arn.endsWith("*")) {
                arns.add(arn + ":*");
            }
        }
        return arns;
    }

    /** The authorizer's environment, by the names of {@link FunctionSettings#AUTHORIZER}. */
    private Function createAuthorizerFunction() {
        Map<String, String> environment = new LinkedHashMap<>();
        // Empty lists are left out: the authorizer then accepts no token, as it would with an empty value.
        if (!props.jwtIssuers().isEmpty()) {
            environment.put(FunctionSettings.JWT_ISSUERS.name(), String.join(",", props.jwtIssuers()));
            environment.put(FunctionSettings.JWT_AUDIENCES.name(), String.join(",", props.jwtAudiences()));
        }
        boolean readsApiKeys = authorizerReadsApiKeys();
        if (readsApiKeys) {
            environment.put(FunctionSettings.API_KEYS_TABLE.name(), routesTable.getTableName());
        } else {
            // API Gateway checks its own keys in x-api-key, which the authorizer must not take for Lambassador keys.
            environment.put(FunctionSettings.API_KEY_HEADER.name(), FunctionSettings.NO_API_KEY_HEADER);
        }
        environment.put(FunctionSettings.ANONYMOUS_ACCESS.name(), Boolean.toString(props.anonymousAccess()));
        environment.put(FunctionSettings.POWERTOOLS_SERVICE_NAME.name(), serviceName());
        environment.put(FunctionSettings.POWERTOOLS_METRICS_NAMESPACE.name(), props.metricsNamespace());
        environment.put(FunctionSettings.JAVA_TOOL_OPTIONS.name(), AUTHORIZER_JAVA_TOOL_OPTIONS);

        Function function = javaFunction("Authorizer",
                readsApiKeys ? "Lambassador authorizer: writes its log group, reads consumers and API keys"
                        : "Lambassador authorizer: writes its log group",
                AUTHORIZER_HANDLER,
                props.authorizerCode().orElseGet(() -> authorizerJar(Path.of(LambassadorGatewayProps.DEFAULT_AUTHORIZER_JAR))),
                props.authorizerMemoryMb(), AUTHORIZER_TIMEOUT_SECONDS, environment);
        if (readsApiKeys) {
            // One API key item and one consumer item per unknown credential, by key: GetItem on their two
            // partitions, never the routes.
            function.getRole().addToPrincipalPolicy(PolicyStatement.Builder.create()
                    .actions(List.of("dynamodb:GetItem"))
                    .resources(List.of(routesTable.getTableArn()))
                    .conditions(leadingKeys(TableSchema.AUTHORIZER_READS))
                    .build());
        }
        return function;
    }

    /** An IAM condition that admits items of these kinds only: the partition key must be one of theirs. */
    private static Map<String, Object> leadingKeys(List<ItemKind> kinds) {
        return Map.of("ForAllValues:StringEquals", Map.of("dynamodb:LeadingKeys", TableSchema.partitions(kinds)));
    }

    /**
     * Whether the authorizer looks Lambassador API keys up. Not when API Gateway requires its own keys in
     * {@code x-api-key}: every caller then sends one of those, which the authorizer would look up, not find,
     * and refuse, so that only bearer tokens would get through, and not even to public routes.
     */
    private boolean authorizerReadsApiKeys() {
        return !(props.apiKeyRequired() && props.apiKeySource() == ApiKeySource.HEADER);
    }

    /**
     * A Java function as the router and the authorizer both run: an own role rather than the managed
     * basic-execution policy (logs go to the function's own group only), JSON logs at the configured
     * level (Lambda's advanced logging controls), SnapStart, X-Ray, and old
     * versions deleted once the alias has moved on.
     */
    private Function javaFunction(String name, String roleDescription, String handler, Code code, int memoryMb,
                                  long timeoutSeconds, Map<String, String> environment) {
        LogGroup logs = createLogGroup(name + "Logs");
        Role role = Role.Builder.create(this, name + "Role")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .description(roleDescription)
                .build();
        logs.grantWrite(role);

        Function function = Function.Builder.create(this, name + "Function")
                .description("Lambassador " + name.toLowerCase(Locale.ROOT) + " (stage " + props.stageName() + ")")
                .runtime(ROUTER_RUNTIME)
                .architecture(props.architecture())
                .handler(handler)
                .code(code)
                .memorySize(memoryMb)
                .timeout(Duration.seconds(timeoutSeconds))
                .environment(environment)
                .role(role)
                .logGroup(logs)
                // JSON lines pass through as they are and are filtered by level: the functions write their own.
                .loggingFormat(LoggingFormat.JSON)
                .applicationLogLevelV2(ApplicationLogLevel.valueOf(props.logLevel()))
                .systemLogLevelV2(SystemLogLevel.INFO)
                .tracing(props.tracing() ? Tracing.ACTIVE : Tracing.DISABLED)
                .snapStart(props.snapStart() ? SnapStartConf.ON_PUBLISHED_VERSIONS : null)
                // The alias moves to each new version; older ones serve no traffic, so they go.
                .currentVersionOptions(VersionOptions.builder().removalPolicy(RemovalPolicy.DESTROY).build())
                .build();
        if (props.snapStart()) {
            Annotations.of(function).acknowledgeWarning("@aws-cdk/aws-lambda:snapStartRequirePublish",
                    "every deployment publishes a version through currentVersion, and the API invokes its alias");
        }
        return function;
    }

    private Alias liveAlias(String id, Function function) {
        return Alias.Builder.create(this, id)
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
            api.apiKeySourceType(props.apiKeySource() == ApiKeySource.AUTHORIZER
                    ? ApiKeySourceType.AUTHORIZER : ApiKeySourceType.HEADER);
        }
        gatewayCors().ifPresent(cors -> api.defaultCorsPreflightOptions(CorsOptions.builder()
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
        IResource proxy = root.addResource("{proxy+}");
        proxy.addMethod("ANY", integration);
        if (routerCors().isPresent()) {
            // Browsers send no credentials on a preflight: OPTIONS goes to the router without the authorizer,
            // and the router answers it from its CORS settings (or, with none for the path, as any anonymous request).
            MethodOptions preflight = MethodOptions.builder().authorizationType(AuthorizationType.NONE).apiKeyRequired(false).build();
            root.addMethod("OPTIONS", integration, preflight);
            proxy.addMethod("OPTIONS", integration, preflight);
        }

        // With binaryMediaTypes */* API Gateway takes the preflight's body for binary, and the MOCK
        // integration's JSON request template cannot apply to it: OPTIONS would answer 500 "Unable to
        // transform request". CorsOptions has no setting for it, hence the override.
        for (Method method : restApi.getMethods()) {
            if ("OPTIONS".equals(method.getHttpMethod())) {
                ((CfnResource) method.getNode().getDefaultChild())
                        .addPropertyOverride("Integration.ContentHandling", PREFLIGHT_CONTENT_HANDLING);
            }
        }
        addGatewayResponses(restApi);

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
     * {@code apiKeyRequired} gets a plan with the stage's throttling and, with keys from the header, one
     * key to start with. Keys from the authorizer are the callers' Lambassador keys, which API Gateway
     * cannot generate: they are imported into the plan by value, so the plan comes without a key.
     */
    private IApiKey addDefaultUsagePlan() {
        software.amazon.awscdk.services.apigateway.UsagePlan plan =
                restApi.addUsagePlan("UsagePlan-" + DEFAULT_USAGE_PLAN_NAME, UsagePlanProps.builder()
                        .name(Stack.of(this).getStackName() + "-" + DEFAULT_USAGE_PLAN_NAME)
                        .apiStages(List.of(UsagePlanPerApiStage.builder()
                                .api(restApi)
                                .stage(restApi.getDeploymentStage())
                                .build()))
                        .build());
        if (props.apiKeySource() == ApiKeySource.AUTHORIZER) {
            return null;
        }
        IApiKey key = restApi.addApiKey("DefaultApiKey", ApiKeyOptions.builder()
                .description("Lambassador default API key (stage " + props.stageName() + ")")
                .build());
        plan.addApiKey(key);
        return key;
    }

    /**
     * API Gateway's own errors in the router's JSON shape, with the CORS headers a browser needs to read
     * them: a 401 from the authorizer would otherwise reach scripts as an opaque CORS failure. API Gateway
     * adds no CORS headers to these answers by itself, and cannot pick one of several allowed origins for
     * them, so they carry {@code Access-Control-Allow-Origin} only when one origin (or '*') is allowed.
     */
    private void addGatewayResponses(RestApi api) {
        Map<String, String> cors = new LinkedHashMap<>();
        props.cors().filter(c -> c.allowOrigins().size() == 1).ifPresent(c -> {
            cors.put("Access-Control-Allow-Origin", quoted(c.allowOrigins().getFirst()));
            if (c.allowCredentials()) {
                cors.put("Access-Control-Allow-Credentials", quoted("true"));
            }
        });
        Map<String, String> templates = Map.of("application/json", ERROR_RESPONSE_TEMPLATE);
        // RFC 9110: a 401 names the scheme the caller should retry with.
        Map<String, String> unauthorized = new LinkedHashMap<>(cors);
        unauthorized.put("WWW-Authenticate", quoted("Bearer"));
        api.addGatewayResponse("Unauthorized", gatewayResponse(ResponseType.UNAUTHORIZED, unauthorized, templates));
        // Access denied, missing API keys, throttling and the like.
        api.addGatewayResponse("Default4xx", gatewayResponse(ResponseType.DEFAULT_4_XX, cors, templates));
        // Authorizer failures and timeouts, integration failures.
        api.addGatewayResponse("Default5xx", gatewayResponse(ResponseType.DEFAULT_5_XX, cors, templates));
    }

    private static GatewayResponseOptions gatewayResponse(ResponseType type, Map<String, String> headers,
                                                          Map<String, String> templates) {
        return GatewayResponseOptions.builder()
                .type(type)
                .responseHeaders(headers.isEmpty() ? null : headers)
                .templates(templates)
                .build();
    }

    /** A static header value in API Gateway's mapping syntax. */
    private static String quoted(String value) {
        return "'" + value + "'";
    }

    /**
     * Every method but the CORS preflight ones (RestApi leaves those without authorization, as browsers
     * send no credentials on preflight) passes the authorizer first.
     */
    /** The CORS policy API Gateway answers, if it is API Gateway's to answer. */
    private Optional<Cors> gatewayCors() {
        return props.cors().filter(cors -> cors.answeredBy() == Cors.Answerer.API_GATEWAY);
    }

    /** The CORS policy the router answers, if it is the router's to answer. */
    private Optional<Cors> routerCors() {
        return props.cors().filter(cors -> cors.answeredBy() == Cors.Answerer.ROUTER);
    }

    private MethodOptions restMethodOptions() {
        return MethodOptions.builder()
                .apiKeyRequired(props.apiKeyRequired())
                .authorizer(restAuthorizer())
                .build();
    }

    /**
     * A REQUEST authorizer, so that the authorizer sees every header (bearer token or API key) rather
     * than one token. Without caching it has no identity source: API Gateway answers 401 without calling
     * the authorizer when an identity source is missing from a request, which would shut out anonymous
     * callers of public routes and callers with only an API key. With caching the decision is cached per
     * Authorization header, which every request must then carry.
     */
    private RequestAuthorizer restAuthorizer() {
        boolean cached = !props.authorizerCacheTtl().isZero();
        RequestAuthorizer authorizer = RequestAuthorizer.Builder.create(this, "RestAuthorizer")
                .handler(authorizerTarget)
                .resultsCacheTtl(Duration.seconds(props.authorizerCacheTtl().toSeconds()))
                .identitySources(cached ? List.of(IdentitySource.header("Authorization")) : List.of())
                .build();
        if (!cached) {
            // RequestAuthorizer writes the empty list as "", where CloudFormation allows the property to be absent.
            ((CfnResource) authorizer.getNode().getDefaultChild()).addPropertyDeletionOverride("IdentitySource");
        }
        return authorizer;
    }

    /** The HTTP API's Lambda authorizer: payload 2.0 and simple responses, identity source as for REST. */
    private HttpLambdaAuthorizer httpAuthorizer() {
        boolean cached = !props.authorizerCacheTtl().isZero();
        return new HttpLambdaAuthorizer("Authorizer", authorizerTarget, HttpLambdaAuthorizerProps.builder()
                .responseTypes(List.of(HttpLambdaResponseType.SIMPLE))
                .resultsCacheTtl(Duration.seconds(props.authorizerCacheTtl().toSeconds()))
                .identitySource(cached ? List.of(HTTP_IDENTITY_SOURCE) : List.of())
                .build());
    }

    private record HttpParts(HttpApi api, HttpStage stage, DomainName domain) {
    }

    private HttpParts createHttpApi(IFunction target) {
        HttpLambdaIntegration integration = new HttpLambdaIntegration("Router", target, HttpLambdaIntegrationProps.builder()
                .payloadFormatVersion(PayloadFormatVersion.VERSION_2_0)
                .build());
        HttpApi.Builder api = HttpApi.Builder.create(this, "HttpApi")
                .apiName(Stack.of(this).getStackName() + "-" + getNode().getId())
                .description("Lambassador gateway (stage " + props.stageName() + ")")
                .createDefaultStage(false)
                .defaultAuthorizer(httpAuthorizer());
        gatewayCors().ifPresent(cors -> api.corsPreflight(CorsPreflightOptions.builder()
                .allowOrigins(cors.allowOrigins())
                .allowMethods(cors.allowMethods().stream().map(CorsHttpMethod::valueOf).toList())
                .allowHeaders(cors.allowHeaders())
                .allowCredentials(cors.allowCredentials())
                .maxAge(Duration.seconds(cors.maxAge().toSeconds()))
                .build()));
        if (gatewayCors().isEmpty()) {
            // No routes but $default: every request goes to the router, which owns routing.
            api.defaultIntegration(integration);
        }
        HttpApi httpApi = api.build();
        if (routerCors().isPresent()) {
            // Preflights reach the router without the authorizer, which $default would run first.
            for (String path : List.of("/", "/{proxy+}")) {
                httpApi.addRoutes(AddRoutesOptions.builder()
                        .path(path)
                        .methods(List.of(HttpMethod.OPTIONS))
                        .integration(integration)
                        .authorizer(new software.amazon.awscdk.services.apigatewayv2.HttpNoneAuthorizer())
                        .build());
            }
        }
        if (gatewayCors().isPresent()) {
            // $default (and ANY) would take preflight requests too, and put them through the authorizer
            // before API Gateway's CORS answer. Routes for every other method leave OPTIONS unmatched,
            // which API Gateway then answers from the CORS configuration; the router never sees OPTIONS,
            // as behind a REST API with CORS.
            for (String path : List.of("/", "/{proxy+}")) {
                httpApi.addRoutes(AddRoutesOptions.builder()
                        .path(path)
                        .methods(NON_PREFLIGHT_METHODS)
                        .integration(integration)
                        .build());
            }
        }
        if (props.authorizerCacheTtl().isZero()) {
            // The authorizer is bound by the first route; an empty identity source is left out rather than
            // written as an empty list.
            for (IConstruct child : httpApi.getNode().findAll()) {
                if (child instanceof software.amazon.awscdk.services.apigatewayv2.CfnAuthorizer authorizer) {
                    authorizer.addPropertyDeletionOverride("IdentitySource");
                }
            }
        }

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
