package dev.lambassador.local;

import java.io.PrintStream;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** The {@code lambassador} command. */
public final class Main {

    static final String USAGE = """
            Usage: lambassador <command> [options]

            Commands:
              dev     run the local gateway: API Gateway's event formats in front of the real
                      router function, with a demo echo backend
              help    show this text

            dev options:
              --port N              port to listen on (default 8080)
              --host ADDRESS        address to bind (default 127.0.0.1; 0.0.0.0 for every interface)
              --routes FILE         serve the routes in this YAML file (default: the embedded examples/routes.yaml)
              --table NAME          serve the routes in this DynamoDB table (uses AWS_REGION, AWS_ENDPOINT_URL, ...)
              --payload v1|v2       REST API payload v1 (default) or HTTP API payload v2
              --ttl SECONDS         reload routes when they are older than this (default 2 for files, 30 for --table)
            """;

    private Main() {
    }

    public static void main(String[] args) {
        System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tT %4$s %5$s%6$s%n");
        int status = run(List.of(args), System.out, System.err);
        if (status != 0) {
            System.exit(status);
        }
    }

    /** Runs a command; returns the process exit status, or 0 with the dev server left running. */
    static int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.isEmpty() || args.getFirst().equals("help") || args.getFirst().equals("--help") || args.getFirst().equals("-h")) {
            out.print(USAGE);
            return args.isEmpty() ? 2 : 0;
        }
        if (!args.getFirst().equals("dev")) {
            err.println("lambassador: unknown command '" + args.getFirst() + "'\n");
            err.print(USAGE);
            return 2;
        }
        DevServer.Options options;
        try {
            options = parseDev(args.subList(1, args.size()));
        } catch (IllegalArgumentException e) {
            err.println("lambassador dev: " + e.getMessage() + "\n");
            err.print(USAGE);
            return 2;
        }
        try {
            DevServer server = DevServer.start(options, System.getenv(), out);
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

    static DevServer.Options parseDev(List<String> args) {
        String host = "127.0.0.1";
        int port = 8080;
        Path routes = null;
        String table = null;
        PayloadVersion payload = PayloadVersion.V1;
        Duration ttl = null;
        for (int i = 0; i < args.size(); i++) {
            String option = args.get(i);
            String value = i + 1 < args.size() ? args.get(i + 1) : null;
            if (value == null || value.startsWith("--")) {
                throw new IllegalArgumentException(option.startsWith("--") ? option + " needs a value" : "unexpected argument '" + option + "'");
            }
            i++;
            switch (option) {
                case "--port" -> port = integer(option, value, 0, 65535);
                case "--host" -> host = value;
                case "--routes" -> {
                    routes = Path.of(value);
                    if (!Files.isReadable(routes)) {
                        throw new IllegalArgumentException("--routes " + value + ": no such readable file");
                    }
                }
                case "--table" -> table = value;
                case "--payload" -> payload = PayloadVersion.parse(value);
                case "--ttl" -> ttl = Duration.ofSeconds(integer(option, value, 0, 86_400));
                default -> throw new IllegalArgumentException("unknown option '" + option + "'");
            }
        }
        if (routes != null && table != null) {
            throw new IllegalArgumentException("--routes and --table are alternatives; give one");
        }
        if (ttl == null) {
            // A file being edited by hand is worth picking up quickly; DynamoDB is read at the deployed pace.
            ttl = Duration.ofSeconds(table == null ? 2 : 30);
        }
        return new DevServer.Options(host, port, routes, table, payload, ttl);
    }

    private static int integer(String option, String value, int min, int max) {
        try {
            int parsed = Integer.parseInt(value);
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(option + " must be a whole number from " + min + " to " + max + ", was '" + value + "'");
    }

    private static void printBanner(PrintStream out, DevServer server) {
        String base = server.uri().toString();
        out.println("""
                Lambassador local gateway on %s (%s)
                  routes:       %s
                  echo backend: %s

                Try:
                  curl -i '%s/echo/hello?name=world'
                  curl -i -X POST -H 'Content-Type: application/json' -d '{"item":"book"}' %s/echo/orders
                  curl -i %s/orders/42
                  curl -i %s/slow          # backend slower than the route's timeout: 504
                  curl -i %s/nowhere       # no route: 404

                Ctrl-C stops.""".formatted(base, server.payload().describe(), server.routesDescription(),
                server.echoUri(), base, base, base, base, base));
    }
}
