package dev.lambassador.core.backend;

import java.util.List;
import java.util.ServiceLoader;

/**
 * A backend type that comes in its own jar: its factory and its client, found on the class path
 * with {@link ServiceLoader} ({@code META-INF/services/dev.lambassador.core.backend.BackendPlugin}).
 * A type whose dependencies would not fit in every router (gRPC's) ships this way: the router built
 * with the jar serves its routes, and a router without it refuses them when the item is read
 * ({@code backend.type: must be one of ...}). Both halves come from one instance, so they can share
 * what they hold per container, such as connections.
 */
public interface BackendPlugin {

    BackendFactory factory();

    /**
     * The type's client, which calls only the hosts and addresses the deployment's guard allows, as
     * the http client does.
     */
    BackendClient client(BackendAddressGuard guard);

    /** The plugins on the class path, loaded once per class loader. */
    static List<BackendPlugin> installed() {
        return Installed.PLUGINS;
    }

    /** Holds the plugins: loaded on first use, then the same instances for every caller. */
    final class Installed {
        private static final List<BackendPlugin> PLUGINS = ServiceLoader.load(BackendPlugin.class, BackendPlugin.class.getClassLoader())
                .stream().map(ServiceLoader.Provider::get).toList();

        private Installed() {
        }
    }
}
