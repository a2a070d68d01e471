package dev.lambassador.infra;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
    // 1 GB buys close to a full vCPU, which Java needs for a fast first request after restore.
    public static final int DEFAULT_ROUTER_MEMORY_MB = 1024;
    public static final int DEFAULT_AUTHORIZER_MEMORY_MB = 512;
    // API Gateway stops waiting after 29 s: a longer Lambda timeout would only bill for answers nobody receives.
    public static final Duration DEFAULT_ROUTER_TIMEOUT = Duration.ofSeconds(29);
    public static final Duration DEFAULT_ROUTES_TTL = Duration.ofSeconds(30);
    public static final Duration DEFAULT_AUTHORIZER_CACHE_TTL = Duration.ofMinutes(5);
    // Graviton costs about 20% less per GB-second and runs the router's JVM as fast.
    public static final Architecture DEFAULT_ARCHITECTURE = Architecture.ARM_64;
    public static final boolean DEFAULT_SNAP_START = true;
    public static final boolean DEFAULT_TRACING = true;
    public static final RetentionDays DEFAULT_LOG_RETENTION = RetentionDays.ONE_MONTH;
    // A ceiling against runaway clients, well under the account's default of 10,000 requests per second.
    public static final Throttling DEFAULT_THROTTLING = Throttling.of(1000, 2000);
    public static final boolean DEFAULT_API_KEY_REQUIRED = false;
    public static final boolean DEFAULT_CLOUD_WATCH_ROLE = true;

    static final int MIN_MEMORY_MB = 128;
    static final int MAX_MEMORY_MB = 10_240;
    static final Duration MAX_ROUTER_TIMEOUT = Duration.ofMinutes(15);
    static final Duration MAX_AUTHORIZER_CACHE_TTL = Duration.ofHours(1);

    private static final Pattern STAGE_NAME = Pattern.compile("[A-Za-z0-9_-]{1,128}");
    private static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z0-9_.-]{3,255}");

    private final ApiType apiType;
    private final String stageName;
    private final String tableName;
    private final String existingTableName;
    private final ITable existingTable;
    private final Boolean deletionProtection;
    private final Code routerCode;
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
    private final Duration authorizerCacheTtl;
    private final Throttling throttling;
    private final List<UsagePlan> usagePlans;
    private final boolean apiKeyRequired;
    private final Cors cors;
    private final CustomDomain customDomain;
    private final boolean cloudWatchRole;

    private LambassadorGatewayProps(Builder b) {
        this.apiType = b.apiType;
        this.stageName = b.stageName;
        this.tableName = b.tableName;
        this.existingTableName = b.existingTableName;
        this.existingTable = b.existingTable;
        this.deletionProtection = b.deletionProtection;
        this.routerCode = b.routerCode;
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
        this.authorizerCacheTtl = b.authorizerCacheTtl;
        this.throttling = b.throttling;
        this.usagePlans = List.copyOf(b.usagePlans);
        this.apiKeyRequired = b.apiKeyRequired;
        this.cors = b.cors;
        this.customDomain = b.customDomain;
        this.cloudWatchRole = b.cloudWatchRole;
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
        b.authorizerCacheTtl = authorizerCacheTtl;
        b.throttling = throttling;
        b.usagePlans = new ArrayList<>(usagePlans);
        b.apiKeyRequired = apiKeyRequired;
        b.cors = cors;
        b.customDomain = customDomain;
        b.cloudWatchRole = cloudWatchRole;
        return b;
    }

    public ApiType apiType() {
        return apiType;
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

    public int routerMemoryMb() {
        return routerMemoryMb;
    }

    /** Carried for the authorizer function; nothing uses it until the authorizer exists. */
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

    /** Whether the router runs with SnapStart, invoked through a published version's alias. */
    public boolean snapStart() {
        return snapStart;
    }

    public boolean tracing() {
        return tracing;
    }

    public RetentionDays logRetention() {
        return logRetention;
    }

    /** Accepted token issuers, carried for the authorizer; the API has no authorizer yet. */
    public List<String> jwtIssuers() {
        return jwtIssuers;
    }

    /** Accepted token audiences, carried for the authorizer; the API has no authorizer yet. */
    public List<String> jwtAudiences() {
        return jwtAudiences;
    }

    /** How long API Gateway caches an authorizer decision, carried for the authorizer. */
    public Duration authorizerCacheTtl() {
        return authorizerCacheTtl;
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
        private int routerMemoryMb = DEFAULT_ROUTER_MEMORY_MB;
        private int authorizerMemoryMb = DEFAULT_AUTHORIZER_MEMORY_MB;
        private Duration routerTimeout = DEFAULT_ROUTER_TIMEOUT;
        private Duration routesTtl = DEFAULT_ROUTES_TTL;
        private Architecture architecture = DEFAULT_ARCHITECTURE;
        private boolean snapStart = DEFAULT_SNAP_START;
        private boolean tracing = DEFAULT_TRACING;
        private RetentionDays logRetention = DEFAULT_LOG_RETENTION;
        private List<String> jwtIssuers = new ArrayList<>();
        private List<String> jwtAudiences = new ArrayList<>();
        private Duration authorizerCacheTtl = DEFAULT_AUTHORIZER_CACHE_TTL;
        private Throttling throttling = DEFAULT_THROTTLING;
        private List<UsagePlan> usagePlans = new ArrayList<>();
        private boolean apiKeyRequired = DEFAULT_API_KEY_REQUIRED;
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

        public Builder jwtIssuers(List<String> jwtIssuers) {
            this.jwtIssuers = new ArrayList<>(Objects.requireNonNull(jwtIssuers, "jwtIssuers must not be null"));
            return this;
        }

        public Builder jwtAudiences(List<String> jwtAudiences) {
            this.jwtAudiences = new ArrayList<>(Objects.requireNonNull(jwtAudiences, "jwtAudiences must not be null"));
            return this;
        }

        public Builder authorizerCacheTtl(Duration authorizerCacheTtl) {
            this.authorizerCacheTtl = authorizerCacheTtl;
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
         * Makes every method but CORS preflight require an {@code x-api-key} header whose key belongs to
         * a usage plan. Without {@link #usagePlans(List)} the gateway creates a plan named
         * {@value LambassadorGateway#DEFAULT_USAGE_PLAN_NAME} with one key, so that the API is usable.
         */
        public Builder apiKeyRequired(boolean apiKeyRequired) {
            this.apiKeyRequired = apiKeyRequired;
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
            validateJwt();
            require(authorizerCacheTtl != null && !authorizerCacheTtl.isNegative()
                            && authorizerCacheTtl.compareTo(MAX_AUTHORIZER_CACHE_TTL) <= 0
                            && authorizerCacheTtl.toMillis() % 1000 == 0,
                    "authorizerCacheTtl must be whole seconds between 0 and " + MAX_AUTHORIZER_CACHE_TTL + ", was " + authorizerCacheTtl);
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
                require(isHttpsUrl(issuer), "jwtIssuers entries must be https URLs, was " + issuer);
            }
            require(jwtIssuers.stream().distinct().count() == jwtIssuers.size(), "jwtIssuers must not repeat, were " + jwtIssuers);
            for (String audience : jwtAudiences) {
                require(audience != null && !audience.isBlank(), "jwtAudiences entries must not be blank, were " + jwtAudiences);
            }
            require(jwtAudiences.isEmpty() || !jwtIssuers.isEmpty(),
                    "jwtAudiences needs at least one jwtIssuers entry: an audience means nothing without an issuer");
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
