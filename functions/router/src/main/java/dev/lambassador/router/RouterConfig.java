package dev.lambassador.router;

import static dev.lambassador.core.settings.FunctionSettings.BACKEND_CONNECT_TIMEOUT_MS;
import static dev.lambassador.core.settings.FunctionSettings.BASE_PATH;
import static dev.lambassador.core.settings.FunctionSettings.DEFAULT_ROUTE_AUTH;
import static dev.lambassador.core.settings.FunctionSettings.ROUTES_FILE;
import static dev.lambassador.core.settings.FunctionSettings.ROUTES_MAX_AGE_SECONDS;
import static dev.lambassador.core.settings.FunctionSettings.ROUTES_TABLE;
import static dev.lambassador.core.settings.FunctionSettings.ROUTES_TTL_SECONDS;

import dev.lambassador.core.apigw.ProxyIntegration;
import dev.lambassador.core.auth.RouteAuth;
import dev.lambassador.core.backend.BackendAddressGuard;
import dev.lambassador.core.guard.HeaderLimits;
import dev.lambassador.core.cors.CorsPolicy;
import dev.lambassador.core.settings.FunctionSettings;
import dev.lambassador.core.route.RouteSource;
import dev.lambassador.core.route.YamlRouteSource;
import dev.lambassador.dynamodb.DynamoDbJsonClient;
import dev.lambassador.dynamodb.DynamoDbRouteSource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the router needs to start: where routes come from, how often to check them, how long to wait
 * for a backend connection, a custom domain's base path, what routes without {@code auth} require,
 * which backend hosts may be called and how large a request's headers may be.
 * In Lambda it comes from the function's environment, the {@link dev.lambassador.core.settings.FunctionSettings#ROUTER}
 * settings, whose defaults also apply to the shorter constructors.
 *
 * @param routesTtl    how old the routes may get before a request starts a check in the background
 * @param routesMaxAge how old they may get before a request waits for a check; at least {@code routesTtl}
 */
public record RouterConfig(RouteSource routes, Duration routesTtl, Duration connectTimeout, String basePath,
                           RouteAuth defaultAuth, Optional<CorsPolicy> cors, Duration routesMaxAge,
                           BackendAddressGuard backendGuard, HeaderLimits headerLimits) {

    public RouterConfig {
        Objects.requireNonNull(routes, "routes");
        Objects.requireNonNull(routesTtl, "routesTtl");
        checkMaxAge(routesTtl, Objects.requireNonNull(routesMaxAge, "routesMaxAge"));
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        basePath = ProxyIntegration.basePath(basePath);
        if (Objects.requireNonNull(defaultAuth, "defaultAuth") == RouteAuth.DEFAULT) {
            throw new IllegalArgumentException("defaultAuth must be one of " + RouteAuth.choices());
        }
        Objects.requireNonNull(cors, "cors");
        Objects.requireNonNull(backendGuard, "backendGuard");
        Objects.requireNonNull(headerLimits, "headerLimits");
    }

    /**
     * A configuration with the settings' defaults: the maximum age (or {@code routesTtl} when that is
     * longer), the backend guard (loopback refused) and the header limits.
     */
    public RouterConfig(RouteSource routes, Duration routesTtl, Duration connectTimeout, String basePath, RouteAuth defaultAuth,
                        Optional<CorsPolicy> cors) {
        this(routes, routesTtl, connectTimeout, basePath, defaultAuth, cors, defaultMaxAge(routesTtl),
                BackendAddressGuard.fromSettings(Map.of()), HeaderLimits.fromSettings(Map.of()));
    }

    public RouterConfig(RouteSource routes, Duration routesTtl) {
        this(routes, routesTtl, BACKEND_CONNECT_TIMEOUT_MS.defaultValue(), "", DEFAULT_ROUTE_AUTH.defaultValue(), Optional.empty());
    }

    /** The same configuration with another default for routes that say nothing about auth. */
    public RouterConfig withDefaultAuth(RouteAuth auth) {
        return new RouterConfig(routes, routesTtl, connectTimeout, basePath, auth, cors, routesMaxAge, backendGuard, headerLimits);
    }

    /** The same configuration with another deployment-wide CORS policy. */
    public RouterConfig withCors(Optional<CorsPolicy> policy) {
        return new RouterConfig(routes, routesTtl, connectTimeout, basePath, defaultAuth, policy, routesMaxAge, backendGuard, headerLimits);
    }

    /** The same configuration with another guard on backend hosts, one that allows loopback for local runs say. */
    public RouterConfig withBackendGuard(BackendAddressGuard guard) {
        return new RouterConfig(routes, routesTtl, connectTimeout, basePath, defaultAuth, cors, routesMaxAge, guard, headerLimits);
    }

    /** The same configuration with other limits on requests' headers. */
    public RouterConfig withHeaderLimits(HeaderLimits limits) {
        return new RouterConfig(routes, routesTtl, connectTimeout, basePath, defaultAuth, cors, routesMaxAge, backendGuard, limits);
    }

    /** The same configuration with another maximum age of the routes; at least {@link #routesTtl()}. */
    public RouterConfig withRoutesMaxAge(Duration maxAge) {
        return new RouterConfig(routes, routesTtl, connectTimeout, basePath, defaultAuth, cors, maxAge, backendGuard, headerLimits);
    }

    private static void checkMaxAge(Duration routesTtl, Duration routesMaxAge) {
        if (routesMaxAge.compareTo(routesTtl) < 0) {
            throw new IllegalArgumentException(ROUTES_MAX_AGE_SECONDS.name() + " must be at least " + ROUTES_TTL_SECONDS.name()
                    + " (" + routesTtl.toSeconds() + "), was " + routesMaxAge.toSeconds());
        }
    }

    /** {@link FunctionSettings#ROUTES_MAX_AGE_SECONDS}'s default, or the ttl when that is longer: a long ttl alone stays valid. */
    static Duration defaultMaxAge(Duration routesTtl) {
        Duration standard = ROUTES_MAX_AGE_SECONDS.defaultValue();
        return routesTtl.compareTo(standard) > 0 ? routesTtl : standard;
    }

    public RouterConfig(RouteSource routes) {
        this(routes, ROUTES_TTL_SECONDS.defaultValue());
    }

    /** @throws IllegalArgumentException naming the variable that is missing or wrong */
    public static RouterConfig fromEnvironment(Map<String, String> environment) {
        String table = ROUTES_TABLE.read(environment);
        String file = ROUTES_FILE.read(environment);
        if (table.isEmpty() && file.isEmpty()) {
            throw new IllegalArgumentException("set " + ROUTES_TABLE.name() + " to the DynamoDB routes table (or "
                    + ROUTES_FILE.name() + " to a YAML routes file)");
        }
        // Read before a client is made, so that a configuration error never leaves one behind.
        Duration routesTtl = ROUTES_TTL_SECONDS.read(environment);
        String maxAge = environment.get(ROUTES_MAX_AGE_SECONDS.name());
        Duration routesMaxAge = maxAge == null || maxAge.isBlank() ? defaultMaxAge(routesTtl) : ROUTES_MAX_AGE_SECONDS.read(environment);
        checkMaxAge(routesTtl, routesMaxAge);
        Duration connectTimeout = BACKEND_CONNECT_TIMEOUT_MS.read(environment);
        String basePath = ProxyIntegration.basePath(BASE_PATH.read(environment));
        RouteAuth defaultAuth = DEFAULT_ROUTE_AUTH.read(environment);
        Optional<CorsPolicy> cors = CorsPolicy.fromSettings(environment);
        BackendAddressGuard backendGuard = BackendAddressGuard.fromSettings(environment);
        HeaderLimits headerLimits = HeaderLimits.fromSettings(environment);
        RouteSource routes = !table.isEmpty()
                ? new DynamoDbRouteSource(DynamoDbJsonClient.fromEnvironment(environment), table)
                : YamlRouteSource.file(Path.of(file), environment);
        return new RouterConfig(routes, routesTtl, connectTimeout, basePath, defaultAuth, cors, routesMaxAge, backendGuard, headerLimits);
    }
}
