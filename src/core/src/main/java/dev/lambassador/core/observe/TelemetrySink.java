package dev.lambassador.core.observe;

/**
 * Where the functions' per-request facts go: in Lambda, {@link JsonTelemetry} prints them as JSON log
 * lines and CloudWatch EMF documents; the local gateway renders them as it is told. Called on the
 * request's thread, once per request; must not throw.
 */
public interface TelemetrySink {

    TelemetrySink NONE = new TelemetrySink() {
        @Override
        public void request(AccessRecord record) {
        }

        @Override
        public void decision(AuthorizerDecision decision) {
        }
    };

    /** One request the router answered. */
    void request(AccessRecord record);

    /** One decision of the authorizer. */
    void decision(AuthorizerDecision decision);
}
