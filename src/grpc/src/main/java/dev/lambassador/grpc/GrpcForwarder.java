package dev.lambassador.grpc;

import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import dev.lambassador.core.Exchange;
import dev.lambassador.core.GatewayException;
import dev.lambassador.core.GatewayRequest;
import dev.lambassador.core.GatewayResponse;
import dev.lambassador.core.Headers;
import dev.lambassador.core.backend.Backend;
import dev.lambassador.core.backend.BackendAddressGuard;
import dev.lambassador.core.backend.BackendClient;
import dev.lambassador.core.backend.HttpForwarder;
import dev.lambassador.core.observe.CorrelationId;
import dev.lambassador.core.route.RouteMatch;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The client of {@code grpc} backends: builds the request message from the request as the route's
 * filters left it ({@link RequestMessages}), calls the unary method with the route's timeout as its
 * deadline, and answers with the reply as JSON (protobuf's JSON mapping). The headers the route
 * names in {@code metadata} go to the backend as metadata, with {@code x-request-id}; the same names
 * in the backend's headers and trailers come back as response headers. A status other than OK is
 * the HTTP status grpc-gateway gives it ({@link GrpcStatuses}), with the status's message:
 * {@code {"message", "requestId", "grpcStatus": "NOT_FOUND", "grpcCode": 5}}.
 */
public final class GrpcForwarder implements BackendClient {

    private static final JsonFormat.Printer PRINTER = JsonFormat.printer();
    private static final Metadata.Key<String> REQUEST_ID = Metadata.Key.of("x-request-id", Metadata.ASCII_STRING_MARSHALLER);

    private final GrpcChannels channels;
    private final BackendAddressGuard guard;

    GrpcForwarder(GrpcChannels channels, BackendAddressGuard guard) {
        this.channels = channels;
        this.guard = guard;
    }

    @Override
    public String type() {
        return GrpcBackend.TYPE;
    }

    @Override
    public GatewayResponse call(GatewayRequest request, Exchange exchange, Backend backend) throws Exception {
        GrpcBackend grpc = (GrpcBackend) backend;
        RouteMatch match = exchange.match().orElseThrow();
        DynamicMessage message = RequestMessages.build(grpc.method().getInputType(), match.pathParameters(), request.query(), request.body());
        // Before a byte is sent, as for http backends: a refused target gets no connection.
        guard.check(host(grpc.target()), exchange.requestId());
        Duration timeout = HttpForwarder.timeout(exchange.timeout(), exchange.deadline());

        Metadata outgoing = new Metadata();
        outgoing.put(REQUEST_ID, exchange.get(CorrelationId.ID).orElse(request.requestId()));
        for (String name : grpc.metadata()) {
            Metadata.Key<String> key = Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER);
            for (String value : request.headers().all(name)) {
                if (!value.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
                    throw GatewayException.badRequest("header " + name + " cannot be sent as gRPC metadata: it has characters outside printable ASCII");
                }
                outgoing.put(key, value);
            }
        }
        AtomicReference<Metadata> headers = new AtomicReference<>();
        AtomicReference<Metadata> trailers = new AtomicReference<>();
        Channel channel = ClientInterceptors.intercept(channels.channel(grpc.target(), grpc.tls()),
                MetadataUtils.newAttachHeadersInterceptor(outgoing), MetadataUtils.newCaptureMetadataInterceptor(headers, trailers));
        DynamicMessage reply;
        try {
            reply = ClientCalls.blockingUnaryCall(channel, grpc.call(),
                    CallOptions.DEFAULT.withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS), message);
        } catch (StatusRuntimeException e) {
            Status status = e.getStatus();
            Headers returned = returned(grpc, headers.get(), e.getTrailers() != null ? e.getTrailers() : trailers.get());
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("grpcStatus", status.getCode().name());
            details.put("grpcCode", status.getCode().value());
            String description = status.getDescription() == null || status.getDescription().isBlank()
                    ? "the backend answered " + status.getCode().name() : status.getDescription();
            throw new GatewayException(GrpcStatuses.httpStatus(status.getCode()), description, returned, details, null);
        }
        String json;
        try {
            json = PRINTER.print(reply);
        } catch (InvalidProtocolBufferException e) {
            throw new GatewayException(502, "the backend's reply cannot be written as JSON: " + e.getMessage());
        }
        Headers returned = returned(grpc, headers.get(), trailers.get()).toBuilder().set("Content-Type", "application/json").build();
        return new GatewayResponse(200, returned, json.getBytes(StandardCharsets.UTF_8));
    }

    /** The backend's headers and trailers that the route names in {@code metadata}, as response headers. */
    private static Headers returned(GrpcBackend grpc, Metadata headers, Metadata trailers) {
        Headers.Builder returned = Headers.builder();
        for (String name : grpc.metadata()) {
            Metadata.Key<String> key = Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER);
            for (Metadata metadata : new Metadata[] {headers, trailers}) {
                if (metadata != null && metadata.getAll(key) != null) {
                    metadata.getAll(key).forEach(value -> returned.add(name, value));
                }
            }
        }
        return returned.build();
    }

    /** The host of a {@code host:port} target, an IPv6 literal in its brackets. */
    static String host(String target) {
        int colon = target.lastIndexOf(':');
        return colon > 0 && target.indexOf(']') < colon ? target.substring(0, colon) : target;
    }
}
