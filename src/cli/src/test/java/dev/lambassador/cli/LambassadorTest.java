package dev.lambassador.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.lambassador.core.apigw.PayloadVersion;
import dev.lambassador.core.auth.ApiKeys;
import dev.lambassador.core.auth.Consumer;
import dev.lambassador.core.auth.RouteAuth;
import dev.lambassador.local.DevServer;
import dev.lambassador.local.LocalApiKeyStore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The local gateway's commands: dev, token and keys create, as the command line reads them. */
class LambassadorTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @TempDir
    Path home;

    private Console console() {
        return new Console(Map.of("LAMBASSADOR_HOME", home.toString()),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private int run(String... args) {
        return Lambassador.run(List.of(args), console().environment(), console().out(), console().err());
    }

    /** {@code lambassador dev ARGS}, read and checked but not started. */
    private DevServer.Options dev(String... args) {
        String[] line = new String[args.length + 1];
        line[0] = "dev";
        System.arraycopy(args, 0, line, 1, args.length);
        CommandLine.ParseResult parsed = Lambassador.commandLine(console()).parseArgs(line);
        return ((DevCommand) parsed.subcommand().commandSpec().userObject()).options();
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void devDefaultsToTheEmbeddedRoutesOnPort8080() {
        DevServer.Options options = dev();

        assertThat(options.port()).isEqualTo(8080);
        assertThat(options.host()).isEqualTo("127.0.0.1");
        assertThat(options.routesFile()).isNull();
        assertThat(options.table()).isNull();
        assertThat(options.payload()).isEqualTo(PayloadVersion.V1);
        assertThat(options.defaultAuth()).isEqualTo(RouteAuth.ANY);
        assertThat(options.authorizerCache()).isZero();
    }

    @Test
    void devOptionsAreRead() {
        DevServer.Options options = dev("--port", "9000", "--table", "routes", "--payload", "v2", "--ttl", "5");

        assertThat(options.port()).isEqualTo(9000);
        assertThat(options.table()).isEqualTo("routes");
        assertThat(options.payload()).isEqualTo(PayloadVersion.V2);
        assertThat(options.ttl()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void devLogsCompactLinesUnlessToldJson() {
        assertThat(dev().log()).isEqualTo(DevServer.LogFormat.COMPACT);
        assertThat(dev("--log", "json").log()).isEqualTo(DevServer.LogFormat.JSON);
        assertThatThrownBy(() -> dev("--log", "yaml")).hasMessageContaining("--log must be compact or json, was 'yaml'");
    }

    @Test
    void devAuthOptionsAreRead() {
        DevServer.Options options = dev("--default-auth", "none", "--authorizer-cache", "300");

        assertThat(options.defaultAuth()).isEqualTo(RouteAuth.NONE);
        assertThat(options.authorizerCache()).isEqualTo(Duration.ofMinutes(5));
        assertThatThrownBy(() -> dev("--default-auth", "open"))
                .hasMessageContaining("--default-auth must be one of none, jwt, apiKey, any, was 'open'");
    }

    @Test
    void tokenPrintsOnlyASignedTokenForTheSubjectAndScopes() throws Exception {
        assertThat(run("token", "--sub", "alice", "--scope", "orders:read", "--scope", "profile", "--ttl", "15m")).isZero();

        JWTClaimsSet claims = SignedJWT.parse(out().strip()).getJWTClaimsSet();
        assertThat(claims.getSubject()).isEqualTo("alice");
        assertThat(claims.getStringClaim("scope")).isEqualTo("orders:read profile");
        assertThat(claims.getExpirationTime().toInstant()).isBefore(Instant.now().plusSeconds(15 * 60 + 1));
        assertThat(out().strip()).doesNotContain("\n");
    }

    @Test
    void tokenWithoutASubjectOrWithABadTtlIsRefused() {
        assertThat(run("token")).isEqualTo(2);
        assertThat(err()).contains("lambassador token: Missing required option: '--sub=SUBJECT'");
        assertThat(run("token", "--sub", "alice", "--ttl", "soon")).isEqualTo(2);
        assertThat(err()).contains("--ttl must be a duration such as 90s, 15m, 1h or 7d, was 'soon'");
        assertThat(run("token", "--sub", "alice", "--ttl", "100d")).isEqualTo(2);
        assertThat(err()).contains("--ttl must be longer than 0 and at most 7d, was 8640000 s");
        assertThat(run("token", "--sub", "alice", "--ttl", "7d")).isZero();
    }

    @Test
    void keysCreatePrintsTheKeyOnceAndStoresOnlyItsHash() throws Exception {
        assertThat(run("keys", "create", "--consumer", "acme", "--plan", "basic", "--scope", "orders:read")).isZero();

        String key = out().strip();
        assertThat(key).startsWith(ApiKeys.PREFIX);
        assertThat(err()).contains("Created consumer and API key for consumer acme (plan basic, scopes orders:read)");
        LocalApiKeyStore store = new LocalApiKeyStore(home.resolve(LocalApiKeyStore.FILE));
        assertThat(store.find(ApiKeys.hash(key))).hasValueSatisfying(c -> assertThat(c.plan()).isEqualTo("basic"));
        assertThat(Files.readString(home.resolve(LocalApiKeyStore.FILE))).doesNotContain(key);
    }

    @Test
    void anotherKeyForAConsumerKeepsWhatItHad() {
        run("keys", "create", "--consumer", "acme", "--plan", "gold", "--scope", "orders:read");
        out.reset();

        assertThat(run("keys", "create", "--consumer", "acme")).isZero();

        LocalApiKeyStore store = new LocalApiKeyStore(home.resolve(LocalApiKeyStore.FILE));
        assertThat(store.find(ApiKeys.hash(out().strip())))
                .hasValue(new Consumer("acme", "acme", "gold", Set.of("orders:read"), true));
    }

    @Test
    void keysCreateRefusesToChangeAnExistingConsumer() {
        run("keys", "create", "--consumer", "acme", "--plan", "gold");

        assertThat(run("keys", "create", "--consumer", "acme", "--plan", "free")).isEqualTo(2);
        assertThat(err()).contains("consumer acme exists with another plan (plan 'gold', scopes '')");
    }

    @Test
    void keyForADisabledConsumerLeavesItDisabledAndSaysSo() throws Exception {
        LocalApiKeyStore store = new LocalApiKeyStore(home.resolve(LocalApiKeyStore.FILE));
        store.save(ApiKeys.hash(ApiKeys.generate()), new Consumer("acme", null, "gold", Set.of(), false));

        assertThat(run("keys", "create", "--consumer", "acme")).isZero();

        assertThat(store.find(ApiKeys.hash(out().strip()))).hasValueSatisfying(c -> assertThat(c.enabled()).isFalse());
        assertThat(err()).contains("Consumer acme is disabled");
    }

    @Test
    void keysNeedsASubcommandAndAConsumer() {
        assertThat(run("keys")).isEqualTo(2);
        assertThat(err()).contains("use 'keys create'");
        assertThat(run("keys", "create")).isEqualTo(2);
        assertThat(err()).contains("Missing required option: '--consumer=ID'");
    }

    @Test
    void badOptionsAreNamed() {
        assertThatThrownBy(() -> dev("--port", "http")).hasMessageContaining("'--port'").hasMessageContaining("'http' is not an int");
        assertThatThrownBy(() -> dev("--port", "70000")).hasMessage("--port must be a whole number from 0 to 65535, was '70000'");
        assertThatThrownBy(() -> dev("--ttl", "-1")).hasMessage("--ttl must be a whole number from 0 to 86400, was '-1'");
        assertThatThrownBy(() -> dev("--payload", "v3")).hasMessageContaining("v1 (REST API) or v2");
        assertThatThrownBy(() -> dev("--routes")).hasMessageContaining("Missing required parameter for option '--routes'");
        assertThatThrownBy(() -> dev("stray")).hasMessageContaining("'stray'");
        assertThatThrownBy(() -> dev("--routes", "/no/such.yaml")).hasMessageContaining("no such readable file");
        assertThatThrownBy(() -> dev("--verbose", "yes")).hasMessageContaining("Unknown options: '--verbose'");
        assertThatThrownBy(() -> dev("--routes", "examples/routes.yaml", "--table", "routes")).hasMessageContaining("mutually exclusive");
    }

    @Test
    void unknownCommandPrintsUsageAndExits2() {
        assertThat(run("deploy")).isEqualTo(2);
        assertThat(err()).contains("unknown command 'deploy'", "Usage: lambassador");
    }

    @Test
    void helpExits0() {
        assertThat(run("help", "dev")).isZero();
        assertThat(out()).contains("--payload=v1|v2");
    }

    @Test
    void anEmptySubjectIsRefusedForTheGatewayWouldRefuseTheToken() {
        assertThat(run("token", "--sub", "")).isEqualTo(2);
        assertThat(err()).contains("lambassador token: --sub must not be empty");
        assertThat(out()).isEmpty();
    }

    @Test
    void withoutACommandTheUsageIsPrintedAndTheExitCodeIs2() {
        assertThat(run()).isEqualTo(2);
        assertThat(err()).contains("Usage: lambassador", "Commands:", "dev", "token", "keys", "routes", "apply");
    }

    @Test
    void portInUseIsExplained() throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            assertThat(run("dev", "--port", String.valueOf(taken.getLocalPort()))).isEqualTo(1);
        }
        assertThat(err()).contains("is another server using it?", "--port");
    }
}
