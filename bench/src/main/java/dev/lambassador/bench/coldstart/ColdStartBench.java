package dev.lambassador.bench.coldstart;

import dev.lambassador.bench.Args;
import dev.lambassador.bench.CodeOrigin;
import dev.lambassador.bench.DynamoDbEndpoint;
import dev.lambassador.bench.Events;
import dev.lambassador.bench.Row;
import dev.lambassador.bench.StaticRoutes;
import dev.lambassador.bench.Stats;
import dev.lambassador.bench.TokenIssuer;
import dev.lambassador.local.EchoBackend;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

/**
 * Cold starts the way Lambda does them: every sample is a fresh JVM running the official runtime
 * interface client against {@link RuntimeApiServer}, with the function's code unzipped into its
 * task root and the JVM flags the infrastructure sets. The router reads its routes from a real
 * DynamoDB API (moto) and forwards to the echo backend; the baseline is {@link HelloHandler} run
 * the same way. Variants explain the figures: {@link PrimedRouterHandler} and {@link
 * PrimedAuthorizerHandler} run the CRaC hooks before the first event, and {@code router-file} reads
 * routes from YAML instead of DynamoDB.
 * The authorizer is configured as infra/ deploys it (token issuers, audiences, API keys in the
 * routes table) and gets a REST REQUEST authorizer event with a bearer token, then another token:
 * its first invocation fetches the issuer's keys from {@link TokenIssuer} on loopback, its second
 * verifies with them cached. Runs are interleaved, so drift on a shared machine hits every function
 * alike.
 *
 * <p>Usage: {@code ColdStartBench [--runs 5] [--out rows.tsv] [--details details.txt] [--compare DIR]
 * [--router-options FLAGS] [--authorizer-options FLAGS]}, from the repository root after {@code mvn -pl bench -am
 * package}. {@code --compare} runs the router and authorizer jars of another build, {@code DIR/lambassador-router.jar}
 * and {@code DIR/lambassador-authorizer.jar}, interleaved with this build's, for a before and after from the same run;
 * the options flags run the function once more with these JVM flags after its own {@code JAVA_TOOL_OPTIONS}.
 */
public final class ColdStartBench {

    /** What infra/ sets in the router's JAVA_TOOL_OPTIONS (LambassadorGateway.ROUTER_JAVA_TOOL_OPTIONS). */
    public static final String LAMBDA_JAVA_TOOL_OPTIONS = "-XX:+TieredCompilation -XX:TieredStopAtLevel=1";
    /** What infra/ sets in the authorizer's JAVA_TOOL_OPTIONS (LambassadorGateway.AUTHORIZER_JAVA_TOOL_OPTIONS). */
    public static final String AUTHORIZER_JAVA_TOOL_OPTIONS = "-XX:+TieredCompilation -XX:TieredStopAtLevel=4";
    /** The router's default memory in infra/; Lambda passes it to the runtime, which reports it in the context. */
    static final int MEMORY_MB = 1024;
    /** The authorizer's default memory in infra/ and template.yaml. */
    static final int AUTHORIZER_MEMORY_MB = 512;

    private static final String RUNTIME_MAIN = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(60);
    private static final double MAX_COLD_START_RATIO = 2.5;
    private static final long MAX_ROUTER_JAR_BYTES = 10_000_000;
    /** The authorizer's budget; ShadedJarIT holds it to 6 MiB, this checks the stricter 6,000,000 bytes. */
    private static final long MAX_AUTHORIZER_JAR_BYTES = 6_000_000;
    /** What an API Gateway proxy response says when the router or hello answered. */
    private static final String PROXY_OK = "\"statusCode\":200";
    /** Longer than any run of the harness, so the tokens signed at its start stay valid. */
    private static final Duration TOKEN_TTL = Duration.ofHours(1);

    /**
     * One function as the harness deploys it.
     *
     * @param events       the first and second invocation's events
     * @param answered     what each answer must contain
     * @param fetchesJwks  whether the first invocation must fetch the token issuer's keys, once, and the second not
     */
    record Function(String name, Path taskRoot, String handler, Map<String, String> environment, int memoryMb,
                    List<byte[]> events, String answered, boolean fetchesJwks) {

        Function(String name, Path taskRoot, String handler, Map<String, String> environment, byte[] event) {
            this(name, taskRoot, handler, environment, MEMORY_MB, List.of(event, event), PROXY_OK, false);
        }
    }

    /**
     * One fresh JVM: init (process start to first next) and its first two invocations, in ms; for a
     * function that fetches keys, also the time from handing out the first event to its JWKS request.
     */
    record Run(double initMs, double firstMs, double secondMs, double jwksRequestMs) {
        double coldMs() {
            return initMs + firstMs;
        }
    }

    /** Classes loaded by the end of init, and by the end of the first invocation. */
    record Classes(LoadedClasses atInit, LoadedClasses afterFirst) {
    }

    private final Path runtimeClasspath;
    private final TokenIssuer issuer;
    private final Path work;

    private ColdStartBench(Path runtimeLib, TokenIssuer issuer, Path work) throws IOException {
        try (Stream<Path> jars = Files.list(runtimeLib)) {
            this.runtimeClasspath = Path.of(jars.filter(jar -> jar.toString().endsWith(".jar")).sorted()
                    .map(jar -> jar.toAbsolutePath().toString()).collect(Collectors.joining(File.pathSeparator)));
        }
        this.issuer = issuer;
        this.work = work;
    }

    public static void main(String[] arguments) throws Exception {
        Args args = Args.parse(arguments);
        int runs = args.integer("runs", 5);
        Path out = args.path("out", "bench/target/results/coldstart.tsv");
        Path details = args.path("details", "bench/target/results/coldstart-details.txt");
        Path runtimeLib = Path.of("bench/target/lambda-runtime");
        Path routerJar = Path.of("functions/router/target/lambassador-router.jar");
        Path authorizerJar = Path.of("functions/authorizer/target/lambassador-authorizer.jar");
        require(Files.isDirectory(runtimeLib), runtimeLib + " is missing: build with mvn -pl bench -am package");
        require(Files.isRegularFile(routerJar), routerJar + " is missing: build with mvn -pl bench -am package");
        require(Files.isRegularFile(authorizerJar), authorizerJar + " is missing: build with mvn -pl bench,functions/authorizer -am package");

        Path work = Files.createTempDirectory("lambassador-coldstart-").toAbsolutePath();
        try (EchoBackend echo = EchoBackend.start();
             TokenIssuer issuer = TokenIssuer.start();
             DynamoDbEndpoint dynamoDb = DynamoDbEndpoint.start(System.getenv())) {
            warm(echo.uri().resolve("/warm"));
            warm(issuer.jwksUrl());
            String table = dynamoDb.createRoutesTable(List.of(StaticRoutes.echoItem(echo.uri())));
            ColdStartBench bench = new ColdStartBench(runtimeLib, issuer, work);
            byte[] event = Events.load(Events.REST_V1_GET);

            Map<String, String> aws = new HashMap<>(dynamoDb.functionEnvironment(table));
            aws.put("ROUTES_TTL_SECONDS", "30");
            // The echo backend listens on loopback, which the router refuses unless told otherwise.
            aws.put("BACKEND_ALLOW_LOOPBACK", "true");
            Path routerRoot = TaskRoot.unzip(routerJar, work.resolve("router"));
            Path primedRoot = TaskRoot.addClass(TaskRoot.unzip(routerJar, work.resolve("router-primed")), PrimedRouterHandler.class);
            Path helloRoot = TaskRoot.addClass(work.resolve("hello"), HelloHandler.class);
            Map<String, String> helloEnvironment = new HashMap<>(aws);
            helloEnvironment.remove("ROUTES_TABLE");
            helloEnvironment.remove("BACKEND_ALLOW_LOOPBACK");
            Function router = new Function("router", routerRoot, "dev.lambassador.router.RouterHandler::handleRequest", aws, event);
            Function primed = new Function("router-primed", primedRoot, PrimedRouterHandler.class.getName() + "::handleRequest", aws,
                    event);
            // Not a deployment option: the same router without telemetry, for what observability adds.
            Function unobserved = new Function("router-unobserved",
                    TaskRoot.addClass(TaskRoot.unzip(routerJar, work.resolve("router-unobserved")), UnobservedRouterHandler.class),
                    UnobservedRouterHandler.class.getName() + "::handleRequest", aws, event);
            Function hello = new Function("hello", helloRoot, HelloHandler.class.getName() + "::handleRequest", helloEnvironment, event);
            // As infra/ configures it: token issuers and audiences, and API keys in the routes table.
            Map<String, String> authorizerEnvironment = new HashMap<>(helloEnvironment);
            authorizerEnvironment.put("JWT_ISSUERS", issuer.issuer());
            authorizerEnvironment.put("JWT_AUDIENCES", TokenIssuer.AUDIENCE);
            authorizerEnvironment.put("API_KEYS_TABLE", table);
            authorizerEnvironment.put("JAVA_TOOL_OPTIONS", AUTHORIZER_JAVA_TOOL_OPTIONS);
            Function authorizer = new Function("authorizer", TaskRoot.unzip(authorizerJar, work.resolve("authorizer")),
                    "dev.lambassador.authorizer.AuthorizerHandler::handleRequest", authorizerEnvironment, AUTHORIZER_MEMORY_MB,
                    List.of(Events.authorizerWithBearer(issuer.rs256("cold-start-first", TOKEN_TTL)),
                            Events.authorizerWithBearer(issuer.rs256("cold-start-second", TOKEN_TTL))),
                    "\"principalId\":\"" + TokenIssuer.SUBJECT + "\",\"policyDocument\"", true);
            Function authorizerPrimed = new Function("authorizer-primed",
                    TaskRoot.addClass(TaskRoot.unzip(authorizerJar, work.resolve("authorizer-primed")), PrimedAuthorizerHandler.class),
                    PrimedAuthorizerHandler.class.getName() + "::handleRequest", authorizerEnvironment, AUTHORIZER_MEMORY_MB,
                    authorizer.events(), authorizer.answered(), true);
            // Not a deployment option: it shows what reading routes from DynamoDB costs at init.
            Path routesFile = Files.writeString(work.resolve("routes.yaml"), """
                    routes:
                      - id: echo
                        path: /echo/{proxy+}
                        backend: %s/{proxy}
                        auth: none
                    """.formatted(echo.uri()));
            Map<String, String> fileEnvironment = new HashMap<>(helloEnvironment);
            fileEnvironment.put("ROUTES_FILE", routesFile.toString());
            fileEnvironment.put("BACKEND_ALLOW_LOOPBACK", "true");
            Function routerFile = new Function("router-file", routerRoot, router.handler(), fileEnvironment, event);
            List<Function> functions = new ArrayList<>(List.of(router, unobserved, primed, routerFile, authorizer, authorizerPrimed, hello));
            // Each pair: this build's function, and the same run another way, for rows that compare them.
            List<Function[]> pairs = new ArrayList<>();
            Map<Function, String> pairedHow = new HashMap<>();
            String compare = args.values().get("compare");
            if (compare != null) {
                Path other = Path.of(compare);
                Function routerCompared = new Function("router-compared", TaskRoot.unzip(other.resolve(routerJar.getFileName()),
                        work.resolve("router-compared")), router.handler(), aws, event);
                Function authorizerCompared = new Function("authorizer-compared", TaskRoot.unzip(other.resolve(authorizerJar.getFileName()),
                        work.resolve("authorizer-compared")), authorizer.handler(), authorizerEnvironment, AUTHORIZER_MEMORY_MB,
                        authorizer.events(), authorizer.answered(), true);
                pairs.add(new Function[] {router, routerCompared});
                pairs.add(new Function[] {authorizer, authorizerCompared});
                pairedHow.put(routerCompared, "the jar in " + compare);
                pairedHow.put(authorizerCompared, "the jar in " + compare);
            }
            String routerOptions = args.values().get("router-options");
            if (routerOptions != null) {
                Map<String, String> environment = new HashMap<>(aws);
                environment.put("JAVA_TOOL_OPTIONS", LAMBDA_JAVA_TOOL_OPTIONS + " " + routerOptions);
                Function withOptions = new Function("router-options", routerRoot, router.handler(), environment, event);
                pairs.add(new Function[] {router, withOptions});
                pairedHow.put(withOptions, "the same with JVM options " + routerOptions);
            }
            String authorizerOptions = args.values().get("authorizer-options");
            if (authorizerOptions != null) {
                Map<String, String> environment = new HashMap<>(authorizerEnvironment);
                environment.put("JAVA_TOOL_OPTIONS", AUTHORIZER_JAVA_TOOL_OPTIONS + " " + authorizerOptions);
                Function withOptions = new Function("authorizer-options", authorizer.taskRoot(), authorizer.handler(), environment,
                        AUTHORIZER_MEMORY_MB, authorizer.events(), authorizer.answered(), true);
                pairs.add(new Function[] {authorizer, withOptions});
                pairedHow.put(withOptions, "the same with JVM options " + authorizerOptions);
            }
            pairs.forEach(pair -> functions.add(pair[1]));

            Map<Function, List<Run>> samples = new LinkedHashMap<>();
            functions.forEach(function -> samples.put(function, new ArrayList<>()));
            // One unmeasured round first: the page cache, moto's first query, the echo backend's and the JWKS server's JIT.
            for (Function function : functions) {
                bench.run(function);
            }
            for (int i = 0; i < runs; i++) {
                for (Function function : functions) {
                    Run run = bench.run(function);
                    samples.get(function).add(run);
                    System.out.printf(Locale.ROOT, "  %-14s run %d: init %7.1f ms, first %7.1f ms, second %6.2f ms%s%n",
                            function.name(), i + 1, run.initMs(), run.firstMs(), run.secondMs(), Double.isNaN(run.jwksRequestMs())
                                    ? "" : String.format(Locale.ROOT, " (JWKS asked for at %.1f ms)", run.jwksRequestMs()));
                }
            }
            Map<Function, Classes> classes = new LinkedHashMap<>();
            for (Function function : functions) {
                classes.put(function, bench.classes(function));
            }

            List<Row> rows = rows(runs, samples.get(router), samples.get(primed), samples.get(routerFile), samples.get(authorizer),
                    samples.get(authorizerPrimed), samples.get(hello), classes.get(router), classes.get(authorizer), classes.get(hello), routerJar, authorizerJar);
            double observed = median(samples.get(router), Run::coldMs);
            double unobservedCold = median(samples.get(unobserved), Run::coldMs);
            rows.add(4, Row.of("Cold start: what observability adds (access line, EMF, JSON logging), init + first invocation, median of "
                    + runs + " JVMs", String.format(Locale.ROOT, "%+.1f ms (router %s, the same without telemetry %s)",
                    observed - unobservedCold, Row.millis(observed), Row.millis(unobservedCold))));
            for (Function[] pair : pairs) {
                double now = median(samples.get(pair[0]), Run::coldMs);
                double other = median(samples.get(pair[1]), Run::coldMs);
                rows.add(new Row("Cold start: " + pair[0].name() + ", init + first invocation, this build vs " + pairedHow.get(pair[1])
                        + String.format(Locale.ROOT, " (init %s vs %s), median of %d JVMs", Row.millis(median(samples.get(pair[0]), Run::initMs)),
                        Row.millis(median(samples.get(pair[1]), Run::initMs)), runs),
                        Row.millis(now), Row.millis(other), String.format(Locale.ROOT, "%.2f×", now / other), "", ""));
            }
            Row.write(out, rows);
            Files.writeString(details, details(samples, classes, routerJar, authorizerJar));
            rows.forEach(row -> System.out.println("  " + row.measure() + ": " + row.value()
                    + (row.baseline().isEmpty() ? "" : " vs " + row.baseline()) + (row.ratio().isEmpty() ? "" : " = " + row.ratio())));
        } finally {
            deleteTree(work);
        }
    }

    /** Starts the function in a fresh JVM, serves it two invocations, and stops it. */
    private Run run(Function function) throws Exception {
        return launch(function, List.of(), () -> { });
    }

    /** The same, logging class loading; the count at the first {@code next} is init's. */
    private Classes classes(Function function) throws Exception {
        Path log = work.resolve(function.name() + "-classes.log");
        AtomicReference<LoadedClasses> atInit = new AtomicReference<>();
        launch(function, List.of("-Xlog:class+load=info:file=" + log), () -> atInit.set(LoadedClasses.count(log)));
        return new Classes(atInit.get(), LoadedClasses.count(log));
    }

    private Run launch(Function function, List<String> jvmOptions, Runnable onFirstNext) throws Exception {
        List<RuntimeApiServer.Invocation> invocations = List.of(
                new RuntimeApiServer.Invocation("00000000-0000-4000-8000-000000000001", function.events().get(0)),
                new RuntimeApiServer.Invocation("00000000-0000-4000-8000-000000000002", function.events().get(1)));
        Path output = work.resolve(function.name() + ".out");
        int jwksRequestsBefore = issuer.jwksRequests();
        try (RuntimeApiServer api = RuntimeApiServer.start(function.name(), invocations, onFirstNext)) {
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(jvmOptions);
            command.addAll(List.of("-cp", runtimeClasspath.toString(), RUNTIME_MAIN, function.handler()));
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(function.taskRoot().toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile());
            builder.environment().clear();
            builder.environment().putAll(lambdaEnvironment(function, api.address()));
            long started = System.nanoTime();
            Process process = builder.start();
            try {
                long deadline = started + RUN_TIMEOUT.toNanos();
                while (!api.await(Duration.ofMillis(50))) {
                    if (!process.isAlive() || System.nanoTime() > deadline) {
                        throw new IllegalStateException(function.name() + (process.isAlive() ? " did not answer within "
                                + RUN_TIMEOUT.toSeconds() + " s" : " exited with status " + process.exitValue())
                                + "; its output:\n" + Files.readString(output));
                    }
                }
                if (api.initError().isPresent()) {
                    throw new IllegalStateException(function.name() + " failed its init: " + api.initError().get()
                            + "\nits output:\n" + Files.readString(output));
                }
                List<RuntimeApiServer.Answer> answers = api.answers();
                for (RuntimeApiServer.Answer answer : answers) {
                    if (answer.error() || !answer.bodyText().contains(function.answered())) {
                        throw new IllegalStateException(function.name() + " answered " + answer.bodyText()
                                + "\nits output:\n" + Files.readString(output));
                    }
                }
                return new Run(millis(api.firstNextNanos() - started),
                        millis(answers.get(0).duration().toNanos()), millis(answers.get(1).duration().toNanos()),
                        jwksRequestMs(function, answers.get(0), jwksRequestsBefore));
            } finally {
                process.destroyForcibly();
                process.waitFor();
            }
        }
    }

    /**
     * For a function that fetches keys: checks that it asked for the JWKS exactly once, during its first
     * invocation, and returns when, from handing out the event; otherwise checks that it never asked.
     */
    private double jwksRequestMs(Function function, RuntimeApiServer.Answer first, int requestsBefore) {
        List<Long> requests = issuer.jwksRequestNanos();
        List<Long> during = requests.subList(requestsBefore, requests.size());
        if (!function.fetchesJwks()) {
            require(during.isEmpty(), function.name() + " asked for the JWKS");
            return Double.NaN;
        }
        require(during.size() == 1, function.name() + " asked for the JWKS " + during.size() + " times, not once");
        long at = during.get(0);
        require(first.handedOutNanos() <= at && at <= first.answeredNanos(),
                function.name() + " asked for the JWKS outside its first invocation");
        return millis(at - first.handedOutNanos());
    }

    /** The variables Lambda sets for a Java function, and the function's own. */
    private Map<String, String> lambdaEnvironment(Function function, String runtimeApi) {
        Map<String, String> environment = new HashMap<>(function.environment());
        environment.put("PATH", "/usr/local/bin:/usr/bin:/bin");
        environment.put("LANG", "en_US.UTF-8");
        environment.put("TZ", ":UTC");
        environment.put("_HANDLER", function.handler());
        environment.put("LAMBDA_TASK_ROOT", function.taskRoot().toString());
        environment.put("AWS_LAMBDA_RUNTIME_API", runtimeApi);
        environment.put("AWS_LAMBDA_FUNCTION_NAME", function.name());
        environment.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        environment.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(function.memoryMb()));
        environment.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + function.name());
        environment.put("AWS_LAMBDA_LOG_STREAM_NAME", "bench");
        environment.put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
        // The router's flags, unless the function has its own (the authorizer does).
        environment.putIfAbsent("JAVA_TOOL_OPTIONS", LAMBDA_JAVA_TOOL_OPTIONS);
        return environment;
    }

    private static List<Row> rows(int runs, List<Run> router, List<Run> primed, List<Run> routerFile, List<Run> authorizer,
                                  List<Run> authorizerPrimed, List<Run> hello, Classes routerClasses, Classes authorizerClasses, Classes helloClasses,
                                  Path routerJar, Path authorizerJar) {
        String times = ", median of " + runs + " JVMs";
        double routerInit = median(router, Run::initMs);
        double helloInit = median(hello, Run::initMs);
        double routerFirst = median(router, Run::firstMs);
        double helloFirst = median(hello, Run::firstMs);
        double routerCold = median(router, Run::coldMs);
        double helloCold = median(hello, Run::coldMs);
        double routerSecond = median(router, Run::secondMs);
        double helloSecond = median(hello, Run::secondMs);
        double primedInit = median(primed, Run::initMs);
        double primedFirst = median(primed, Run::firstMs);
        List<Row> rows = new ArrayList<>();
        rows.add(Row.compared("Cold start: init (process start → first next)" + times,
                "router " + Row.millis(routerInit), "hello " + Row.millis(helloInit), routerInit / helloInit));
        rows.add(Row.compared("Cold start: first invocation" + times,
                "router " + Row.millis(routerFirst), "hello " + Row.millis(helloFirst), routerFirst / helloFirst));
        rows.add(Row.compared("Cold start: init + first invocation" + times,
                "router " + Row.millis(routerCold), "hello " + Row.millis(helloCold), routerCold / helloCold, MAX_COLD_START_RATIO));
        rows.add(Row.compared("Cold start: the same, routes from a YAML file, no DynamoDB read (not a deployment option)" + times,
                "router " + Row.millis(median(routerFile, Run::coldMs)), "hello " + Row.millis(helloCold),
                median(routerFile, Run::coldMs) / helloCold));
        rows.add(Row.compared("Second invocation of the same JVMs (warm)" + times,
                "router " + Row.millis(routerSecond), "hello " + Row.millis(helloSecond), routerSecond / helloSecond));
        rows.add(Row.compared("SnapStart priming: first invocation after the CRaC hooks" + times,
                "primed " + Row.millis(primedFirst), "unprimed " + Row.millis(routerFirst), primedFirst / routerFirst));
        rows.add(Row.compared("SnapStart priming: init with priming (paid before the snapshot)" + times,
                "primed " + Row.millis(primedInit), "unprimed " + Row.millis(routerInit), primedInit / routerInit));
        rows.add(Row.compared("Classes loaded by the end of the first invocation",
                "router " + routerClasses.afterFirst().total(), "hello " + helloClasses.afterFirst().total(),
                (double) routerClasses.afterFirst().total() / helloClasses.afterFirst().total()));
        rows.add(Row.of("Router's classes: loaded in init / in the first invocation",
                routerClasses.atInit().total() + " / " + (routerClasses.afterFirst().total() - routerClasses.atInit().total())));
        rows.add(Row.of("Router's classes beyond hello's, by origin", extraClasses(routerClasses.afterFirst(), helloClasses.afterFirst())));
        long routerBytes = size(routerJar);
        rows.add(new Row("Router jar, " + routerJar.getFileName(), megabytes(routerBytes), "", "", "≤ 10 MB",
                routerBytes <= MAX_ROUTER_JAR_BYTES ? "yes" : "NO"));

        double authorizerInit = median(authorizer, Run::initMs);
        double authorizerFirst = median(authorizer, Run::firstMs);
        double authorizerCold = median(authorizer, Run::coldMs);
        double authorizerSecond = median(authorizer, Run::secondMs);
        double untilJwks = median(authorizer, Run::jwksRequestMs);
        rows.add(Row.compared("Authorizer cold start: init (process start → first next)" + times,
                "authorizer " + Row.millis(authorizerInit), "hello " + Row.millis(helloInit), authorizerInit / helloInit));
        rows.add(Row.compared("Authorizer cold start: first invocation, RS256 bearer token, JWKS fetched in it" + times,
                "authorizer " + Row.millis(authorizerFirst), "hello " + Row.millis(helloFirst), authorizerFirst / helloFirst));
        rows.add(Row.compared("Authorizer cold start: init + first invocation" + times,
                "authorizer " + Row.millis(authorizerCold), "hello " + Row.millis(helloCold), authorizerCold / helloCold));
        rows.add(Row.of("Authorizer's first invocation: event handed out → JWKS request arrives / the rest" + times,
                Row.millis(untilJwks) + " / " + Row.millis(median(authorizer, run -> run.firstMs() - run.jwksRequestMs()))));
        rows.add(Row.compared("Authorizer's second invocation: another token, keys cached, verified" + times,
                "authorizer " + Row.millis(authorizerSecond), "hello " + Row.millis(helloSecond), authorizerSecond / helloSecond));
        double authorizerPrimedFirst = median(authorizerPrimed, Run::firstMs);
        double authorizerPrimedInit = median(authorizerPrimed, Run::initMs);
        rows.add(Row.compared("Authorizer SnapStart priming: first invocation after the CRaC hooks (JWKS fetched in it)" + times,
                "primed " + Row.millis(authorizerPrimedFirst), "unprimed " + Row.millis(authorizerFirst),
                authorizerPrimedFirst / authorizerFirst));
        rows.add(Row.compared("Authorizer SnapStart priming: init with priming (paid before the snapshot)" + times,
                "primed " + Row.millis(authorizerPrimedInit), "unprimed " + Row.millis(authorizerInit),
                authorizerPrimedInit / authorizerInit));
        rows.add(Row.compared("Authorizer: classes loaded by the end of the first invocation",
                "authorizer " + authorizerClasses.afterFirst().total(), "hello " + helloClasses.afterFirst().total(),
                (double) authorizerClasses.afterFirst().total() / helloClasses.afterFirst().total()));
        rows.add(Row.of("Authorizer's classes: loaded in init / in the first invocation", authorizerClasses.atInit().total() + " / "
                + (authorizerClasses.afterFirst().total() - authorizerClasses.atInit().total())));
        rows.add(Row.of("Authorizer's classes beyond hello's, by origin",
                extraClasses(authorizerClasses.afterFirst(), helloClasses.afterFirst())));
        long authorizerBytes = size(authorizerJar);
        rows.add(new Row("Authorizer jar, " + authorizerJar.getFileName(), megabytes(authorizerBytes), "", "", "≤ 6 MB",
                authorizerBytes <= MAX_AUTHORIZER_JAR_BYTES ? "yes" : "NO"));
        return rows;
    }

    private static String extraClasses(LoadedClasses router, LoadedClasses hello) {
        List<String> parts = new ArrayList<>();
        for (CodeOrigin origin : CodeOrigin.values()) {
            int extra = router.of(origin) - hello.of(origin);
            if (extra != 0) {
                parts.add(String.format(Locale.ROOT, "%s %+d", origin.label(), extra));
            }
        }
        return String.join(", ", parts);
    }

    private static String details(Map<Function, List<Run>> samples, Map<Function, Classes> classes, Path routerJar,
                                  Path authorizerJar) {
        StringBuilder out = new StringBuilder("Cold start runs (ms): init, first invocation, second invocation"
                + " (and, for the authorizer, the JWKS request's arrival after the first event was handed out)\n");
        samples.forEach((function, runs) -> {
            out.append(String.format(Locale.ROOT, "  %-14s", function.name()));
            runs.forEach(run -> out.append(String.format(Locale.ROOT, "  [%.1f, %.1f, %.2f%s]", run.initMs(), run.firstMs(), run.secondMs(),
                    Double.isNaN(run.jwksRequestMs()) ? "" : String.format(Locale.ROOT, ", jwks at %.1f", run.jwksRequestMs()))));
            out.append('\n');
        });
        out.append("\nClasses loaded (at init -> after the first invocation), by origin\n");
        out.append(String.format(Locale.ROOT, "  %-32s", "origin"));
        classes.keySet().forEach(function -> out.append(String.format(Locale.ROOT, "%22s", function.name())));
        out.append('\n');
        for (CodeOrigin origin : CodeOrigin.values()) {
            out.append(String.format(Locale.ROOT, "  %-32s", origin.label()));
            classes.values().forEach(count -> out.append(String.format(Locale.ROOT, "%22s",
                    count.atInit().of(origin) + " -> " + count.afterFirst().of(origin))));
            out.append('\n');
        }
        out.append(String.format(Locale.ROOT, "  %-32s", "total"));
        classes.values().forEach(count -> out.append(String.format(Locale.ROOT, "%22s",
                count.atInit().total() + " -> " + count.afterFirst().total())));
        out.append("\n\n").append(jarContents(routerJar));
        out.append('\n').append(jarContents(authorizerJar));
        return out.toString();
    }

    /** A jar's compressed bytes by origin: what its size is made of. */
    static String jarContents(Path jar) {
        Map<CodeOrigin, Long> bytes = new EnumMap<>(CodeOrigin.class);
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            zip.stream().forEach(entry -> bytes.merge(CodeOrigin.of(entry.getName()), entry.getCompressedSize(), Long::sum));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        StringBuilder out = new StringBuilder(jar + ": " + megabytes(size(jar)) + ", compressed entries by origin:\n");
        bytes.forEach((origin, size) -> out.append(String.format(Locale.ROOT, "  %-32s %s%n", origin.label(), megabytes(size))));
        return out.toString();
    }

    /** Sends a server of the harness some requests, so its first answers to the functions are not its slowest. */
    private static void warm(URI uri) throws Exception {
        try (HttpClient client = HttpClient.newHttpClient()) {
            for (int i = 0; i < 200; i++) {
                client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding());
            }
        }
    }

    private static double median(List<Run> runs, ToDoubleFunction<Run> metric) {
        return Stats.median(runs.stream().map(metric::applyAsDouble).toList());
    }

    private static double millis(long nanos) {
        return nanos / 1e6;
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.2f MB", bytes / 1e6);
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException(message);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
