package dev.lambassador.bench;

import dev.lambassador.authorizer.AuthenticationException;
import dev.lambassador.authorizer.AuthorizerConfig;
import dev.lambassador.authorizer.AuthorizerHandler;
import dev.lambassador.authorizer.JwtVerifier;
import dev.lambassador.core.auth.Caller;
import dev.lambassador.core.settings.FunctionSettings;
import dev.lambassador.local.LocalApiGateway;
import dev.lambassador.local.LocalAuthorizer;
import dev.lambassador.local.LocalContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The authorizer's warm path, with the flags the function runs with (C1 and C2), one call at a time:
 * {@link JwtVerifier#verify} of a valid RS256 and a valid ES256 access token whose issuer's keys are
 * served over loopback by {@link TokenIssuer}, and the whole {@link AuthorizerHandler} taking a REST
 * API REQUEST authorizer event with a bearer token to its allow policy, with the credential cache
 * off (every request verified) and on (the default 60 s: a repeat caller is looked up, not verified).
 *
 * <p>Each state fetches its issuer's keys in its setup and checks that the JWKS was asked for once
 * only; its teardown checks that no request asked again, so a figure here is never one with a
 * network call per request.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"-XX:+TieredCompilation", "-XX:TieredStopAtLevel=4"})
public class JwtVerifierBenchmark {

    /** Longer than any fork runs, so every token stays valid; the JWKS TTL is the default, 5 minutes. */
    private static final Duration TOKEN_TTL = Duration.ofHours(1);

    /** A verifier whose keys are cached, and one token of each algorithm. */
    @State(Scope.Benchmark)
    public static class Verifier {
        TokenIssuer issuer;
        JwtVerifier verifier;
        String rs256;
        String es256;

        @Setup(Level.Trial)
        public void setUp() throws AuthenticationException {
            issuer = TokenIssuer.start();
            verifier = JwtVerifier.create(config(issuer).build());
            rs256 = issuer.rs256("rs256-token", TOKEN_TTL);
            es256 = issuer.es256("es256-token", TOKEN_TTL);
            for (int i = 0; i < 3; i++) {
                requireCaller(verifier.verify(rs256));
                requireCaller(verifier.verify(es256));
            }
            requireOneJwksRequest(issuer, "after verifying both tokens");
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            try {
                requireOneJwksRequest(issuer, "at the end of the benchmark");
            } finally {
                issuer.close();
            }
        }
    }

    /** The handler with a REST authorizer event carrying an RS256 bearer token. */
    public abstract static class Handler {
        TokenIssuer issuer;
        AuthorizerHandler handler;
        byte[] event;

        abstract Duration credentialCacheTtl();

        @Setup(Level.Trial)
        public void setUp() throws IOException {
            issuer = TokenIssuer.start();
            handler = new AuthorizerHandler(config(issuer).credentialCacheTtl(credentialCacheTtl()).build());
            event = Events.authorizerWithBearer(issuer.rs256("handler-token", TOKEN_TTL));
            for (int i = 0; i < 3; i++) {
                String answer = new String(invoke(this), StandardCharsets.UTF_8);
                if (!answer.contains("\"Effect\":\"Allow\"") || !answer.contains("\"principalId\":\"" + TokenIssuer.SUBJECT + "\"")) {
                    throw new IllegalStateException("the authorizer did not allow the token: " + answer);
                }
            }
            requireOneJwksRequest(issuer, "after three requests");
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            try {
                requireOneJwksRequest(issuer, "at the end of the benchmark");
            } finally {
                issuer.close();
            }
        }
    }

    @State(Scope.Benchmark)
    public static class UncachedHandler extends Handler {
        @Override
        Duration credentialCacheTtl() {
            return Duration.ZERO;
        }
    }

    @State(Scope.Benchmark)
    public static class CachedHandler extends Handler {
        @Override
        Duration credentialCacheTtl() {
            return FunctionSettings.CREDENTIAL_CACHE_SECONDS.defaultValue();
        }
    }

    @Benchmark
    public Caller verifyRs256(Verifier state) throws AuthenticationException {
        return state.verifier.verify(state.rs256);
    }

    @Benchmark
    public Caller verifyEs256(Verifier state) throws AuthenticationException {
        return state.verifier.verify(state.es256);
    }

    @Benchmark
    public byte[] handlerCacheOff(UncachedHandler state) throws IOException {
        return invoke(state);
    }

    @Benchmark
    public byte[] handlerCacheOn(CachedHandler state) throws IOException {
        return invoke(state);
    }

    private static byte[] invoke(Handler state) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        state.handler.handleRequest(new ByteArrayInputStream(state.event), out, new LocalContext("bench", LocalAuthorizer.FUNCTION_NAME, 512, LocalApiGateway.FUNCTION_TIMEOUT));
        return out.toByteArray();
    }

    private static AuthorizerConfig.Builder config(TokenIssuer issuer) {
        return AuthorizerConfig.builder().issuer(issuer.issuer()).audiences(TokenIssuer.AUDIENCE);
    }

    private static void requireCaller(Caller caller) {
        if (!caller.subject().equals(TokenIssuer.SUBJECT)) {
            throw new IllegalStateException("the token was verified for " + caller.subject() + ", not " + TokenIssuer.SUBJECT);
        }
    }

    private static void requireOneJwksRequest(TokenIssuer issuer, String when) {
        if (issuer.jwksRequests() != 1) {
            throw new IllegalStateException("the JWKS was asked for " + issuer.jwksRequests() + " times " + when
                    + ", not once: keys are not cached as they should be");
        }
    }
}
