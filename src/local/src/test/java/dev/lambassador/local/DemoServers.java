package dev.lambassador.local;

import dev.lambassador.core.apigw.PayloadVersion;
import dev.lambassador.core.auth.RouteAuth;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * The local gateway on its embedded demo routes as {@code bin/lambassador dev} runs it by default (routes without
 * {@code auth} want a caller; the demo's items say {@code auth: none}), once per payload version.
 */
final class DemoServers {

    private DemoServers() {
    }

    /** @param environment the settings and variables the gateway reads, {@code LAMBASSADOR_HOME} among them */
    static Map<PayloadVersion, DevServer> start(Map<String, String> environment) throws Exception {
        Map<PayloadVersion, DevServer> servers = new EnumMap<>(PayloadVersion.class);
        for (PayloadVersion payload : PayloadVersion.values()) {
            DevServer.Options options = new DevServer.Options("127.0.0.1", 0, null, null, payload, Duration.ofSeconds(30),
                    RouteAuth.ANY, Duration.ZERO);
            servers.put(payload, DevServer.start(options, environment, null));
        }
        return servers;
    }
}
