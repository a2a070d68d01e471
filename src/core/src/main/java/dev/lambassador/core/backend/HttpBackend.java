package dev.lambassador.core.backend;

import dev.lambassador.core.route.Items;
import dev.lambassador.core.route.PathTemplate;
import dev.lambassador.core.route.Problems;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * An HTTP(S) service: {@code "backend": "http://orders:8080/v2/orders/{id}"}, or as a map
 * {@code {"type": "http", "url": ...}}. How the URL maps paths and queries is {@link BackendTarget}'s.
 *
 * @param connectTimeout how long a connection may take, or null for the forwarder's (a named backend's {@code connectTimeoutMs})
 */
public record HttpBackend(String url, BackendTarget target, Duration connectTimeout) implements Backend {

    public static final String TYPE = "http";

    public HttpBackend(String url, BackendTarget target) {
        this(url, target, null);
    }

    @Override
    public String type() {
        return TYPE;
    }

    /** The http backend type: its one attribute is {@code url}. */
    public static final class Factory implements BackendFactory {
        @Override
        public String type() {
            return TYPE;
        }

        @Override
        public Backend create(Map<String, Object> args, PathTemplate template, Backends backends, Problems problems) {
            Items.refuseUnknown(args, Set.of("type", "url"), "", problems);
            String url = Items.requiredString(args, "url", problems);
            if (url == null) {
                return null;
            }
            BackendTarget target;
            try {
                target = BackendTarget.compile(url, template);
            } catch (IllegalArgumentException e) {
                problems.add("url", e.getMessage());
                return null;
            }
            // A literal address no deployment may call is refused now; names and loopback are judged per call.
            BackendAddressGuard.Refusal refusal = BackendAddressGuard.refusedLiteral(target.host());
            if (refusal != null) {
                problems.add("url", "the gateway never calls " + target.host() + ": " + refusal.reason() + " (docs/reliability.md)");
                return null;
            }
            return new HttpBackend(url, target);
        }
    }
}
