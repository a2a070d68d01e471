package dev.lambassador.local;

import dev.lambassador.core.apigw.PayloadVersion;
import dev.lambassador.core.auth.ApiKeyStore;
import dev.lambassador.core.auth.ApiKeys;
import dev.lambassador.core.auth.Consumer;
import dev.lambassador.core.auth.RouteAuth;
import dev.lambassador.core.settings.FunctionSettings;
import dev.lambassador.dynamodb.DynamoDbApiKeyStore;
import dev.lambassador.dynamodb.DynamoDbClients;
import java.io.PrintStream;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The {@code lambassador} command. */
public final class Main {

    static final String USAGE = """
            Usage: lambassador <command> [options]

            Commands:
              dev           run the local gateway: API Gateway's event formats in front of the real
                            authorizer and router functions, with a demo echo backend, a demo
                            function on a local Lambda runtime and a demo gRPC service
              token         print a development bearer token that `lambassador dev` accepts
              keys create   create an API key for a consumer: prints the key once, stores only its hash
              help          show this text

            dev options:
              --port N                  port to listen on (default 8080)
              --host ADDRESS            address to bind (default 127.0.0.1; 0.0.0.0 for every interface)
              --routes FILE             serve the routes in this YAML file (default: the embedded examples/routes.yaml)
              --table NAME              serve the routes (and API keys) in this DynamoDB table
                                        (uses AWS_REGION, AWS_ENDPOINT_URL, ...)
              --payload v1|v2           REST API payload v1 (default) or HTTP API payload v2
              --ttl SECONDS             check routes when they are older than this (default 2; a request waits
                                        for the check when they are older than 5 s, or than the ttl if longer)
              --default-auth MODE       what routes without `auth` need: none, jwt, apiKey or any (default any)
              --authorizer-cache SECONDS
                                        cache authorizer decisions per Authorization header, as API Gateway
                                        does when caching is on; every request then needs that header (default 0: off)
              --log compact|json        one short line per request (default), or what the functions write to
                                        CloudWatch in Lambda: JSON access lines, authorizer decisions, EMF metrics

            token options:
              --sub SUBJECT             who the token is for (required)
              --scope SCOPE             a scope it grants; repeat for more
              --ttl DURATION            how long it is valid: 90s, 15m, 1h (default) or 7d
              --client ID               its client_id claim

            keys create options:
              --consumer ID             the consumer the key belongs to; created if new (required)
              --name NAME               the consumer's display name
              --plan PLAN               the consumer's usage plan
              --scope SCOPE             a scope the consumer's keys grant; repeat for more
              --table NAME              store in this DynamoDB table instead of the local key store

            The development signing key and the local key store live in $LAMBASSADOR_HOME
            (default ~/.lambassador).
            """;

    private static final Set<String> DEV_OPTIONS = Set.of("--port", "--host", "--routes", "--table", "--payload", "--ttl",
            "--default-auth", "--authorizer-cache", "--log");
    private static final Set<String> TOKEN_OPTIONS = Set.of("--sub", "--scope", "--ttl", "--client");
    private static final Set<String> KEYS_OPTIONS = Set.of("--consumer", "--name", "--plan", "--scope", "--table");

    private Main() {
    }

    public static void main(String[] args) {
        System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tT %4$s %5$s%6$s%n");
        int status = run(List.of(args), System.getenv(), System.out, System.err);
        if (status != 0) {
            System.exit(status);
        }
    }

    /** Runs a command; returns the process exit status, or 0 with the dev server left running. */
    static int run(List<String> args, Map<String, String> environment, PrintStream out, PrintStream err) {
        if (args.isEmpty() || args.getFirst().equals("help") || args.getFirst().equals("--help") || args.getFirst().equals("-h")) {
            out.print(USAGE);
            return args.isEmpty() ? 2 : 0;
        }
        String command = args.getFirst();
        List<String> rest = args.subList(1, args.size());
        if (command.equals("keys")) {
            if (rest.isEmpty() || !rest.getFirst().equals("create")) {
                return usageError(err, "keys", "use 'keys create'");
            }
            command = "keys create";
            rest = rest.subList(1, rest.size());
        }
        try {
            return switch (command) {
                case "dev" -> dev(parseDev(rest), environment, out, err);
                case "token" -> token(Arguments.parse(rest, TOKEN_OPTIONS), environment, out);
                case "keys create" -> createKey(Arguments.parse(rest, KEYS_OPTIONS), environment, out, err);
                default -> usageError(err, null, "unknown command '" + command + "'");
            };
        } catch (IllegalArgumentException e) {
            return usageError(err, command, e.getMessage());
        } catch (RuntimeException e) {
            err.println("lambassador " + command + ": " + e.getMessage());
            return 1;
        }
    }

    private static int usageError(PrintStream err, String command, String message) {
        err.println("lambassador" + (command == null ? "" : " " + command) + ": " + message + "\n");
        err.print(USAGE);
        return 2;
    }

    private static int dev(DevServer.Options options, Map<String, String> environment, PrintStream out, PrintStream err) {
        try {
            DevServer server = DevServer.start(options, environment, out);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                server.close();
                out.println("Lambassador stopped.");
            }, "lambassador-shutdown"));
            printBanner(out, server);
            return 0;
        } catch (BindException e) {
            err.println("lambassador dev: cannot listen on " + options.host() + ":" + options.port()
                    + " (" + e.getMessage() + "); is another server using it? Choose another with --port");
            return 1;
        } catch (Exception e) {
            err.println("lambassador dev: " + e.getMessage());
            return 1;
        }
    }

    /** Only the token goes to standard output, so that {@code TOKEN=$(lambassador token ...)} works. */
    private static int token(Arguments arguments, Map<String, String> environment, PrintStream out) {
        String subject = arguments.required("--sub");
        Duration ttl = arguments.duration("--ttl").orElse(DevIdentity.DEFAULT_TTL);
        if (ttl.isZero()) {
            throw new IllegalArgumentException("--ttl must be longer than 0");
        }
        Set<String> scopes = Consumer.scopes(arguments.all("--scope"));
        DevIdentity identity = DevIdentity.loadOrCreate(DevIdentity.home(environment));
        out.println(identity.mint(subject, scopes, ttl, arguments.one("--client").orElse(null)));
        return 0;
    }

    /** The key goes to standard output, once; what was stored goes to standard error. */
    private static int createKey(Arguments arguments, Map<String, String> environment, PrintStream out, PrintStream err) {
        String consumerId = arguments.required("--consumer");
        ApiKeyStore store = arguments.one("--table")
                .<ApiKeyStore>map(table -> new DynamoDbApiKeyStore(DynamoDbClients.fromEnvironment(environment), table))
                .orElseGet(() -> LocalApiKeyStore.inHome(environment));
        Consumer existing = store.consumer(consumerId).orElse(null);
        Consumer consumer = existing != null ? unchanged(existing, arguments)
                : new Consumer(consumerId, arguments.one("--name").orElse(null), arguments.one("--plan").orElse(null),
                        Consumer.scopes(arguments.all("--scope")), true);
        String key = ApiKeys.generate();
        store.save(ApiKeys.hash(key), consumer);
        out.println(key);
        if (!consumer.enabled()) {
            err.printf("Consumer %s is disabled: its keys, this one too, are refused until it is enabled.%n", consumer.id());
        }
        err.printf("%s API key for consumer %s (plan %s, scopes %s) in %s; only its SHA-256 is stored, so keep the key now.%n",
                existing == null ? "Created consumer and" : "Added an", consumer.id(),
                consumer.plan().isEmpty() ? "none" : consumer.plan(),
                consumer.scopes().isEmpty() ? "none" : String.join(" ", consumer.scopes()), store.describe());
        return 0;
    }

    /** Keys are added to a consumer, never used to change one: that is an edit of the consumer's item. */
    private static Consumer unchanged(Consumer existing, Arguments arguments) {
        List<String> differences = new ArrayList<>();
        arguments.one("--name").filter(name -> !name.equals(existing.name())).ifPresent(name -> differences.add("name"));
        arguments.one("--plan").filter(plan -> !plan.equals(existing.plan())).ifPresent(plan -> differences.add("plan"));
        if (!arguments.all("--scope").isEmpty() && !Consumer.scopes(arguments.all("--scope")).equals(existing.scopes())) {
            differences.add("scopes");
        }
        if (!differences.isEmpty()) {
            throw new IllegalArgumentException("consumer " + existing.id() + " exists with another " + String.join(", ", differences)
                    + " (plan '" + existing.plan() + "', scopes '" + String.join(" ", existing.scopes()) + "'); 'keys create' adds a key"
                    + " and leaves the consumer as it is: leave those options out, or edit the consumer's item first");
        }
        return existing;
    }

    static DevServer.Options parseDev(List<String> args) {
        Arguments arguments = Arguments.parse(args, DEV_OPTIONS);
        Path routes = arguments.one("--routes").map(Path::of).orElse(null);
        if (routes != null && !Files.isReadable(routes)) {
            throw new IllegalArgumentException("--routes " + routes + ": no such readable file");
        }
        String table = arguments.one("--table").orElse(null);
        if (routes != null && table != null) {
            throw new IllegalArgumentException("--routes and --table are alternatives; give one");
        }
        // The deployed pace, file or table: a table is checked through its small revision item, not read whole.
        Duration ttl = Duration.ofSeconds(arguments.integer("--ttl", (int) FunctionSettings.ROUTES_TTL_SECONDS.defaultValue().toSeconds(),
                0, 86_400));
        RouteAuth defaultAuth = arguments.one("--default-auth").map(value -> RouteAuth.parse(value, "--default-auth"))
                .orElse(FunctionSettings.DEFAULT_ROUTE_AUTH.defaultValue());
        return new DevServer.Options(arguments.one("--host").orElse("127.0.0.1"), arguments.integer("--port", 8080, 0, 65535),
                routes, table, arguments.one("--payload").map(value -> PayloadVersion.parse(value, "--payload")).orElse(PayloadVersion.V1), ttl, defaultAuth,
                Duration.ofSeconds(arguments.integer("--authorizer-cache", 0, 0, 3600)),
                arguments.one("--log").map(value -> DevServer.LogFormat.parse(value, "--log")).orElse(DevServer.LogFormat.COMPACT));
    }

    private static void printBanner(PrintStream out, DevServer server) {
        String base = server.uri().toString();
        out.println("""
                Lambassador local gateway on %1$s (%2$s)
                  routes:       %3$s
                  edits seen:   through %6$s
                  API keys:     %4$s
                  echo backend: %5$s

                Try:
                  curl -i '%1$s/echo/hello?name=world'
                  curl -i -X POST -H 'Content-Type: application/json' -d '{"item":"book"}' %1$s/echo/orders
                  curl -i %1$s/orders/42                 # needs a token: 401
                  TOKEN=$(bin/lambassador token --sub alice --scope orders:read)
                  curl -i -H "Authorization: Bearer $TOKEN" %1$s/orders/42
                  KEY=$(bin/lambassador keys create --consumer acme --plan basic)
                  curl -i -H "x-api-key: $KEY" %1$s/whoami
                  curl -i -H "x-api-key: $KEY" %1$s/orders/42    # a key, not a token: 401
                  curl -i %1$s/slow                      # backend slower than the route's timeout: 504
                  curl -i %1$s/nowhere                   # no route: 404
                  curl -i %1$s/v1/shop/items/7           # a deprecated API version: 200, with Deprecation and Sunset
                  curl -i %1$s/v0/shop/items/7           # a retired one: 410
                  curl -i %1$s/hello/alice               # a Lambda function backend: the demo function answers
                  curl -i '%1$s/greet/alice?lang=fr'     # a gRPC backend: the demo service's reply, as JSON

                Ctrl-C stops.""".formatted(base, server.payload().describe(), server.routesDescription(),
                server.apiKeysDescription(), server.echoUri(), server.changesDescription()));
    }
}
