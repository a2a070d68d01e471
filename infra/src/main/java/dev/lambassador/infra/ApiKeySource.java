package dev.lambassador.infra;

/**
 * Where a REST API that requires API keys finds the key it checks against its usage plans.
 */
public enum ApiKeySource {
    /**
     * The {@code x-api-key} request header, checked by API Gateway itself against its own keys. That
     * header then holds no Lambassador API key, so the authorizer does not read it ({@code API_KEY_HEADER=none})
     * and may not read the table's keys: callers are anonymous or have a bearer token, and routes whose
     * {@code auth} is {@code apiKey} admit no one.
     */
    HEADER,
    /**
     * The {@code usageIdentifierKey} the authorizer returns: the Lambassador API key the caller
     * presented. API Gateway then meters and throttles that key's usage plan, so the same key value
     * must also exist as an API Gateway API key in one of the stage's usage plans. Callers without an
     * API key (bearer tokens, anonymous) get 403, as every method requires a key.
     */
    AUTHORIZER
}
