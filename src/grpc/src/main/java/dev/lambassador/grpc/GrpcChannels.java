package dev.lambassador.grpc;

import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.TlsChannelCredentials;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One channel per backend target and security, per container: a channel is an HTTP/2 connection
 * (and its reconnection) that every request to the target shares, made on first use.
 */
final class GrpcChannels {

    private final Map<String, ManagedChannel> channels = new ConcurrentHashMap<>();

    ManagedChannel channel(String target, boolean tls) {
        return channels.computeIfAbsent((tls ? "tls " : "plaintext ") + target, key -> {
            ChannelCredentials credentials = tls ? TlsChannelCredentials.create() : InsecureChannelCredentials.create();
            return Grpc.newChannelBuilder(target, credentials).build();
        });
    }
}
