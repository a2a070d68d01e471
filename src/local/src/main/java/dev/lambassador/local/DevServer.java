package dev.lambassador.local;

import dev.lambassador.core.route.RouteSource;
import dev.lambassador.core.route.YamlRouteSource;
import dev.lambassador.dynamodb.DynamoDbClients;
import dev.lambassador.dynamodb.DynamoDbRouteSource;
import dev.lambassador.router.RouterConfig;
import dev.lambassador.router.RouterHandler;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code lambassador dev}: the demo echo backend, the real router handler on the chosen route
 * source, and the local API Gateway in front of it, in one process.
 */
public final class DevServer implements AutoCloseable {

    /** The route file that is served when neither a file nor a table is given. */
    public static final String EMBEDDED_ROUTES = "/lambassador/routes.yaml";

    private final EchoBackend echo;
    private final LocalApiGateway gateway;
    private final RouteSource routes;

    private DevServer(EchoBackend echo, LocalApiGateway gateway, RouteSource routes) {
        this.echo = echo;
        this.gateway = gateway;
        this.routes = routes;
    }

    /** How to run: what {@code lambassador dev}'s options say. */
    public record Options(String host, int port, Path routesFile, String table, PayloadVersion payload, Duration ttl) {
    }

    public static DevServer start(Options options, Map<String, String> environment, PrintStream accessLog) throws IOException {
        EchoBackend echo = EchoBackend.start();
        try {
            Map<String, String> variables = new HashMap<>(environment);
            variables.put("ECHO_URL", echo.uri().toString());
            RouteSource routes;
            if (options.table() != null) {
                routes = new DynamoDbRouteSource(DynamoDbClients.fromEnvironment(environment), options.table());
            } else if (options.routesFile() != null) {
                routes = YamlRouteSource.file(options.routesFile(), variables);
            } else {
                routes = YamlRouteSource.resource(EMBEDDED_ROUTES, variables);
            }
            RouterHandler router = new RouterHandler(new RouterConfig(routes, options.ttl()));
            LocalApiGateway gateway = LocalApiGateway.start(
                    new InetSocketAddress(options.host(), options.port()), router, null, options.payload(), accessLog);
            return new DevServer(echo, gateway, routes);
        } catch (IOException | RuntimeException e) {
            echo.close();
            throw e;
        }
    }

    public URI uri() {
        return gateway.uri();
    }

    public URI echoUri() {
        return echo.uri();
    }

    public String routesDescription() {
        return routes.describe();
    }

    public PayloadVersion payload() {
        return gateway.version();
    }

    @Override
    public void close() {
        gateway.close();
        echo.close();
    }
}
