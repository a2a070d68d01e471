package dev.lambassador.authorizer;

import dev.lambassador.core.auth.ApiKeyStore;
import dev.lambassador.core.auth.ApiKeys;
import dev.lambassador.core.auth.Caller;
import dev.lambassador.core.auth.Consumer;
import java.util.Objects;
import java.util.Optional;

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

    Authenticator(JwtVerifier jwtVerifier, Optional<ApiKeyStore> apiKeys, CredentialCache cache, boolean anonymousAccess) {
        this.jwtVerifier = Objects.requireNonNull(jwtVerifier, "jwtVerifier");
        this.apiKeys = Objects.requireNonNull(apiKeys, "apiKeys");
        this.cache = Objects.requireNonNull(cache, "cache");
        this.anonymousAccess = anonymousAccess;
    }

    Caller authenticate(Credential credential) throws AuthenticationException {
        return switch (credential) {
            case Credential.None none -> anonymous();
            case Credential.Bearer bearer -> token(bearer.token());
            case Credential.ApiKey apiKey -> apiKey(apiKey.key());
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

    private Caller apiKey(String key) throws AuthenticationException {
        if (apiKeys.isEmpty()) {
            throw new AuthenticationException("API key presented, but API keys are not configured");
        }
        String hash = ApiKeys.hash(key);
        String cacheKey = "apiKey:" + hash;
        Caller cached = cache.get(cacheKey);
        if (cached != null) {
            return cached;
        }
        Optional<Consumer> found;
        try {
            found = apiKeys.get().find(hash);
        } catch (RuntimeException e) {
            // The store's messages name tables and items, never the key: it only ever sees the hash.
            throw AuthenticationException.unavailable("API key store failed: " + LogSafe.message(e), e);
        }
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
}
