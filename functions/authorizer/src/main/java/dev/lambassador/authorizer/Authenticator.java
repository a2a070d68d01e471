package dev.lambassador.authorizer;

import dev.lambassador.core.auth.ApiKeyStore;
import dev.lambassador.core.auth.ApiKeys;
import dev.lambassador.core.auth.Caller;
import dev.lambassador.core.auth.Consumer;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Turns a request's credential into a {@link Caller}, or refuses it. Verified credentials are
 * remembered in the {@link CredentialCache} under the SHA-256 of the credential, prefixed with its
 * kind so that a token sent as an API key can never find the token's entry.
 */
final class Authenticator {

    private final JwtVerifier jwtVerifier;
    private final Optional<ApiKeyStore> apiKeys;
    private final CredentialCache cache;
    private final boolean anonymousAccess;
    /** Where lookups with a deadline run, so that waiting for them can stop at the deadline. */
    private final ExecutorService lookups = Executors.newVirtualThreadPerTaskExecutor();

    Authenticator(JwtVerifier jwtVerifier, Optional<ApiKeyStore> apiKeys, CredentialCache cache, boolean anonymousAccess) {
        this.jwtVerifier = Objects.requireNonNull(jwtVerifier, "jwtVerifier");
        this.apiKeys = Objects.requireNonNull(apiKeys, "apiKeys");
        this.cache = Objects.requireNonNull(cache, "cache");
        this.anonymousAccess = anonymousAccess;
    }

    Caller authenticate(Credential credential) throws AuthenticationException {
        return authenticate(credential, Instant.MAX);
    }

    /** @param deadline when an API key lookup must give up, so that a slow store is a refusal rather than a timeout */
    Caller authenticate(Credential credential, Instant deadline) throws AuthenticationException {
        return switch (credential) {
            case Credential.None none -> anonymous();
            case Credential.Bearer bearer -> token(bearer.token());
            case Credential.ApiKey apiKey -> apiKey(apiKey.key(), deadline);
        };
    }

    private Caller anonymous() throws AuthenticationException {
        if (!anonymousAccess) {
            throw new AuthenticationException("no credentials, and anonymous access is off");
        }
        return Caller.ANONYMOUS;
    }

    private Caller token(String token) throws AuthenticationException {
        if (!jwtVerifier.acceptsTokens()) {
            throw new AuthenticationException("bearer token presented, but no token issuer is configured");
        }
        String cacheKey = "jwt:" + ApiKeys.hash(token);
        Caller cached = cache.get(cacheKey);
        if (cached != null) {
            return cached;
        }
        JwtVerifier.Verified verified = jwtVerifier.verifyWithExpiry(token);
        cache.put(cacheKey, verified.caller(), verified.expiresAt());
        return verified.caller();
    }

    private Caller apiKey(String key, Instant deadline) throws AuthenticationException {
        if (apiKeys.isEmpty()) {
            throw new AuthenticationException("API key presented, but API keys are not configured");
        }
        String hash = ApiKeys.hash(key);
        String cacheKey = "apiKey:" + hash;
        Caller cached = cache.get(cacheKey);
        if (cached != null) {
            return cached;
        }
        Optional<Consumer> found = find(apiKeys.get(), hash, deadline);
        if (found.isEmpty()) {
            throw new AuthenticationException("unknown API key");
        }
        Consumer consumer = found.get();
        if (!consumer.enabled()) {
            throw new AuthenticationException("API key of consumer '" + consumer.id() + "' is disabled, or the consumer is");
        }
        Caller caller = consumer.caller();
        cache.put(cacheKey, caller, null);
        return caller;
    }

    /**
     * Looks a key up, waiting no longer than the deadline. The store gives its own calls the same
     * deadline, but the work a client does before its timer starts (a cold SDK's first call costs
     * a few hundred milliseconds) is not under it; waiting here on another thread bounds it all.
     */
    private Optional<Consumer> find(ApiKeyStore store, String hash, Instant deadline) throws AuthenticationException {
        try {
            if (deadline.equals(Instant.MAX)) {
                return store.find(hash);
            }
            long left = Duration.between(Instant.now(), deadline).toMillis();
            if (left <= 0) {
                throw AuthenticationException.unavailable("no time left to look up the API key in " + store.describe(), null);
            }
            CompletableFuture<Optional<Consumer>> lookup = CompletableFuture.supplyAsync(() -> store.find(hash, deadline), lookups);
            try {
                return lookup.get(left, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                lookup.cancel(true);
                throw AuthenticationException.unavailable(store.describe() + " did not answer within the " + left
                        + " ms the invocation had left", e);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException failure ? failure : new IllegalStateException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw AuthenticationException.unavailable("interrupted while looking up the API key", e);
            }
        } catch (RuntimeException e) {
            // The store's messages name tables and items, never the key: it only ever sees the hash.
            throw AuthenticationException.unavailable("API key store failed: " + LogSafe.message(e), e);
        }
    }
}
