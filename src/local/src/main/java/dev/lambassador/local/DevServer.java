package dev.lambassador.local;

import dev.lambassador.authorizer.AuthorizerConfig;
import dev.lambassador.authorizer.AuthorizerHandler;
import dev.lambassador.core.apigw.PayloadVersion;
import dev.lambassador.core.auth.ApiKeyStore;
import dev.lambassador.core.auth.RouteAuth;
import dev.lambassador.core.backend.BackendAddressGuard;
import dev.lambassador.core.cors.CorsPolicy;
import dev.lambassador.core.guard.HeaderLimits;
import dev.lambassador.core.observe.JsonTelemetry;
import dev.lambassador.core.observe.TelemetrySink;
import dev.lambassador.core.route.RouteSource;
import dev.lambassador.core.route.YamlRouteSource;
import dev.lambassador.core.settings.FunctionSettings;
import dev.lambassador.dynamodb.DynamoDbApiKeyStore;
import dev.lambassador.dynamodb.DynamoDbClients;
import dev.lambassador.dynamodb.DynamoDbJsonClient;
import dev.lambassador.dynamodb.DynamoDbRouteSource;
import dev.lambassador.dynamodb.TableStream;
import dev.lambassador.router.RouterConfig;
import dev.lambassador.router.LambdaInvoker;
import dev.lambassador.router.RouterHandler;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * {@code lambassador dev}: the demo echo backend, the demo function on a local function runtime, the
 * demo gRPC service, the real authorizer and router handlers, and the local API Gateway in front of
 * them, in one process. The authorizer trusts the development
 * token issuer ({@link DevIdentity}, whose JWKS is served on loopback) and finds API keys in the
 * local key store, or in the table when routes come from one.
 */
public final class DevServer implements AutoCloseable {

    /** The route file that is served when neither a file nor a table is given. */
    public static final String EMBEDDED_ROUTES = "/lambassador/routes.yaml";

    private final EchoBackend echo;
    private final JwksServer jwks;
    private final LocalFunctionRuntime functions;
    private final DemoGrpcService grpc;
    private final LocalApiGateway gateway;
    private final RouteSource routes;
    private final ApiKeyStore apiKeys;
    private final LocalStreamTrigger trigger;

    private DevServer(EchoBackend echo, JwksServer jwks, LocalFunctionRuntime functions, DemoGrpcService grpc, LocalApiGateway gateway,
                      RouteSource routes, ApiKeyStore apiKeys, LocalStreamTrigger trigger) {
        this.echo = echo;
        this.jwks = jwks;
        this.functions = functions;
        this.grpc = grpc;
        this.gateway = gateway;
        this.routes = routes;
        this.apiKeys = apiKeys;
        this.trigger = trigger;
    }

    /**
     * How to run: what {@code lambassador dev}'s options say.
     *
     * @param defaultAuth     what routes without {@code auth} need
     * @param authorizerCache how long API Gateway would cache a decision per Authorization header; zero: off
     * @param echoPort        the demo echo backend's loopback port; zero: a free one
     */
    public record Options(String host, int port, Path routesFile, String table, PayloadVersion payload, Duration ttl,
                          RouteAuth defaultAuth, Duration authorizerCache, LogFormat log, int echoPort) {

        public Options(String host, int port, Path routesFile, String table, PayloadVersion payload, Duration ttl,
                       RouteAuth defaultAuth, Duration authorizerCache, LogFormat log) {
            this(host, port, routesFile, table, payload, ttl, defaultAuth, authorizerCache, log, 0);
        }

        public Options(String host, int port, Path routesFile, String table, PayloadVersion payload, Duration ttl,
                       RouteAuth defaultAuth, Duration authorizerCache) {
            this(host, port, routesFile, table, payload, ttl, defaultAuth, authorizerCache, LogFormat.COMPACT);
        }
    }

    /**
     * What {@code --log} chooses: a short line per request ({@code compact}), or what the functions would
     * write to CloudWatch in Lambda ({@code json}): the router's access lines, the authorizer's
     * decisions and the EMF metric documents, one JSON object per line.
     */
    public enum LogFormat {
        COMPACT, JSON;

        public static LogFormat parse(String value, String option) {
            return switch (value.toLowerCase(Locale.ROOT)) {
                case "compact" -> COMPACT;
                case "json" -> JSON;
                default -> throw new IllegalArgumentException(option + " must be compact or json, was '" + value + "'");
            };
        }
    }

    /** @param accessLog where the log of requests goes, as {@link Options#log()} says; null for none */
    public static DevServer start(Options options, Map<String, String> environment, PrintStream accessLog) throws IOException {
        if (accessLog == null) {
            return start(options, environment, TelemetrySink.NONE, null);
        }
        if (options.log() == LogFormat.JSON) {
            return start(options, environment, JsonTelemetry.fromEnvironment(environment, accessLog), null);
        }
        LocalLog compact = new LocalLog(accessLog, LocalLog.colourFor(environment));
        return start(options, environment, compact, compact);
    }

    /**
     * @param telemetry what the router and the authorizer report to
     * @param requests  told of each request the local gateway answered, or null
     */
    public static DevServer start(Options options, Map<String, String> environment, TelemetrySink telemetry,
                                  LocalApiGateway.RequestLog requests) throws IOException {
        return start(options, environment, telemetry, requests, null);
    }

    /**
     * With routes from a table, an emulator's ({@code AWS_ENDPOINT_URL} set), the table's stream is read here and its
     * changes handed to the stream function, which no Lambda service runs for an emulator ({@link LocalStreamTrigger}).
     *
     * @param tableClient the client the router and the authorizer read the table with; null: one from the environment
     */
    public static DevServer start(Options options, Map<String, String> environment, TelemetrySink telemetry,
                                  LocalApiGateway.RequestLog requests, DynamoDbClient tableClient) throws IOException {
        DevIdentity identity = DevIdentity.loadOrCreate(DevIdentity.home(environment));
        List<AutoCloseable> started = new ArrayList<>();
        try {
            EchoBackend echo = EchoBackend.start(options.echoPort());
            started.add(echo);
            LocalFunctionRuntime functions = LocalFunctionRuntime.start().deploy(DemoFunction.NAME, new DemoFunction());
            started.add(functions);
            DemoGrpcService grpc = DemoGrpcService.start();
            started.add(grpc);
            JwksServer jwks = JwksServer.start(identity.jwks());
            started.add(jwks);
            Map<String, String> variables = new HashMap<>(environment);
            variables.put("ECHO_URL", echo.uri().toString());
            variables.put("GRPC_TARGET", grpc.target());
            RouteSource routes;
            ApiKeyStore apiKeys;
            LocalStreamTrigger trigger = null;
            if (options.table() != null) {
                DynamoDbClient client = tableClient != null ? tableClient : DynamoDbClients.fromEnvironment(environment);
                // The SDK's client resolved the endpoint, region and credentials (profiles included); the functions' own client reads.
                DynamoDbJsonClient reads = DynamoDbClients.jsonClient(client);
                routes = new DynamoDbRouteSource(reads, options.table());
                apiKeys = new DynamoDbApiKeyStore(reads, options.table());
                if (DynamoDbClients.endpointOverride(environment).isPresent()) {
                    // Its own clients: what the stream function reads and writes is not the router's.
                    trigger = LocalStreamTrigger.start(DynamoDbClients.fromEnvironment(environment),
                            TableStream.clientFromEnvironment(environment), options.table(), LocalStreamTrigger.POLL);
                    started.add(trigger);
                }
            } else {
                routes = options.routesFile() != null
                        ? YamlRouteSource.file(options.routesFile(), variables)
                        : YamlRouteSource.resource(EMBEDDED_ROUTES, variables);
                apiKeys = LocalApiKeyStore.inHome(environment);
            }
            AuthorizerHandler authorizer = new AuthorizerHandler(AuthorizerConfig.builder()
                    .issuer(DevIdentity.ISSUER, jwks.uri())
                    .audiences(DevIdentity.AUDIENCE)
                    .apiKeys(apiKeys)
                    .build(), telemetry);
            // Local backends (the echo backend among them) listen on loopback, which a deployed router refuses.
            Map<String, String> settings = new HashMap<>(environment);
            settings.putIfAbsent(FunctionSettings.BACKEND_ALLOW_LOOPBACK.name(), "true");
            RouterHandler router = new RouterHandler(new RouterConfig(routes, options.ttl()).withDefaultAuth(options.defaultAuth())
                    .withCors(CorsPolicy.fromSettings(environment))
                    .withBackendGuard(BackendAddressGuard.fromSettings(settings))
                    .withHeaderLimits(HeaderLimits.fromSettings(settings)), telemetry, localInvoker(functions));
            LocalAuthorizer front = new LocalAuthorizer(authorizer,
                    options.authorizerCache().isZero() ? List.of() : List.of("Authorization"), options.authorizerCache());
            LocalApiGateway gateway = LocalApiGateway.start(
                    new InetSocketAddress(options.host(), options.port()), router, front, options.payload(), requests);
            return new DevServer(echo, jwks, functions, grpc, gateway, routes, apiKeys, trigger);
        } catch (IOException | RuntimeException e) {
            for (AutoCloseable resource : started) {
                try {
                    resource.close();
                } catch (Exception suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
    }

    /**
     * The router's Lambda client, pointed at the local function runtime: {@code lambda} backends are
     * the functions it serves (the demo function), whatever AWS account the environment names.
     */
    static LambdaInvoker localInvoker(LocalFunctionRuntime functions) {
        return new LambdaInvoker(() -> LambdaInvoker.builder(Map.of("AWS_ENDPOINT_URL_LAMBDA", functions.uri().toString()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .build());
    }

    public URI uri() {
        return gateway.uri();
    }

    /** Where the demo gRPC service listens: {@code 127.0.0.1:PORT}, the routes' {@code ${GRPC_TARGET}}. */
    public String grpcTarget() {
        return grpc.target();
    }

    /** Where the local function runtime serves the demo function, Lambda's Invoke API. */
    public URI functionsUri() {
        return functions.uri();
    }

    public URI echoUri() {
        return echo.uri();
    }

    public String routesDescription() {
        return routes.describe();
    }

    /** How the router learns of edits, for the banner. */
    public String changesDescription() {
        if (trigger != null) {
            return trigger.describe() + ", which moves the revision item the router checks";
        }
        return routes instanceof DynamoDbRouteSource
                ? "the table's revision item, which the stacks' stream function moves"
                : "the file, read again every check";
    }

    public String apiKeysDescription() {
        return apiKeys.describe();
    }

    public PayloadVersion payload() {
        return gateway.version();
    }

    @Override
    public void close() {
        if (trigger != null) {
            trigger.close();
        }
        gateway.close();
        functions.close();
        grpc.close();
        jwks.close();
        echo.close();
    }
}
