package dev.lambassador.router;

import dev.lambassador.core.apigw.ProxyIntegration;
import dev.lambassador.core.auth.RouteAuth;
import dev.lambassador.core.backend.HttpForwarder;
import dev.lambassador.core.route.RefreshingRouteTable;
import dev.lambassador.core.route.RouteSource;
import dev.lambassador.core.route.YamlRouteSource;
import dev.lambassador.dynamodb.DynamoDbClients;
import dev.lambassador.dynamodb.DynamoDbRouteSource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * What the router needs to start: where routes come from, how often to reload them, and how long
 * to wait for a backend connection. In Lambda it comes from the function's environment:
 *
 * <ul>
 *   <li>{@code ROUTES_TABLE}: the DynamoDB routes table (or {@code ROUTES_FILE}: a YAML file);</li>
 *   <li>{@code ROUTES_TTL_SECONDS}: how old the route table may get before a background reload (default 30);</li>
 *   <li>{@code BACKEND_CONNECT_TIMEOUT_MS}: connect timeout for backends (default 3000);</li>
 *   <li>{@code BASE_PATH}: a custom domain's base path, e.g. {@code /v1}, taken off request paths
 *       (API Gateway leaves it in the event);</li>
 *   <li>{@code DEFAULT_ROUTE_AUTH}: what routes without an {@code auth} attribute require: {@code none},
 *       {@code jwt}, {@code apiKey} or {@code any} (the default: any authenticated caller).</li>
 * </ul>
 */
public record RouterConfig(RouteSource routes, Duration routesTtl, Duration connectTimeout, String basePath,
                           RouteAuth defaultAuth) {

    /** Routes that say nothing are closed to anonymous callers unless the deployment opts out. */
    public static final RouteAuth DEFAULT_ROUTE_AUTH = RouteAuth.ANY;

    public RouterConfig {
        Objects.requireNonNull(routes, "routes");
        Objects.requireNonNull(routesTtl, "routesTtl");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        basePath = ProxyIntegration.basePath(basePath);
        if (Objects.requireNonNull(defaultAuth, "defaultAuth") == RouteAuth.DEFAULT) {
            throw new IllegalArgumentException("defaultAuth must be one of " + RouteAuth.choices());
        }
    }

    public RouterConfig(RouteSource routes, Duration routesTtl) {
        this(routes, routesTtl, HttpForwarder.DEFAULT_CONNECT_TIMEOUT, "", DEFAULT_ROUTE_AUTH);
    }

    /** The same configuration with another default for routes that say nothing about auth. */
    public RouterConfig withDefaultAuth(RouteAuth auth) {
        return new RouterConfig(routes, routesTtl, connectTimeout, basePath, auth);
    }

    public RouterConfig(RouteSource routes) {
        this(routes, RefreshingRouteTable.DEFAULT_TTL);
    }

    /** @throws IllegalArgumentException naming the variable that is missing or wrong */
    public static RouterConfig fromEnvironment(Map<String, String> environment) {
        String table = environment.get("ROUTES_TABLE");
        String file = environment.get("ROUTES_FILE");
        RouteSource routes;
        if (table != null && !table.isBlank()) {
            routes = new DynamoDbRouteSource(DynamoDbClients.fromEnvironment(environment), table);
        } else if (file != null && !file.isBlank()) {
            routes = YamlRouteSource.file(Path.of(file), environment);
        } else {
            throw new IllegalArgumentException("set ROUTES_TABLE to the DynamoDB routes table (or ROUTES_FILE to a YAML routes file)");
        }
        return new RouterConfig(routes,
                Duration.ofSeconds(number(environment, "ROUTES_TTL_SECONDS", RefreshingRouteTable.DEFAULT_TTL.toSeconds())),
                Duration.ofMillis(number(environment, "BACKEND_CONNECT_TIMEOUT_MS", HttpForwarder.DEFAULT_CONNECT_TIMEOUT.toMillis())),
                environment.getOrDefault("BASE_PATH", ""),
                defaultAuth(environment.get("DEFAULT_ROUTE_AUTH")));
    }

    private static RouteAuth defaultAuth(String value) {
        if (value == null || value.isBlank()) {
            return DEFAULT_ROUTE_AUTH;
        }
        return RouteAuth.parse(value.trim(), "DEFAULT_ROUTE_AUTH");
    }

    private static long number(Map<String, String> environment, String name, long defaultValue) {
        String value = environment.get(name);
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        try {
            long parsed = Long.parseLong(value.trim());
            if (parsed >= 0) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(name + " must be a whole number of at least 0, was '" + value + "'");
    }
}
