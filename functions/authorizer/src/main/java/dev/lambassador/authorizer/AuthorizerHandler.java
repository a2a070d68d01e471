package dev.lambassador.authorizer;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.lambassador.core.apigw.EventJson;
import dev.lambassador.core.apigw.MalformedEventException;
import dev.lambassador.core.apigw.PayloadVersion;
import dev.lambassador.core.auth.Caller;
import dev.lambassador.core.observe.AuthorizerDecision;
import dev.lambassador.core.observe.Invocation;
import dev.lambassador.core.observe.JsonLogging;
import dev.lambassador.core.observe.JsonTelemetry;
import dev.lambassador.core.observe.TelemetrySink;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.crac.Core;
import org.crac.Resource;

/**
 * The authorizer Lambda, for REST API REQUEST authorizers and HTTP API Lambda authorizers with
 * payload format 2.0 and simple responses. It reads {@code Authorization: Bearer <jwt>} or
 * {@code x-api-key: <key>} (unless {@link AuthorizerConfig#apiKeyHeader()} turns API keys off) and
 * answers who is calling ({@link Caller#toContext()}), allowing the whole stage; routes then decide
 * what each caller may do.
 *
 * <ul>
 *   <li>REST API: an allow policy, or the error {@code Unauthorized} (API Gateway answers 401).</li>
 *   <li>HTTP API: {@code {"isAuthorized": true, "context": ...}}, or {@code {"isAuthorized": false}} (403).</li>
 *   <li>No credentials: allowed as {@code anonymous} unless anonymous access is off.</li>
 *   <li>A malformed event is refused the same way, and an event of neither kind (not JSON, a TOKEN
 *       authorizer's, a proxy integration's) fails with {@code Unauthorized}; the log says why.</li>
 * </ul>
 *
 * <p>Each decision goes to the {@link TelemetrySink} with its reason, a fixed word, and never with the
 * credential: in Lambda, a JSON log line and a CloudWatch EMF document on standard output.
 *
 * <p>Clients, verifiers and caches are built in the constructor, during the function's init. Before
 * a SnapStart snapshot, a token signed in memory and an anonymous event of each format go through
 * the code a first request takes, without any network or DynamoDB call and without touching the
 * credential cache, so that a restored function does not load that code on its first request.
 */
public final class AuthorizerHandler implements RequestStreamHandler, Resource {

    static {
        // One log line per record in CloudWatch, instead of java.util.logging's two.
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format", "%4$s %3$s: %5$s%6$s%n");
        }
    }

    private static final Logger LOG = System.getLogger(AuthorizerHandler.class.getName());

    /** Anonymous events of both formats, for priming; what they are answered does not matter. */
    private static final List<String> PRIMING_EVENTS = List.of("""
            {"type":"REQUEST","methodArn":"arn:aws:execute-api:us-east-1:123456789012:priming/priming/GET/priming",
             "headers":{"Accept":"*/*"},"requestContext":{"requestId":"priming"}}""", """
            {"version":"2.0","type":"REQUEST","routeArn":"arn:aws:execute-api:us-east-1:123456789012:priming/$default/GET/priming",
             "headers":{"accept":"*/*"},"requestContext":{"requestId":"priming"}}""");

    /**
     * Time kept back from the invocation's deadline when looking up an API key: enough to log the
     * refusal and answer, so that a slow table refuses the key instead of timing the function out
     * (which API Gateway would answer with a 500 or a 503 rather than a clean 401 or 403).
     */
    static final Duration RESPONSE_MARGIN = Duration.ofMillis(300);

    private final Authenticator authenticator;
    private final Optional<String> apiKeyHeader;
    private final TelemetrySink telemetry;
    private final AtomicBoolean cold = new AtomicBoolean(true);

    /** Used by Lambda: configured from the function's environment, logging JSON lines to standard output. */
    public AuthorizerHandler() {
        this(System.getenv());
    }

    private AuthorizerHandler(Map<String, String> environment) {
        this(withJsonLogging(environment), Clock.systemUTC(), JsonTelemetry.fromEnvironment(environment, System.out));
    }

    /** An authorizer that reports its decisions nowhere; for embedding and benchmarks. */
    public AuthorizerHandler(AuthorizerConfig config) {
        this(config, Clock.systemUTC(), TelemetrySink.NONE);
    }

    /** @param telemetry where each decision goes */
    public AuthorizerHandler(AuthorizerConfig config, TelemetrySink telemetry) {
        this(config, Clock.systemUTC(), telemetry);
    }

    /** @param clock what token lifetimes and cache entries are measured against */
    AuthorizerHandler(AuthorizerConfig config, Clock clock) {
        this(config, clock, TelemetrySink.NONE);
    }

    private AuthorizerHandler(AuthorizerConfig config, Clock clock, TelemetrySink telemetry) {
        this.telemetry = telemetry;
        JwtVerifier jwtVerifier = new JwtVerifier(config.issuers(), config.audiences(), config.clockSkew(),
                config.jwksTtl(), config.jwksTimeout(), clock);
        CredentialCache cache = new CredentialCache(config.credentialCacheTtl(), CredentialCache.DEFAULT_MAX_ENTRIES, clock);
        this.authenticator = new Authenticator(jwtVerifier, config.apiKeys(), cache, config.anonymousAccess());
        this.apiKeyHeader = config.apiKeyHeader();
        String apiKeys = apiKeyHeader.isEmpty() ? "not read"
                : (config.apiKeys().isPresent() ? "on" : "refused") + " (" + apiKeyHeader.get() + ")";
        Core.getGlobalContext().register(this);
        LOG.log(Level.INFO, "authorizer ready: token issuers {0}, audiences {1}, API keys {2}, anonymous access {3}",
                config.issuers().keySet(), config.audiences(), apiKeys, config.anonymousAccess() ? "on" : "off");
    }

    /** @throws UnauthorizedException to refuse a REST API request (and any event that is not an authorizer's) */
    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        String fallbackRequestId = context == null || context.getAwsRequestId() == null ? "-" : context.getAwsRequestId();
        Instant deadline = context == null
                ? Instant.MAX
                : Instant.now().plusMillis(context.getRemainingTimeInMillis()).minus(RESPONSE_MARGIN);
        byte[] event = input.readAllBytes();
        Invocation invocation = new Invocation(context == null ? "" : context.getAwsRequestId(), "");
        output.write(invocation.during(() -> handle(event, fallbackRequestId, deadline)));
    }

    /** The function's own log records become JSON lines before the first of them is written. */
    private static AuthorizerConfig withJsonLogging(Map<String, String> environment) {
        JsonLogging.install(environment, System.out);
        return AuthorizerConfig.fromEnvironment(environment);
    }

    /** The response for an event, as JSON; or {@link UnauthorizedException}. */
    byte[] handle(byte[] eventJson, String fallbackRequestId) {
        return handle(eventJson, fallbackRequestId, Instant.MAX);
    }

    /** @param deadline when a credential must be judged by; an API key lookup still going then is a refusal */
    byte[] handle(byte[] eventJson, String fallbackRequestId, Instant deadline) {
        return handle(eventJson, fallbackRequestId, deadline, telemetry);
    }

    private byte[] handle(byte[] eventJson, String fallbackRequestId, Instant deadline, TelemetrySink sink) {
        long started = System.nanoTime();
        Map<String, Object> event = EventJson.read(eventJson).orElse(null);
        if (event == null) {
            LOG.log(Level.WARNING, "request {0}: refused: the event is not a JSON object", fallbackRequestId);
            decided(sink, started, fallbackRequestId, false, AuthorizerDecision.MALFORMED_EVENT, "the event is not a JSON object", null);
            throw new UnauthorizedException();
        }
        PayloadVersion version = PayloadVersion.of(event);
        String requestId = requestId(event, fallbackRequestId);
        Credential credential = null;
        try {
            AuthorizerEvents.Request request = AuthorizerEvents.parse(event);
            credential = Credential.from(request.headers(), apiKeyHeader);
            Caller caller = authenticator.authenticate(credential, deadline);
            LOG.log(Level.DEBUG, "request {0}: allowed {1} {2}", requestId, caller.kind().contextValue(), caller.principalId());
            String usageIdentifierKey = credential instanceof Credential.ApiKey apiKey ? apiKey.key() : null;
            byte[] answer = EventJson.write(version == PayloadVersion.V2
                    ? AuthorizerEvents.simpleAllow(caller)
                    : AuthorizerEvents.allowPolicy(caller, request.resource(), usageIdentifierKey));
            decided(sink, started, requestId, true, caller.kind().contextValue(), "", caller);
            return answer;
        } catch (MalformedEventException e) {
            LOG.log(Level.WARNING, "request {0}: refused a {1}", requestId, LogSafe.message(e));
            decided(sink, started, requestId, false, AuthorizerDecision.MALFORMED_EVENT, LogSafe.message(e), null);
        } catch (AuthenticationException e) {
            LOG.log(e.isUnavailable() ? Level.ERROR : Level.INFO, "request {0}: refused: {1}", requestId, e.getMessage());
            decided(sink, started, requestId, false, denyReason(e, credential), LogSafe.message(e), null);
        } catch (RuntimeException e) {
            // A bug must not let anyone in, nor turn into API Gateway's 500: refuse, and say so loudly.
            LOG.log(Level.ERROR, "request " + requestId + ": refused after an unexpected failure", e);
            decided(sink, started, requestId, false, AuthorizerDecision.INTERNAL, e.getClass().getSimpleName(), null);
        }
        if (version == PayloadVersion.V2) {
            return EventJson.write(AuthorizerEvents.simpleDeny());
        }
        throw new UnauthorizedException();
    }

    /**
     * Why a credential was refused, as a fixed word: the credential is known once the headers could be
     * read, so a refusal before that is of a malformed credential, and one after it is of its kind.
     */
    static String denyReason(AuthenticationException e, Credential credential) {
        if (e.isUnavailable()) {
            return AuthorizerDecision.UNAVAILABLE;
        }
        return switch (credential) {
            case null -> AuthorizerDecision.MALFORMED_CREDENTIAL;
            case Credential.None none -> AuthorizerDecision.NO_CREDENTIALS;
            case Credential.Bearer bearer -> AuthorizerDecision.TOKEN_REFUSED;
            case Credential.ApiKey apiKey -> AuthorizerDecision.API_KEY_REFUSED;
        };
    }

    /** Tells the sink; a sink that fails must not turn a decision into a Lambda error. */
    private void decided(TelemetrySink sink, long startedNanos, String requestId, boolean allowed, String reason, String detail,
                         Caller caller) {
        try {
            sink.decision(new AuthorizerDecision(Instant.now(), requestId, Invocation.current().functionRequestId(), allowed,
                    reason, detail,
                    caller == null || !caller.authenticated() ? "" : caller.subject(), caller == null ? "" : caller.consumer(),
                    Math.round((System.nanoTime() - startedNanos) / 10_000.0) / 100.0, cold.getAndSet(false)));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "request {0}: the decision could not be reported: {1}", requestId, e.toString());
        }
    }

    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        JwtVerifier.prime();
        // Decisions are reported too, into a stream that keeps nothing, so that their code is primed as well.
        TelemetrySink discarded = new JsonTelemetry(OutputStream.nullOutputStream(), "priming", "priming", JsonTelemetry.Function.NONE);
        for (String event : PRIMING_EVENTS) {
            try {
                handle(event.getBytes(StandardCharsets.UTF_8), "priming", Instant.MAX, discarded);
            } catch (UnauthorizedException refused) {
                // Anonymous access is off: refused, as it should be, and primed all the same.
            }
        }
        cold.set(true);
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        // Nothing to renew: issuers' keys are fetched on first use, and cached credentials expire on the clock.
        // The first invocation after a restore is the instance's cold start.
        cold.set(true);
    }

    /** The id API Gateway gave the request, for log lines; the Lambda request id when the event has none it can read. */
    private static String requestId(Map<String, Object> event, String fallback) {
        try {
            return LogSafe.value(EventJson.requestId(event, fallback));
        } catch (MalformedEventException e) {
            return fallback;
        }
    }
}
