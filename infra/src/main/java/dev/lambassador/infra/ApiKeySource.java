package dev.lambassador.infra;

/**
 * Where a REST API that requires API keys finds the key it checks against its usage plans.
 */
public enum ApiKeySource {
    /** The {@code x-api-key} request header, checked by API Gateway itself. */
    HEADER,
    /**
     * The {@code usageIdentifierKey} the authorizer returns: the Lambassador API key the caller
     * presented. API Gateway then meters and throttles that key's usage plan, so the same key value
     * must also exist as an API Gateway API key in one of the stage's usage plans. Callers without an
     * API key (bearer tokens, anonymous) get 403, as every method requires a key.
     */
    AUTHORIZER
}
