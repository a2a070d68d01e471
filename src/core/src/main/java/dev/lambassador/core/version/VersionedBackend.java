package dev.lambassador.core.version;

import dev.lambassador.core.Exchange;
import dev.lambassador.core.GatewayRequest;
import dev.lambassador.core.backend.Backend;
import java.util.Map;

/** The backend of an API's route: the backend of whichever version {@link VersionSelection} chose. */
record VersionedBackend(Map<String, Backend> byVersion) implements Backend {

    static final String TYPE = "version";

    VersionedBackend {
        byVersion = Map.copyOf(byVersion);
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Backend select(GatewayRequest request, Exchange exchange) {
        ApiVersion selected = exchange.get(ApiVersion.SELECTED)
                .orElseThrow(() -> new IllegalStateException("no API version was selected before the backend"));
        Backend backend = byVersion.get(selected.version());
        if (backend == null) {
            throw new IllegalStateException("version " + selected.version() + " of API " + selected.api() + " has no backend here");
        }
        return backend;
    }
}
