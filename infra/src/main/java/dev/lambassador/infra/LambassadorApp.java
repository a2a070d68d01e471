package dev.lambassador.infra;

import dev.lambassador.core.auth.RouteAuth;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

import software.amazon.awscdk.App;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Node;

/**
 * The CDK app behind {@code cdk synth} and {@code cdk deploy}. Settings come from CDK context, e.g.
 * {@code cdk deploy -c stage=dev -c apiType=http}; each key is named after the
 * {@link LambassadorGatewayProps} field it sets, and an unset key keeps that field's default.
 */
public final class LambassadorApp {

    public static final String STACK_NAME_PREFIX = "lambassador-";

    private LambassadorApp() {
    }

    public static void main(String[] args) {
        App app = new App();
        stack(app);
        app.synth();
    }

    /** Adds the stack the context describes to the app. */
    public static LambassadorStack stack(App app) {
        Context context = new Context(app.getNode());
        LambassadorGatewayProps props = gatewayProps(context);
        String stackName = context.string("stackName").orElse(STACK_NAME_PREFIX + props.stageName());
        return new LambassadorStack(app, stackName, StackProps.builder()
                .stackName(stackName)
                .description("Lambassador API gateway, stage " + props.stageName())
                // A shared stage's stack takes the gateway down with it: deleting one takes a deliberate step.
                .terminationProtection(!props.developmentStage())
                .build(), withDefaultTableName(props, stackName));
    }

    static LambassadorGatewayProps gatewayProps(Context context) {
        LambassadorGatewayProps.Builder props = LambassadorGatewayProps.builder();
        context.string("stage").ifPresent(props::stageName);
        context.string("apiType").ifPresent(type -> props.apiType(apiType(type)));
        props.routerCode(LambassadorGateway.routerJar(
                Path.of(context.string("routerJar").orElse(LambassadorGatewayProps.DEFAULT_ROUTER_JAR))));
        props.authorizerCode(LambassadorGateway.authorizerJar(
                Path.of(context.string("authorizerJar").orElse(LambassadorGatewayProps.DEFAULT_AUTHORIZER_JAR))));
        context.string("tableName").ifPresent(props::tableName);
        context.string("existingTableName").ifPresent(props::existingTableName);
        context.bool("deletionProtection").ifPresent(props::deletionProtection);
        context.integer("routerMemoryMb").ifPresent(props::routerMemoryMb);
        context.integer("authorizerMemoryMb").ifPresent(props::authorizerMemoryMb);
        context.integer("routerTimeoutSeconds").ifPresent(s -> props.routerTimeout(Duration.ofSeconds(s)));
        context.integer("routesTtlSeconds").ifPresent(s -> props.routesTtl(Duration.ofSeconds(s)));
        context.string("architecture").ifPresent(a -> props.architecture(architecture(a)));
        context.bool("snapStart").ifPresent(props::snapStart);
        context.bool("tracing").ifPresent(props::tracing);
        context.integer("logRetentionDays").ifPresent(days -> props.logRetention(retention(days)));
        context.string("logLevel").ifPresent(level -> props.logLevel(level.toUpperCase(java.util.Locale.ROOT)));
        context.string("metricsNamespace").ifPresent(props::metricsNamespace);
        context.bool("dashboard").ifPresent(props::dashboard);
        context.bool("alarms").ifPresent(props::alarms);
        context.decimal("serverErrorRateAlarm").ifPresent(props::serverErrorRateAlarm);
        context.integer("latencyP99AlarmMs").ifPresent(props::latencyP99AlarmMs);
        context.list("jwtIssuers").ifPresent(props::jwtIssuers);
        context.list("jwtAudiences").ifPresent(props::jwtAudiences);
        context.list("lambdaBackendFunctions").ifPresent(props::lambdaBackendFunctions);
        context.list("backendAllowedHosts").ifPresent(props::backendAllowedHosts);
        context.integer("authorizerCacheTtlSeconds").ifPresent(s -> props.authorizerCacheTtl(Duration.ofSeconds(s)));
        context.bool("anonymousAccess").ifPresent(props::anonymousAccess);
        context.string("defaultRouteAuth").ifPresent(auth -> props.defaultRouteAuth(routeAuth(auth)));
        if (context.string("throttleRateLimit").isPresent() || context.string("throttleBurstLimit").isPresent()) {
            props.throttling(Throttling.of(
                    context.decimal("throttleRateLimit").orElse(LambassadorGatewayProps.DEFAULT_THROTTLING.rateLimit()),
                    context.integer("throttleBurstLimit").orElse(LambassadorGatewayProps.DEFAULT_THROTTLING.burstLimit())));
        }
        context.bool("apiKeyRequired").ifPresent(props::apiKeyRequired);
        context.string("apiKeySource").ifPresent(source -> props.apiKeySource(apiKeySource(source)));
        boolean corsAtRouter = context.string("corsAnsweredBy").map(by -> switch (by) {
            case "router" -> true;
            case "apiGateway" -> false;
            default -> throw new IllegalArgumentException("corsAnsweredBy must be router or apiGateway, was '" + by + "'");
        }).orElse(false);
        context.list("corsAllowOrigins").ifPresent(origins -> props.cors(corsAtRouter
                ? Cors.allowOriginsAtRouter(origins.toArray(String[]::new))
                : Cors.allowOrigins(origins.toArray(String[]::new))));
        Optional<String> domainName = context.string("domainName");
        Optional<String> certificateArn = context.string("certificateArn");
        if (domainName.isPresent() != certificateArn.isPresent()) {
            throw new IllegalArgumentException("context domainName and certificateArn go together: set both or neither");
        }
        domainName.ifPresent(domain -> props.customDomain(CustomDomain.of(domain, certificateArn.get())
                .withBasePath(context.string("basePath").orElse(null))));
        context.bool("cloudWatchRole").ifPresent(props::cloudWatchRole);
        return props.build();
    }

    // A predictable table name lets `aws dynamodb put-item --table-name lambassador-prod-routes` work
    // without looking up outputs; the construct itself leaves naming to CloudFormation.
    private static LambassadorGatewayProps withDefaultTableName(LambassadorGatewayProps props, String stackName) {
        boolean newTable = props.existingTableName().isEmpty() && props.existingTable().isEmpty();
        if (!newTable || props.tableName().isPresent()) {
            return props;
        }
        return props.toBuilder().tableName(stackName + "-routes").build();
    }

    private static ApiType apiType(String value) {
        try {
            return ApiType.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("context apiType must be rest or http, was " + value, e);
        }
    }

    private static RouteAuth routeAuth(String value) {
        return RouteAuth.parse(value, "context defaultRouteAuth");
    }

    private static ApiKeySource apiKeySource(String value) {
        try {
            return ApiKeySource.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("context apiKeySource must be header or authorizer, was " + value, e);
        }
    }

    private static Architecture architecture(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "arm64" -> Architecture.ARM_64;
            case "x86_64" -> Architecture.X86_64;
            default -> throw new IllegalArgumentException("context architecture must be arm64 or x86_64, was " + value);
        };
    }

    private static RetentionDays retention(int days) {
        RetentionDays retention = RETENTION_BY_DAYS.get(days);
        if (retention == null) {
            throw new IllegalArgumentException("context logRetentionDays must be one of CloudWatch Logs' periods "
                    + new TreeSet<>(RETENTION_BY_DAYS.keySet()) + ", was " + days);
        }
        return retention;
    }

    /** The days a retention period stands for, for templates that take a number of days. */
    static int days(RetentionDays retention) {
        return RETENTION_BY_DAYS.entrySet().stream()
                .filter(entry -> entry.getValue() == retention)
                .map(Map.Entry::getKey)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no day count known for " + retention));
    }

    // CDK's Java enum hides the day counts CloudWatch Logs accepts, so they are spelled out here.
    private static final Map<Integer, RetentionDays> RETENTION_BY_DAYS = Map.ofEntries(
            Map.entry(1, RetentionDays.ONE_DAY), Map.entry(3, RetentionDays.THREE_DAYS),
            Map.entry(5, RetentionDays.FIVE_DAYS), Map.entry(7, RetentionDays.ONE_WEEK),
            Map.entry(14, RetentionDays.TWO_WEEKS), Map.entry(30, RetentionDays.ONE_MONTH),
            Map.entry(60, RetentionDays.TWO_MONTHS), Map.entry(90, RetentionDays.THREE_MONTHS),
            Map.entry(120, RetentionDays.FOUR_MONTHS), Map.entry(150, RetentionDays.FIVE_MONTHS),
            Map.entry(180, RetentionDays.SIX_MONTHS), Map.entry(365, RetentionDays.ONE_YEAR),
            Map.entry(400, RetentionDays.THIRTEEN_MONTHS), Map.entry(545, RetentionDays.EIGHTEEN_MONTHS),
            Map.entry(731, RetentionDays.TWO_YEARS), Map.entry(1096, RetentionDays.THREE_YEARS),
            Map.entry(1827, RetentionDays.FIVE_YEARS), Map.entry(2192, RetentionDays.SIX_YEARS),
            Map.entry(2557, RetentionDays.SEVEN_YEARS), Map.entry(2922, RetentionDays.EIGHT_YEARS),
            Map.entry(3288, RetentionDays.NINE_YEARS), Map.entry(3653, RetentionDays.TEN_YEARS));

    /** CDK context read as strings, so {@code -c key=value} and typed values in cdk.json both work. */
    static final class Context {
        private final Node node;

        Context(Node node) {
            this.node = node;
        }

        Optional<String> string(String key) {
            Object value = node.tryGetContext(key);
            if (value == null) {
                return Optional.empty();
            }
            String text = value.toString().trim();
            return text.isEmpty() ? Optional.empty() : Optional.of(text);
        }

        Optional<Boolean> bool(String key) {
            return string(key).map(value -> switch (value.toLowerCase(Locale.ROOT)) {
                case "true" -> true;
                case "false" -> false;
                default -> throw new IllegalArgumentException("context " + key + " must be true or false, was " + value);
            });
        }

        Optional<Integer> integer(String key) {
            return string(key).map(value -> {
                try {
                    return new BigDecimal(value).intValueExact();
                } catch (NumberFormatException | ArithmeticException e) {
                    throw new IllegalArgumentException("context " + key + " must be a whole number, was " + value, e);
                }
            });
        }

        Optional<Double> decimal(String key) {
            return string(key).map(value -> {
                try {
                    return Double.valueOf(value);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("context " + key + " must be a number, was " + value, e);
                }
            });
        }

        Optional<List<String>> list(String key) {
            Object value = node.tryGetContext(key);
            if (value instanceof List<?> items) {
                return Optional.of(items.stream().map(Object::toString).map(String::trim).filter(s -> !s.isEmpty()).toList());
            }
            return string(key).map(text -> Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList());
        }
    }
}
