package dev.lambassador.cli;

import dev.lambassador.core.apigw.PayloadVersion;
import dev.lambassador.core.auth.RouteAuth;
import dev.lambassador.core.settings.FunctionSettings;
import dev.lambassador.local.DevServer;
import java.io.PrintStream;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code lambassador dev}: the local gateway, in front of the real authorizer and router, with a demo echo backend. */
@Command(name = "dev", sortOptions = false,
        description = {"Run the local gateway in front of the real authorizer and router, with a demo echo backend, a demo function on a local Lambda runtime and a demo gRPC service.",
                "It speaks API Gateway's event formats to the functions. Ctrl-C stops it.",
                "The development signing key and the local key store live in $LAMBASSADOR_HOME (default ~/.lambassador)."})
final class DevCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--port", paramLabel = "N", description = "port to listen on (default ${DEFAULT-VALUE})", defaultValue = "8080")
    int port;

    @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "address to bind (default ${DEFAULT-VALUE}; 0.0.0.0 for every interface)")
    String host;

    @ArgGroup(exclusive = true)
    Source source;

    static final class Source {
        @Option(names = "--routes", paramLabel = "FILE",
                description = "serve the routes in this YAML file, reloaded as it changes (default: the embedded examples/routes.yaml)")
        Path routes;

        @Option(names = "--table", paramLabel = "NAME",
                description = "serve the routes (and API keys) in this DynamoDB table (uses AWS_REGION, AWS_ENDPOINT_URL, ...)")
        String table;
    }

    @Option(names = "--payload", paramLabel = "v1|v2", converter = Converters.Payload.class,
            description = "REST API payload v1 (default) or HTTP API payload v2")
    PayloadVersion payload = PayloadVersion.V1;

    @Option(names = "--ttl", paramLabel = "SECONDS",
            description = "check routes when they are older than this (default 2; a request waits for the check"
                    + " when they are older than 5 s, or than the ttl if longer)")
    Integer ttl;

    @Option(names = "--default-auth", paramLabel = "MODE", converter = Converters.DefaultAuth.class,
            description = "what routes without `auth` need: none, jwt, apiKey or any (default any)")
    RouteAuth defaultAuth = FunctionSettings.DEFAULT_ROUTE_AUTH.defaultValue();

    @Option(names = "--authorizer-cache", paramLabel = "SECONDS", defaultValue = "0",
            description = {"cache authorizer decisions per Authorization header, as API Gateway does when caching is on;",
                    "every request then needs that header (default 0: off)"})
    int authorizerCache;

    @Option(names = "--log", paramLabel = "compact|json", converter = Converters.Log.class,
            description = {"one short line per request (default), or what the functions write to CloudWatch in Lambda:",
                    "JSON access lines, authorizer decisions, EMF metrics"})
    DevServer.LogFormat log = DevServer.LogFormat.COMPACT;

    @Option(names = "--echo-port", paramLabel = "N", defaultValue = "0",
            description = {"the demo echo backend's loopback port (default: a free one); fix it to name the echo",
                    "in a table's routes: ECHO_URL=http://127.0.0.1:N lambassador apply examples/routes.yaml --table T"})
    int echoPort;

    private final Console console;

    DevCommand(Console console) {
        this.console = console;
    }

    @Override
    public Integer call() {
        DevServer.Options options = options();
        PrintStream out = console.out();
        try {
            DevServer server = DevServer.start(options, console.environment(), out);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                server.close();
                out.println("Lambassador stopped.");
            }, "lambassador-shutdown"));
            printBanner(out, server, options.table());
            return 0;
        } catch (BindException e) {
            String echo = options.echoPort() == 0 ? "" : ", or the echo backend on 127.0.0.1:" + options.echoPort();
            throw new CliException("cannot listen on " + options.host() + ":" + options.port() + echo
                    + " (" + e.getMessage() + "); is another server using it? Choose another with --port"
                    + (echo.isEmpty() ? "" : " or --echo-port"));
        } catch (Exception e) {
            throw new CliException(e.getMessage(), e);
        }
    }

    /** What the options say, checked: values out of range are usage errors that name the option. */
    DevServer.Options options() {
        Path routes = source == null ? null : source.routes;
        String table = source == null ? null : source.table;
        if (routes != null && !Files.isReadable(routes)) {
            throw new ParameterException(spec.commandLine(), "--routes " + routes + ": no such readable file");
        }
        // The deployed pace, file or table: a table is checked through its small revision item, not read whole.
        int seconds = ttl != null ? ttl : (int) FunctionSettings.ROUTES_TTL_SECONDS.defaultValue().toSeconds();
        within("--port", port, 0, 65535);
        within("--ttl", seconds, 0, 86_400);
        within("--authorizer-cache", authorizerCache, 0, 3600);
        within("--echo-port", echoPort, 0, 65535);
        return new DevServer.Options(host, port, routes, table, payload, Duration.ofSeconds(seconds), defaultAuth,
                Duration.ofSeconds(authorizerCache), log, echoPort);
    }

    private void within(String option, int value, int min, int max) {
        if (value < min || value > max) {
            throw new ParameterException(spec.commandLine(),
                    option + " must be a whole number from " + min + " to " + max + ", was '" + value + "'");
        }
    }

    /** @param table the table served, or null for a file: keys go where the gateway looks for them */
    private static void printBanner(PrintStream out, DevServer server, String table) {
        String base = server.uri().toString();
        String tableOption = table == null ? "" : " --table " + table;
        String demoRoutes = table == null ? "" : """

                The lines below need the example routes in the table (once, with the echo backend's port fixed):
                  bin/lambassador apply examples/routes.yaml --table %s   # and dev --echo-port N
                """.formatted(table);
        out.println("""
                Lambassador local gateway on %1$s (%2$s)
                  routes:       %3$s
                  edits seen:   through %6$s
                  API keys:     %4$s
                  echo backend: %5$s
                %8$s
                Try:
                  curl -i '%1$s/echo/hello?name=world'
                  curl -i -X POST -H 'Content-Type: application/json' -d '{"item":"book"}' %1$s/echo/orders
                  curl -i %1$s/orders/42                 # needs a token: 401
                  TOKEN=$(bin/lambassador token --sub alice --scope orders:read)
                  curl -i -H "Authorization: Bearer $TOKEN" %1$s/orders/42
                  KEY=$(bin/lambassador keys create --consumer acme --plan basic%7$s)
                  curl -i -H "x-api-key: $KEY" %1$s/whoami
                  curl -i -H "x-api-key: $KEY" %1$s/orders/42    # a key, not a token: 401
                  curl -i %1$s/slow                      # backend slower than the route's timeout: 504
                  curl -i %1$s/nowhere                   # no route: 404
                  curl -i %1$s/v1/shop/items/7           # a deprecated API version: 200, with Deprecation and Sunset
                  curl -i %1$s/v0/shop/items/7           # a retired one: 410
                  curl -i %1$s/hello/alice               # a Lambda function backend: the demo function answers
                  curl -i '%1$s/greet/alice?lang=fr'     # a gRPC backend: the demo service's reply, as JSON

                Ctrl-C stops.""".formatted(base, server.payload().describe(), server.routesDescription(),
                server.apiKeysDescription(), server.echoUri(), server.changesDescription(), tableOption, demoRoutes));
    }
}
