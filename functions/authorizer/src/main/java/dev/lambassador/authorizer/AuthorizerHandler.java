package dev.lambassador.authorizer;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.lambassador.core.apigw.EventJson;
import dev.lambassador.core.apigw.MalformedEventException;
import dev.lambassador.core.apigw.PayloadVersion;
import dev.lambassador.core.auth.Caller;
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
import org.crac.Core;
import org.crac.Resource;
import java.util.Optional;

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

    /** Used by Lambda: configured from the function's environment. */
    public AuthorizerHandler() {
        this(AuthorizerConfig.fromEnvironment(System.getenv()));
    }

    public AuthorizerHandler(AuthorizerConfig config) {
        this(config, Clock.systemUTC());
    }

    /** @param clock what token lifetimes and cache entries are measured against */
    AuthorizerHandler(AuthorizerConfig config, Clock clock) {
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
        output.write(handle(input.readAllBytes(), fallbackRequestId, deadline));
    }

    /** The response for an event, as JSON; or {@link UnauthorizedException}. */
    byte[] handle(byte[] eventJson, String fallbackRequestId) {
        return handle(eventJson, fallbackRequestId, Instant.MAX);
    }

    /** @param deadline when a credential must be judged by; an API key lookup still going then is a refusal */
    byte[] handle(byte[] eventJson, String fallbackRequestId, Instant deadline) {
        Map<String, Object> event = EventJson.read(eventJson).orElse(null);
        if (event == null) {
            LOG.log(Level.WARNING, "request {0}: refused: the event is not a JSON object", fallbackRequestId);
            throw new UnauthorizedException();
        }
        PayloadVersion version = PayloadVersion.of(event);
        String requestId = requestId(event, fallbackRequestId);
        try {
            AuthorizerEvents.Request request = AuthorizerEvents.parse(event);
            Credential credential = Credential.from(request.headers(), apiKeyHeader);
            Caller caller = authenticator.authenticate(credential, deadline);
            LOG.log(Level.DEBUG, "request {0}: allowed {1} {2}", requestId, caller.kind().contextValue(), caller.principalId());
            String usageIdentifierKey = credential instanceof Credential.ApiKey apiKey ? apiKey.key() : null;
            return EventJson.write(version == PayloadVersion.V2
                    ? AuthorizerEvents.simpleAllow(caller)
                    : AuthorizerEvents.allowPolicy(caller, request.resource(), usageIdentifierKey));
        } catch (MalformedEventException e) {
            LOG.log(Level.WARNING, "request {0}: refused a {1}", requestId, LogSafe.message(e));
        } catch (AuthenticationException e) {
            LOG.log(e.isUnavailable() ? Level.ERROR : Level.INFO, "request {0}: refused: {1}", requestId, e.getMessage());
        } catch (RuntimeException e) {
            // A bug must not let anyone in, nor turn into API Gateway's 500: refuse, and say so loudly.
            LOG.log(Level.ERROR, "request " + requestId + ": refused after an unexpected failure", e);
        }
        if (version == PayloadVersion.V2) {
            return EventJson.write(AuthorizerEvents.simpleDeny());
        }
        throw new UnauthorizedException();
    }

    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        JwtVerifier.prime();
        for (String event : PRIMING_EVENTS) {
            try {
                handle(event.getBytes(StandardCharsets.UTF_8), "priming");
            } catch (UnauthorizedException refused) {
                // Anonymous access is off: refused, as it should be, and primed all the same.
            }
        }
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        // Nothing to renew: issuers' keys are fetched on first use, and cached credentials expire on the clock.
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
