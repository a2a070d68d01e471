package dev.lambassador.infra;

/** Which API Gateway flavour fronts the router. */
public enum ApiType {
    /**
     * REST API (API Gateway v1): stage throttling, usage plans and API keys, X-Ray tracing,
     * REQUEST authorizers with result caching. Sends payload format 1.0 to the router.
     */
    REST,
    /**
     * HTTP API (API Gateway v2): cheaper per request and lower latency, but no usage plans, no API
     * keys and no X-Ray on the API itself. Sends payload format 2.0 to the router.
     */
    HTTP
}
