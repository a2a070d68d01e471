package dev.lambassador.infra;

import dev.lambassador.core.auth.RouteAuth;
import dev.lambassador.core.settings.FunctionSettings;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import software.amazon.awscdk.services.dynamodb.ITable;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.logs.RetentionDays;

/**
 * Settings of a {@link LambassadorGateway}: immutable, validated when built, every default a named
 * constant. Start from {@link #builder()}; {@link #defaults()} is a REST API on a new table.
 *
 * <pre>{@code
 * LambassadorGatewayProps props = LambassadorGatewayProps.builder()
 *         .apiType(ApiType.HTTP)
 *         .stageName("staging")
 *         .routerMemoryMb(2048)
 *         .cors(Cors.allowOrigins("https://app.example.com"))
 *         .build();
 * }</pre>
 */
public final class LambassadorGatewayProps {

    public static final ApiType DEFAULT_API_TYPE = ApiType.REST;
    public static final String DEFAULT_STAGE_NAME = "prod";
    /** Stage names treated as throwaway: their table may be deleted with the stack. */
    public static final Set<String> DEVELOPMENT_STAGE_NAMES = Set.of("dev", "test", "local");
    /** The router jar as {@code mvn -B package} leaves it, relative to the repository root. */
    public static final String DEFAULT_ROUTER_JAR = "functions/router/target/lambassador-router.jar";
    /** The authorizer jar as {@code mvn -B package} leaves it, relative to the repository root. */
    public static final String DEFAULT_AUTHORIZER_JAR = "functions/authorizer/target/lambassador-authorizer.jar";
    // 1 GB buys close to a full vCPU, which Java needs for a fast first request after restore.
    public static final int DEFAULT_ROUTER_MEMORY_MB = 1024;
    public static final int DEFAULT_AUTHORIZER_MEMORY_MB = 512;
    // API Gateway stops waiting after 29 s: a longer Lambda timeout would only bill for answers nobody receives.
    public static final Duration DEFAULT_ROUTER_TIMEOUT = Duration.ofSeconds(29);
    // This, DEFAULT_ANONYMOUS_ACCESS and DEFAULT_ROUTE_AUTH are the functions' own defaults (FunctionSettings),
    // so that a stack passes them on without changing what the functions would do unset.
    public static final Duration DEFAULT_ROUTES_TTL = FunctionSettings.ROUTES_TTL_SECONDS.defaultValue();
    /**
     * No caching in API Gateway: a cached decision needs an identity source, and API Gateway answers 401
     * without calling the authorizer when a request lacks one, which rules out public routes and callers
     * with only an API key. The authorizer caches verified credentials in memory instead.
     */
    public static final Duration DEFAULT_AUTHORIZER_CACHE_TTL = Duration.ZERO;
    /** Callers without credentials reach the router, which serves them only on public routes. */
    public static final boolean DEFAULT_ANONYMOUS_ACCESS = FunctionSettings.ANONYMOUS_ACCESS.defaultValue();
    /** Routes without an {@code auth} attribute take a bearer token or an API key. */
    public static final RouteAuth DEFAULT_ROUTE_AUTH = FunctionSettings.DEFAULT_ROUTE_AUTH.defaultValue();
    // Graviton costs about 20% less per GB-second and runs the router's JVM as fast.
    public static final Architecture DEFAULT_ARCHITECTURE = Architecture.ARM_64;
    public static final boolean DEFAULT_SNAP_START = true;
    public static final boolean DEFAULT_TRACING = true;
    public static final RetentionDays DEFAULT_LOG_RETENTION = RetentionDays.ONE_MONTH;
    // A ceiling against runaway clients, well under the account's default of 10,000 requests per second.
    public static final Throttling DEFAULT_THROTTLING = Throttling.of(1000, 2000);
    public static final boolean DEFAULT_API_KEY_REQUIRED = false;
    public static final ApiKeySource DEFAULT_API_KEY_SOURCE = ApiKeySource.HEADER;
    public static final boolean DEFAULT_CLOUD_WATCH_ROLE = true;
    /**
     * The functions' application log level in Lambda's advanced logging controls. Levels above INFO are
     * refused: access lines and EMF metric documents are INFO lines, and Lambda would drop them.
     */
    public static final String DEFAULT_LOG_LEVEL = "INFO";
    static final List<String> LOG_LEVELS = List.of("TRACE", "DEBUG", "INFO");
    public static final String DEFAULT_METRICS_NAMESPACE = FunctionSettings.POWERTOOLS_METRICS_NAMESPACE.defaultValue();
    public static final boolean DEFAULT_DASHBOARD = true;
    public static final boolean DEFAULT_ALARMS = true;
    /** The share of requests answered 5xx above which the error-rate alarm fires: 5%. */
    public static final double DEFAULT_SERVER_ERROR_RATE_ALARM = 0.05;
    /** The p99 latency above which the latency alarm fires; above most backends' answers, below API Gateway's 29 s. */
    public static final int DEFAULT_LATENCY_P99_ALARM_MS = 3000;

    static final int MIN_MEMORY_MB = 128;
    static final int MAX_MEMORY_MB = 10_240;
    static final Duration MAX_ROUTER_TIMEOUT = Duration.ofMinutes(15);
    static final Duration MAX_AUTHORIZER_CACHE_TTL = Duration.ofHours(1);

    private static final Pattern STAGE_NAME = Pattern.compile("[A-Za-z0-9_-]{1,128}");
    private static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z0-9_.-]{3,255}");
    // The authorizer reads issuers and audiences as comma-separated lists, an issuer's JWKS URL after a space.
    private static final Pattern LIST_ITEM = Pattern.compile("[^,\\s]+");
    /** A function name, or a name prefix ending in '*' ({@code orders-*}); or a function's ARN, in any account and region. */
    private static final Pattern LAMBDA_BACKEND = Pattern.compile(
            "[A-Za-z0-9_-]{1,64}\\*?|\\*|arn:aws[a-zA-Z-]*:lambda:[a-z0-9-]+:\\d{12}:function:[A-Za-z0-9_-]{1,64}\\*?");

    private final ApiType apiType;
    private final String stageName;
    private final String tableName;
    private final String existingTableName;
    private final ITable existingTable;
    private final Boolean deletionProtection;
    private final Code routerCode;
    private final Code authorizerCode;
    private final int routerMemoryMb;
    private final int authorizerMemoryMb;
    private final Duration routerTimeout;
    private final Duration routesTtl;
    private final Architecture architecture;
    private final boolean snapStart;
    private final boolean tracing;
    private final RetentionDays logRetention;
    private final List<String> jwtIssuers;
    private final List<String> jwtAudiences;
    private final List<String> lambdaBackendFunctions;
    private final List<String> backendAllowedHosts;
    private final Duration authorizerCacheTtl;
    private final boolean anonymousAccess;
    private final RouteAuth defaultRouteAuth;
    private final Throttling throttling;
    private final List<UsagePlan> usagePlans;
    private final boolean apiKeyRequired;
    private final ApiKeySource apiKeySource;
    private final Cors cors;
    private final CustomDomain customDomain;
    private final boolean cloudWatchRole;
    private final String logLevel;
    private final String metricsNamespace;
    private final boolean dashboard;
    private final boolean alarms;
    private final double serverErrorRateAlarm;
    private final int latencyP99AlarmMs;

    private LambassadorGatewayProps(Builder b) {
        this.apiType = b.apiType;
        this.stageName = b.stageName;
        this.tableName = b.tableName;
        this.existingTableName = b.existingTableName;
        this.existingTable = b.existingTable;
        this.deletionProtection = b.deletionProtection;
        this.routerCode = b.routerCode;
        this.authorizerCode = b.authorizerCode;
        this.routerMemoryMb = b.routerMemoryMb;
        this.authorizerMemoryMb = b.authorizerMemoryMb;
        this.routerTimeout = b.routerTimeout;
        this.routesTtl = b.routesTtl;
        this.architecture = b.architecture;
        this.snapStart = b.snapStart;
        this.tracing = b.tracing;
        this.logRetention = b.logRetention;
        this.jwtIssuers = List.copyOf(b.jwtIssuers);
        this.jwtAudiences = List.copyOf(b.jwtAudiences);
        this.lambdaBackendFunctions = List.copyOf(b.lambdaBackendFunctions);
        this.backendAllowedHosts = List.copyOf(b.backendAllowedHosts);
        this.authorizerCacheTtl = b.authorizerCacheTtl;
        this.anonymousAccess = b.anonymousAccess;
        this.defaultRouteAuth = b.defaultRouteAuth;
        this.throttling = b.throttling;
        this.usagePlans = List.copyOf(b.usagePlans);
        this.apiKeyRequired = b.apiKeyRequired;
        this.apiKeySource = b.apiKeySource;
        this.cors = b.cors;
        this.customDomain = b.customDomain;
        this.cloudWatchRole = b.cloudWatchRole;
        this.logLevel = b.logLevel;
        this.metricsNamespace = b.metricsNamespace;
        this.dashboard = b.dashboard;
        this.alarms = b.alarms;
        this.serverErrorRateAlarm = b.serverErrorRateAlarm;
        this.latencyP99AlarmMs = b.latencyP99AlarmMs;
    }

    public static Builder builder() {
        return new Builder();
    }

    public static LambassadorGatewayProps defaults() {
        return builder().build();
    }

    /** A builder that starts from these settings, for variations of one configuration. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.apiType = apiType;
        b.stageName = stageName;
        b.tableName = tableName;
        b.existingTableName = existingTableName;
        b.existingTable = existingTable;
        b.deletionProtection = deletionProtection;
        b.routerCode = routerCode;
        b.authorizerCode = authorizerCode;
        b.routerMemoryMb = routerMemoryMb;
        b.authorizerMemoryMb = authorizerMemoryMb;
        b.routerTimeout = routerTimeout;
        b.routesTtl = routesTtl;
        b.architecture = architecture;
        b.snapStart = snapStart;
        b.tracing = tracing;
        b.logRetention = logRetention;
        b.jwtIssuers = new ArrayList<>(jwtIssuers);
        b.jwtAudiences = new ArrayList<>(jwtAudiences);
        b.lambdaBackendFunctions = new ArrayList<>(lambdaBackendFunctions);
        b.backendAllowedHosts = new ArrayList<>(backendAllowedHosts);
        b.authorizerCacheTtl = authorizerCacheTtl;
        b.anonymousAccess = anonymousAccess;
        b.defaultRouteAuth = defaultRouteAuth;
        b.throttling = throttling;
        b.usagePlans = new ArrayList<>(usagePlans);
        b.apiKeyRequired = apiKeyRequired;
        b.apiKeySource = apiKeySource;
        b.cors = cors;
        b.customDomain = customDomain;
        b.cloudWatchRole = cloudWatchRole;
        b.logLevel = logLevel;
        b.metricsNamespace = metricsNamespace;
        b.dashboard = dashboard;
        b.alarms = alarms;
        b.serverErrorRateAlarm = serverErrorRateAlarm;
        b.latencyP99AlarmMs = latencyP99AlarmMs;
        return b;
    }

    public ApiType apiType() {
        return apiType;
    }

    /** Both functions' application log level: TRACE, DEBUG or INFO. */
    public String logLevel() {
        return logLevel;
    }

    /** The CloudWatch namespace of the functions' metrics ({@code POWERTOOLS_METRICS_NAMESPACE}). */
    public String metricsNamespace() {
        return metricsNamespace;
    }

    public boolean dashboard() {
        return dashboard;
    }

    public boolean alarms() {
        return alarms;
    }

    /** The 5xx share of requests, 0 to 1, above which the error-rate alarm fires. */
    public double serverErrorRateAlarm() {
        return serverErrorRateAlarm;
    }

    public int latencyP99AlarmMs() {
        return latencyP99AlarmMs;
    }

    public String stageName() {
        return stageName;
    }

    /**
     * True for the throwaway stages in {@link #DEVELOPMENT_STAGE_NAMES}: only their table and log groups
     * are deleted with the stack, and only their stacks lack termination protection.
     */
    public boolean developmentStage() {
        return DEVELOPMENT_STAGE_NAMES.contains(stageName);
    }

    /** Name for a new routes table; empty lets CloudFormation choose one. */
    public Optional<String> tableName() {
        return Optional.ofNullable(tableName);
    }

    /** Name of a routes table that exists already and is not managed by this stack. */
    public Optional<String> existingTableName() {
        return Optional.ofNullable(existingTableName);
    }

    /** A routes table defined elsewhere in the embedding app. */
    public Optional<ITable> existingTable() {
        return Optional.ofNullable(existingTable);
    }

    /**
     * Whether the new table refuses deletion; defaults to on outside development stages. Whether the
     * table outlives the stack follows the stage, not this setting: see {@link #developmentStage()}.
     */
    public boolean deletionProtection() {
        return deletionProtection != null ? deletionProtection : !developmentStage();
    }

    /** The router's code; empty means {@link #DEFAULT_ROUTER_JAR}. */
    public Optional<Code> routerCode() {
        return Optional.ofNullable(routerCode);
    }

    /** The authorizer's code; empty means {@link #DEFAULT_AUTHORIZER_JAR}. */
    public Optional<Code> authorizerCode() {
        return Optional.ofNullable(authorizerCode);
    }

    public int routerMemoryMb() {
        return routerMemoryMb;
    }

    public int authorizerMemoryMb() {
        return authorizerMemoryMb;
    }

    public Duration routerTimeout() {
        return routerTimeout;
    }

    /** How long the router serves its in-memory route table before reloading it from DynamoDB. */
    public Duration routesTtl() {
        return routesTtl;
    }

    public Architecture architecture() {
        return architecture;
    }

    /** Whether the router and the authorizer run with SnapStart, invoked through a published version's alias. */
    public boolean snapStart() {
        return snapStart;
    }

    public boolean tracing() {
        return tracing;
    }

    public RetentionDays logRetention() {
        return logRetention;
    }

    /**
     * Issuers whose bearer tokens the authorizer accepts: each {@code ISSUER} (keys fetched from
     * {@code ISSUER/.well-known/jwks.json}) or {@code ISSUER JWKS_URL}. Empty: no token is accepted.
     */
    public List<String> jwtIssuers() {
        return jwtIssuers;
    }

    /**
     * Accepted audiences of bearer tokens: a token's {@code aud} must name one, or a token without {@code aud}
     * (an Amazon Cognito access token) must have one as its {@code client_id}; required with {@link #jwtIssuers()}.
     */
    public List<String> jwtAudiences() {
        return jwtAudiences;
    }

    /**
     * The functions that routes' {@code lambda} backends may name, which the router may invoke and no
     * others: each a function name in the stack's account and region ({@code orders-api}), a name prefix
     * ending in {@code *} ({@code orders-*}), or a function ARN (another account's or region's, whose own
     * resource policy must also allow the router's role). Each covers the function's versions and aliases
     * too. Empty (the default): the router may invoke no function.
     */
    public List<String> lambdaBackendFunctions() {
        return lambdaBackendFunctions;
    }

    /**
     * The only hosts the router may call backends on (exact names, IP addresses or {@code *.domain}); empty
     * (the default) for any host. The router's {@code BACKEND_ALLOWED_HOSTS}.
     */
    public List<String> backendAllowedHosts() {
        return backendAllowedHosts;
    }

    /**
     * How long API Gateway caches an authorizer decision. Zero (the default) leaves the authorizer
     * without an identity source; above zero the {@code Authorization} header becomes the identity
     * source, and API Gateway answers 401 to every request without one.
     */
    public Duration authorizerCacheTtl() {
        return authorizerCacheTtl;
    }

    /** Whether the authorizer lets callers without credentials through to the router as anonymous. */
    public boolean anonymousAccess() {
        return anonymousAccess;
    }

    /** What the router requires on routes that do not say; see {@link RouteAuth}. */
    public RouteAuth defaultRouteAuth() {
        return defaultRouteAuth;
    }

    public Throttling throttling() {
        return throttling;
    }

    public List<UsagePlan> usagePlans() {
        return usagePlans;
    }

    public boolean apiKeyRequired() {
        return apiKeyRequired;
    }

    /** Where API Gateway takes the API key from when {@link #apiKeyRequired()} is set. */
    public ApiKeySource apiKeySource() {
        return apiKeySource;
    }

    public Optional<Cors> cors() {
        return Optional.ofNullable(cors);
    }

    public Optional<CustomDomain> customDomain() {
        return Optional.ofNullable(customDomain);
    }

    /** Whether a REST API stack sets the account-wide role API Gateway writes access logs with. */
    public boolean cloudWatchRole() {
        return cloudWatchRole;
    }

    public static final class Builder {
        private ApiType apiType = DEFAULT_API_TYPE;
        private String stageName = DEFAULT_STAGE_NAME;
        private String tableName;
        private String existingTableName;
        private ITable existingTable;
        private Boolean deletionProtection;
        private Code routerCode;
        private Code authorizerCode;
        private int routerMemoryMb = DEFAULT_ROUTER_MEMORY_MB;
        private int authorizerMemoryMb = DEFAULT_AUTHORIZER_MEMORY_MB;
        private Duration routerTimeout = DEFAULT_ROUTER_TIMEOUT;
        private Duration routesTtl = DEFAULT_ROUTES_TTL;
        private Architecture architecture = DEFAULT_ARCHITECTURE;
        private boolean snapStart = DEFAULT_SNAP_START;
        private boolean tracing = DEFAULT_TRACING;
        private RetentionDays logRetention = DEFAULT_LOG_RETENTION;
        private String logLevel = DEFAULT_LOG_LEVEL;
        private String metricsNamespace = DEFAULT_METRICS_NAMESPACE;
        private boolean dashboard = DEFAULT_DASHBOARD;
        private boolean alarms = DEFAULT_ALARMS;
        private double serverErrorRateAlarm = DEFAULT_SERVER_ERROR_RATE_ALARM;
        private int latencyP99AlarmMs = DEFAULT_LATENCY_P99_ALARM_MS;
        private List<String> jwtIssuers = new ArrayList<>();
        private List<String> jwtAudiences = new ArrayList<>();
        private List<String> lambdaBackendFunctions = new ArrayList<>();
        private List<String> backendAllowedHosts = new ArrayList<>();
        private Duration authorizerCacheTtl = DEFAULT_AUTHORIZER_CACHE_TTL;
        private boolean anonymousAccess = DEFAULT_ANONYMOUS_ACCESS;
        private RouteAuth defaultRouteAuth = DEFAULT_ROUTE_AUTH;
        private Throttling throttling = DEFAULT_THROTTLING;
        private List<UsagePlan> usagePlans = new ArrayList<>();
        private boolean apiKeyRequired = DEFAULT_API_KEY_REQUIRED;
        private ApiKeySource apiKeySource = DEFAULT_API_KEY_SOURCE;
        private Cors cors;
        private CustomDomain customDomain;
        private boolean cloudWatchRole = DEFAULT_CLOUD_WATCH_ROLE;

        private Builder() {
        }

        public Builder apiType(ApiType apiType) {
            this.apiType = apiType;
            return this;
        }

        public Builder stageName(String stageName) {
            this.stageName = stageName;
            return this;
        }

        /** Names the new routes table; without it CloudFormation generates a name. */
        public Builder tableName(String tableName) {
            this.tableName = tableName;
            return this;
        }

        /** Uses a routes table that exists already instead of creating one. */
        public Builder existingTableName(String existingTableName) {
            this.existingTableName = existingTableName;
            return this;
        }

        /** Uses a routes table defined elsewhere in the embedding app instead of creating one. */
        public Builder existingTable(ITable existingTable) {
            this.existingTable = existingTable;
            return this;
        }

        public Builder deletionProtection(boolean deletionProtection) {
            this.deletionProtection = deletionProtection;
            return this;
        }

        /** The router's code, e.g. {@code LambassadorGateway.routerJar(path)}. */
        public Builder routerCode(Code routerCode) {
            this.routerCode = routerCode;
            return this;
        }

        /** The authorizer's code, e.g. {@code LambassadorGateway.authorizerJar(path)}. */
        public Builder authorizerCode(Code authorizerCode) {
            this.authorizerCode = authorizerCode;
            return this;
        }

        public Builder routerMemoryMb(int routerMemoryMb) {
            this.routerMemoryMb = routerMemoryMb;
            return this;
        }

        public Builder authorizerMemoryMb(int authorizerMemoryMb) {
            this.authorizerMemoryMb = authorizerMemoryMb;
            return this;
        }

        public Builder routerTimeout(Duration routerTimeout) {
            this.routerTimeout = routerTimeout;
            return this;
        }

        public Builder routesTtl(Duration routesTtl) {
            this.routesTtl = routesTtl;
            return this;
        }

        public Builder architecture(Architecture architecture) {
            this.architecture = architecture;
            return this;
        }

        public Builder snapStart(boolean snapStart) {
            this.snapStart = snapStart;
            return this;
        }

        public Builder tracing(boolean tracing) {
            this.tracing = tracing;
            return this;
        }

        public Builder logRetention(RetentionDays logRetention) {
            this.logRetention = logRetention;
            return this;
        }

        /**
         * Issuers whose bearer tokens are accepted, each {@code ISSUER} (an https URL; keys from
         * {@code ISSUER/.well-known/jwks.json}) or {@code ISSUER JWKS_URL}. Needs {@link #jwtAudiences(List)}.
         */
        public Builder jwtIssuers(List<String> jwtIssuers) {
            this.jwtIssuers = new ArrayList<>(Objects.requireNonNull(jwtIssuers, "jwtIssuers must not be null"));
            return this;
        }

        public Builder jwtAudiences(List<String> jwtAudiences) {
            this.jwtAudiences = new ArrayList<>(Objects.requireNonNull(jwtAudiences, "jwtAudiences must not be null"));
            return this;
        }

        /** See {@link LambassadorGatewayProps#lambdaBackendFunctions()}: names, {@code prefix*} or ARNs. */
        public Builder lambdaBackendFunctions(List<String> functions) {
            this.lambdaBackendFunctions = new ArrayList<>(Objects.requireNonNull(functions, "lambdaBackendFunctions must not be null"));
            return this;
        }

        /** The only hosts backends may be on: {@code orders.internal.example.com}, {@code 10.0.4.17} or {@code *.internal.example.com}. */
        public Builder backendAllowedHosts(List<String> backendAllowedHosts) {
            this.backendAllowedHosts = new ArrayList<>(Objects.requireNonNull(backendAllowedHosts,
                    "backendAllowedHosts must not be null"));
            return this;
        }

        /**
         * Caches authorizer decisions in API Gateway, 0 to 1 hour. Above zero every request must carry an
         * {@code Authorization} header, or API Gateway answers 401 without asking the authorizer: no
         * public routes, no callers with only an API key.
         */
        public Builder authorizerCacheTtl(Duration authorizerCacheTtl) {
            this.authorizerCacheTtl = authorizerCacheTtl;
            return this;
        }

        /** False makes the authorizer refuse (401) every request without credentials, public routes included. */
        public Builder anonymousAccess(boolean anonymousAccess) {
            this.anonymousAccess = anonymousAccess;
            return this;
        }

        /** What routes without {@code auth} need: {@link RouteAuth#NONE}, {@code JWT}, {@code API_KEY} or {@code ANY}. */
        public Builder defaultRouteAuth(RouteAuth defaultRouteAuth) {
            if (defaultRouteAuth == RouteAuth.DEFAULT) {
                throw new IllegalArgumentException("defaultRouteAuth is the default itself: one of " + RouteAuth.choices());
            }
            this.defaultRouteAuth = defaultRouteAuth;
            return this;
        }

        public Builder throttling(Throttling throttling) {
            this.throttling = throttling;
            return this;
        }

        public Builder usagePlans(List<UsagePlan> usagePlans) {
            this.usagePlans = new ArrayList<>(Objects.requireNonNull(usagePlans, "usagePlans must not be null"));
            return this;
        }

        public Builder addUsagePlan(UsagePlan usagePlan) {
            this.usagePlans.add(usagePlan);
            return this;
        }

        /**
         * Makes every method but CORS preflight require an API Gateway API key that belongs to a usage plan,
         * from the {@code x-api-key} header or, with {@link #apiKeySource(ApiKeySource)} AUTHORIZER, from
         * the authorizer. Without {@link #usagePlans(List)} the gateway creates a plan named
         * {@value LambassadorGateway#DEFAULT_USAGE_PLAN_NAME}, with one key when keys come from the header,
         * so that the API is usable. With keys from the header the authorizer reads no Lambassador API keys
         * (see {@link ApiKeySource#HEADER}).
         */
        public Builder apiKeyRequired(boolean apiKeyRequired) {
            this.apiKeyRequired = apiKeyRequired;
            return this;
        }

        /**
         * {@link ApiKeySource#AUTHORIZER} meters the Lambassador API key the caller presented; it needs
         * {@link #apiKeyRequired(boolean)}.
         */
        public Builder apiKeySource(ApiKeySource apiKeySource) {
            this.apiKeySource = apiKeySource;
            return this;
        }

        public Builder cors(Cors cors) {
            this.cors = cors;
            return this;
        }

        public Builder customDomain(CustomDomain customDomain) {
            this.customDomain = customDomain;
            return this;
        }

        /**
         * Whether to set the account-wide CloudWatch role API Gateway needs for REST access logs.
         * Turn it off when the account has one already (one per region per account).
         */
        public Builder cloudWatchRole(boolean cloudWatchRole) {
            this.cloudWatchRole = cloudWatchRole;
            return this;
        }

        /** Both functions' application log level (Lambda's advanced logging controls): TRACE, DEBUG or INFO. */
        public Builder logLevel(String logLevel) {
            this.logLevel = logLevel;
            return this;
        }

        /** The CloudWatch namespace the functions publish their metrics in. */
        public Builder metricsNamespace(String metricsNamespace) {
            this.metricsNamespace = metricsNamespace;
            return this;
        }

        /** Whether to create a CloudWatch dashboard of the gateway's metrics. */
        public Builder dashboard(boolean dashboard) {
            this.dashboard = dashboard;
            return this;
        }

        /** Whether to create the alarms: 5xx rate, p99 latency, circuit opens, failed route reloads. */
        public Builder alarms(boolean alarms) {
            this.alarms = alarms;
            return this;
        }

        /** The share of requests answered 5xx, above 0 and at most 1, above which the error-rate alarm fires. */
        public Builder serverErrorRateAlarm(double serverErrorRateAlarm) {
            this.serverErrorRateAlarm = serverErrorRateAlarm;
            return this;
        }

        public Builder latencyP99AlarmMs(int latencyP99AlarmMs) {
            this.latencyP99AlarmMs = latencyP99AlarmMs;
            return this;
        }

        public LambassadorGatewayProps build() {
            require(apiType != null, "apiType must not be null");
            require(stageName != null && STAGE_NAME.matcher(stageName).matches(),
                    "stageName must be 1 to 128 letters, digits, '-' or '_', was " + stageName);
            validateTable();
            require(routerMemoryMb >= MIN_MEMORY_MB && routerMemoryMb <= MAX_MEMORY_MB,
                    "routerMemoryMb must be between " + MIN_MEMORY_MB + " and " + MAX_MEMORY_MB + ", was " + routerMemoryMb);
            require(authorizerMemoryMb >= MIN_MEMORY_MB && authorizerMemoryMb <= MAX_MEMORY_MB,
                    "authorizerMemoryMb must be between " + MIN_MEMORY_MB + " and " + MAX_MEMORY_MB + ", was " + authorizerMemoryMb);
            require(routerTimeout != null && routerTimeout.toSeconds() >= 1 && routerTimeout.compareTo(MAX_ROUTER_TIMEOUT) <= 0
                            && routerTimeout.toMillis() % 1000 == 0,
                    "routerTimeout must be whole seconds between 1 s and " + MAX_ROUTER_TIMEOUT + ", was " + routerTimeout);
            require(routesTtl != null && routesTtl.toSeconds() >= 1 && routesTtl.toMillis() % 1000 == 0,
                    "routesTtl must be whole seconds, at least 1 s, was " + routesTtl);
            require(architecture != null, "architecture must not be null");
            require(logRetention != null, "logRetention must not be null");
            require(LOG_LEVELS.contains(logLevel), "logLevel must be one of " + LOG_LEVELS
                    + " (above INFO, Lambda would drop the access lines and the metrics, which are INFO lines), was " + logLevel);
            try {
                FunctionSettings.POWERTOOLS_METRICS_NAMESPACE.read(Map.of(FunctionSettings.POWERTOOLS_METRICS_NAMESPACE.name(),
                        metricsNamespace == null ? "" : metricsNamespace));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("metricsNamespace " + e.getMessage().substring(e.getMessage().indexOf("must")));
            }
            require(metricsNamespace != null && !metricsNamespace.isBlank(), "metricsNamespace must not be empty");
            require(serverErrorRateAlarm > 0 && serverErrorRateAlarm <= 1,
                    "serverErrorRateAlarm must be a share above 0 and at most 1, was " + serverErrorRateAlarm);
            require(latencyP99AlarmMs >= 1, "latencyP99AlarmMs must be at least 1, was " + latencyP99AlarmMs);
            validateJwt();
            for (String function : lambdaBackendFunctions) {
                require(function != null && LAMBDA_BACKEND.matcher(function).matches(),
                        "lambdaBackendFunctions entries must be a function name, a name prefix ending in * (orders-*) or a"
                                + " function ARN (arn:aws:lambda:REGION:ACCOUNT:function:NAME), was " + function);
            }
            // The router's own reading, so that a stack never deploys a value the function refuses at start.
            try {
                FunctionSettings.BACKEND_ALLOWED_HOSTS.read(Map.of(FunctionSettings.BACKEND_ALLOWED_HOSTS.name(),
                        String.join(",", backendAllowedHosts)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("backendAllowedHosts " + e.getMessage().substring(e.getMessage().indexOf("must")));
            }
            require(authorizerCacheTtl != null && !authorizerCacheTtl.isNegative()
                            && authorizerCacheTtl.compareTo(MAX_AUTHORIZER_CACHE_TTL) <= 0
                            && authorizerCacheTtl.toMillis() % 1000 == 0,
                    "authorizerCacheTtl must be whole seconds between 0 and " + MAX_AUTHORIZER_CACHE_TTL + ", was " + authorizerCacheTtl);
            require(defaultRouteAuth != null, "defaultRouteAuth must not be null");
            require(apiKeySource != null, "apiKeySource must not be null");
            require(apiKeySource == ApiKeySource.HEADER || apiKeyRequired,
                    "apiKeySource AUTHORIZER needs apiKeyRequired: without it no method checks a key");
            require(throttling != null, "throttling must not be null");
            require(!usagePlans.contains(null), "usagePlans must not contain null");
            require(usagePlans.stream().map(UsagePlan::name).distinct().count() == usagePlans.size(),
                    "usagePlans names must be unique, were " + usagePlans.stream().map(UsagePlan::name).toList());
            if (apiType == ApiType.HTTP) {
                require(usagePlans.isEmpty(), "usagePlans are a REST API feature: use apiType REST or drop usagePlans");
                require(!apiKeyRequired, "apiKeyRequired is a REST API feature: use apiType REST or drop apiKeyRequired");
            }
            return new LambassadorGatewayProps(this);
        }

        private void validateTable() {
            int sources = (existingTableName != null ? 1 : 0) + (existingTable != null ? 1 : 0);
            require(sources <= 1, "existingTableName and existingTable are alternatives: set one of them");
            require(sources == 0 || tableName == null,
                    "tableName names a new table and cannot be combined with existingTableName or existingTable");
            require(sources == 0 || deletionProtection == null,
                    "deletionProtection applies to a new table and cannot be combined with existingTableName or existingTable");
            require(tableName == null || TABLE_NAME.matcher(tableName).matches(),
                    "tableName must be 3 to 255 letters, digits, '_', '-' or '.', was " + tableName);
            require(existingTableName == null || TABLE_NAME.matcher(existingTableName).matches(),
                    "existingTableName must be 3 to 255 letters, digits, '_', '-' or '.', was " + existingTableName);
        }

        private void validateJwt() {
            for (String issuer : jwtIssuers) {
                require(isIssuerEntry(issuer),
                        "jwtIssuers entries must be an https issuer URL, or an issuer and an https JWKS URL separated by"
                                + " one space, without commas, was " + issuer);
            }
            require(jwtIssuers.stream().distinct().count() == jwtIssuers.size(), "jwtIssuers must not repeat, were " + jwtIssuers);
            for (String audience : jwtAudiences) {
                require(audience != null && LIST_ITEM.matcher(audience).matches(),
                        "jwtAudiences entries must not be blank or contain commas or spaces, were " + jwtAudiences);
            }
            require(jwtAudiences.isEmpty() || !jwtIssuers.isEmpty(),
                    "jwtAudiences needs at least one jwtIssuers entry: an audience means nothing without an issuer");
            // A token is only as specific as its audience: without one, any token of the issuer would do.
            require(jwtIssuers.isEmpty() || !jwtAudiences.isEmpty(),
                    "jwtAudiences must name at least one audience when jwtIssuers is set");
        }

        /** {@code ISSUER} as an https URL, or {@code ISSUER JWKS_URL} with any issuer and an https JWKS URL. */
        private static boolean isIssuerEntry(String entry) {
            if (entry == null) {
                return false;
            }
            String[] parts = entry.split(" ", -1);
            return switch (parts.length) {
                case 1 -> isHttpsUrl(parts[0]) && LIST_ITEM.matcher(parts[0]).matches();
                case 2 -> LIST_ITEM.matcher(parts[0]).matches() && LIST_ITEM.matcher(parts[1]).matches()
                        && isHttpsUrl(parts[1]);
                default -> false;
            };
        }

        private static boolean isHttpsUrl(String value) {
            if (value == null) {
                return false;
            }
            try {
                URI uri = new URI(value);
                return "https".equals(uri.getScheme()) && uri.getHost() != null && uri.getRawQuery() == null
                        && uri.getRawFragment() == null;
            } catch (URISyntaxException e) {
                return false;
            }
        }

        private static void require(boolean condition, String message) {
            if (!condition) {
                throw new IllegalArgumentException(message);
            }
        }
    }
}
