package dev.lambassador.grpc;

import dev.lambassador.core.backend.BackendAddressGuard;
import dev.lambassador.core.backend.BackendClient;
import dev.lambassador.core.backend.BackendFactory;
import dev.lambassador.core.backend.BackendPlugin;

/**
 * The {@code grpc} backend type, found on the class path by {@link BackendPlugin#installed()}: its
 * factory and client share one set of channels and one descriptor cache per container.
 */
public final class GrpcPlugin implements BackendPlugin {

    private final GrpcChannels channels = new GrpcChannels();
    private final GrpcBackend.Factory factory = new GrpcBackend.Factory(new ServiceDescriptors(channels));

    @Override
    public BackendFactory factory() {
        return factory;
    }

    @Override
    public BackendClient client(BackendAddressGuard guard) {
        return new GrpcForwarder(channels, guard);
    }
}
