package dev.lambassador.local;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.MethodDescriptorProto;
import com.google.protobuf.DescriptorProtos.ServiceDescriptorProto;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.DynamicMessage;
import dev.lambassador.grpc.DynamicMarshaller;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.ProtoFileDescriptorSupplier;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import io.grpc.stub.ServerCalls;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * The demo gRPC service that {@code lambassador dev} serves on loopback, behind the example route
 * {@code /greet/{name}}: {@code demo.v1.Greeter}, with server reflection, so that the route needs
 * no descriptors. Its one method answers in the language asked for, and says which request id the
 * gateway sent as metadata. An unknown language is INVALID_ARGUMENT, which the client sees as a 400.
 *
 * <pre>
 * message HelloRequest { string name = 1; string lang = 2; }
 * message HelloReply { string message = 1; string request_id = 2; }
 * service Greeter { rpc SayHello(HelloRequest) returns (HelloReply); }
 * </pre>
 */
public final class DemoGrpcService implements AutoCloseable {

    public static final String SERVICE = "demo.v1.Greeter";

    private static final FileDescriptor FILE = file();
    private static final Metadata.Key<String> REQUEST_ID = Metadata.Key.of("x-request-id", Metadata.ASCII_STRING_MARSHALLER);

    private final Server server;

    private DemoGrpcService(Server server) {
        this.server = server;
    }

    /** Starts on a free loopback port. */
    public static DemoGrpcService start() throws IOException {
        MethodDescriptor sayHello = FILE.findServiceByName("Greeter").findMethodByName("SayHello");
        io.grpc.MethodDescriptor<DynamicMessage, DynamicMessage> method = io.grpc.MethodDescriptor.<DynamicMessage, DynamicMessage>newBuilder()
                .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
                .setFullMethodName(io.grpc.MethodDescriptor.generateFullMethodName(SERVICE, "SayHello"))
                .setRequestMarshaller(new DynamicMarshaller(sayHello.getInputType()))
                .setResponseMarshaller(new DynamicMarshaller(sayHello.getOutputType()))
                .build();
        io.grpc.ServiceDescriptor descriptor = io.grpc.ServiceDescriptor.newBuilder(SERVICE)
                .setSchemaDescriptor((ProtoFileDescriptorSupplier) () -> FILE).addMethod(method).build();
        return new DemoGrpcService(NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .addService(io.grpc.ServerInterceptors.intercept(ServerServiceDefinition.builder(descriptor)
                        .addMethod(method, ServerCalls.asyncUnaryCall(DemoGrpcService::sayHello)).build(), new RequestIdInterceptor()))
                .addService(ProtoReflectionServiceV1.newInstance())
                .build().start());
    }

    /** The target a route names: {@code 127.0.0.1:PORT}. */
    public String target() {
        return "127.0.0.1:" + server.getPort();
    }

    @Override
    public void close() {
        server.shutdownNow();
    }

    private static final io.grpc.Context.Key<String> REQUEST_ID_IN_CONTEXT = io.grpc.Context.key("x-request-id");

    private static void sayHello(DynamicMessage request, io.grpc.stub.StreamObserver<DynamicMessage> reply) {
        Descriptor in = request.getDescriptorForType();
        String name = (String) request.getField(in.findFieldByName("name"));
        String lang = (String) request.getField(in.findFieldByName("lang"));
        String greeting = switch (lang.isEmpty() ? "en" : lang) {
            case "en" -> "Hello, " + name + "!";
            case "fr" -> "Bonjour, " + name + " !";
            case "de" -> "Hallo, " + name + "!";
            default -> null;
        };
        if (greeting == null) {
            reply.onError(Status.INVALID_ARGUMENT.withDescription("lang must be en, fr or de, was '" + lang + "'").asRuntimeException());
            return;
        }
        Descriptor out = FILE.findMessageTypeByName("HelloReply");
        DynamicMessage.Builder answer = DynamicMessage.newBuilder(out).setField(out.findFieldByName("message"), greeting);
        String requestId = REQUEST_ID_IN_CONTEXT.get();
        if (requestId != null) {
            answer.setField(out.findFieldByName("request_id"), requestId);
        }
        reply.onNext(answer.build());
        reply.onCompleted();
    }

    /** Hands the x-request-id metadata to the method, as a service would read it for its logs. */
    private static final class RequestIdInterceptor implements io.grpc.ServerInterceptor {
        @Override
        public <Q, R> io.grpc.ServerCall.Listener<Q> interceptCall(io.grpc.ServerCall<Q, R> call, Metadata headers,
                                                                   io.grpc.ServerCallHandler<Q, R> next) {
            String requestId = headers.get(REQUEST_ID);
            io.grpc.Context context = io.grpc.Context.current().withValue(REQUEST_ID_IN_CONTEXT, requestId == null ? "" : requestId);
            return io.grpc.Contexts.interceptCall(context, call, headers, next);
        }
    }

    private static FileDescriptor file() {
        DescriptorProto request = DescriptorProto.newBuilder().setName("HelloRequest")
                .addField(field("name", 1, "name")).addField(field("lang", 2, "lang")).build();
        DescriptorProto reply = DescriptorProto.newBuilder().setName("HelloReply")
                .addField(field("message", 1, "message")).addField(field("request_id", 2, "requestId")).build();
        ServiceDescriptorProto greeter = ServiceDescriptorProto.newBuilder().setName("Greeter")
                .addMethod(MethodDescriptorProto.newBuilder().setName("SayHello")
                        .setInputType(".demo.v1.HelloRequest").setOutputType(".demo.v1.HelloReply")).build();
        try {
            return FileDescriptor.buildFrom(FileDescriptorProto.newBuilder().setName("demo/v1/greeter.proto").setPackage("demo.v1")
                    .setSyntax("proto3").addMessageType(request).addMessageType(reply).addService(greeter).build(), new FileDescriptor[0]);
        } catch (DescriptorValidationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static FieldDescriptorProto.Builder field(String name, int number, String jsonName) {
        return FieldDescriptorProto.newBuilder().setName(name).setNumber(number).setJsonName(jsonName)
                .setType(FieldDescriptorProto.Type.TYPE_STRING).setLabel(FieldDescriptorProto.Label.LABEL_OPTIONAL);
    }
}
