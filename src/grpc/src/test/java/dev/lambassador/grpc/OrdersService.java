package dev.lambassador.grpc;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.DescriptorProtos.MethodDescriptorProto;
import com.google.protobuf.DescriptorProtos.ServiceDescriptorProto;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import com.google.protobuf.DynamicMessage;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.ProtoFileDescriptorSupplier;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A gRPC service for the tests, served on a loopback port by a real server: {@code shop.v1.Orders},
 * described by descriptors built here (what {@code protoc} would write for the .proto in the
 * comments) and handled by one generic handler over {@link DynamicMessage}, with server reflection
 * when asked for.
 *
 * <pre>
 * message Item { string sku = 1; int32 count = 2; }
 * import "google/protobuf/timestamp.proto";
 * message GetOrderRequest { string order_id = 1; int32 quantity = 2; bool gift = 3; repeated string tags = 4; Item item = 5;
 *                           google.protobuf.Timestamp created = 7; }
 * message Order { ...the same fields...; string tenant = 6; }
 * message FailRequest { string code = 1; string message = 2; }
 * service Orders {
 *   rpc GetOrder(GetOrderRequest) returns (Order);      // echoes the request; tenant is the x-tenant metadata
 *   rpc Fail(FailRequest) returns (Order);              // fails with the status named by code
 *   rpc Slow(GetOrderRequest) returns (Order);          // answers after 3 s
 *   rpc Watch(GetOrderRequest) returns (stream Order);  // server streaming
 *   rpc Upload(stream GetOrderRequest) returns (Order); // client streaming
 * }
 * </pre>
 */
final class OrdersService implements AutoCloseable {

    static final String SERVICE = "shop.v1.Orders";
    /** An import, as most services' files have one: reflection and descriptor sets must carry it. */
    private static final FileDescriptor TIMESTAMP = com.google.protobuf.TimestampProto.getDescriptor();
    static final FileDescriptor FILE = file();

    /** The metadata each call arrived with, in order. */
    final List<Metadata> received = new CopyOnWriteArrayList<>();
    private final Server server;

    private OrdersService(boolean reflection) throws IOException {
        NettyServerBuilder builder = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).addService(definition());
        if (reflection) {
            builder.addService(ProtoReflectionServiceV1.newInstance());
        }
        this.server = builder.build().start();
    }

    static OrdersService start(boolean reflection) throws IOException {
        return new OrdersService(reflection);
    }

    String target() {
        return "127.0.0.1:" + server.getPort();
    }

    /** The file and its import as a base64 descriptor set, as an item carries it (protoc --include_imports). */
    static String descriptorSet() {
        return Base64.getEncoder().encodeToString(FileDescriptorSet.newBuilder().addFile(FILE.toProto()).addFile(TIMESTAMP.toProto())
                .build().toByteArray());
    }

    /** The file alone, as protoc writes it without --include_imports. */
    static String descriptorSetWithoutImports() {
        return Base64.getEncoder().encodeToString(FileDescriptorSet.newBuilder().addFile(FILE.toProto()).build().toByteArray());
    }

    @Override
    public void close() throws InterruptedException {
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    private ServerServiceDefinition definition() {
        ServiceDescriptor service = FILE.findServiceByName("Orders");
        io.grpc.ServiceDescriptor.Builder descriptor = io.grpc.ServiceDescriptor.newBuilder(SERVICE)
                .setSchemaDescriptor((ProtoFileDescriptorSupplier) () -> FILE);
        List<io.grpc.MethodDescriptor<DynamicMessage, DynamicMessage>> methods = service.getMethods().stream().map(OrdersService::method).toList();
        methods.forEach(descriptor::addMethod);
        ServerServiceDefinition.Builder definition = ServerServiceDefinition.builder(descriptor.build());
        for (io.grpc.MethodDescriptor<DynamicMessage, DynamicMessage> method : methods) {
            definition.addMethod(method, handler(service.findMethodByName(method.getBareMethodName())));
        }
        return definition.build();
    }

    private static io.grpc.MethodDescriptor<DynamicMessage, DynamicMessage> method(MethodDescriptor method) {
        io.grpc.MethodDescriptor.MethodType type = method.isClientStreaming() ? io.grpc.MethodDescriptor.MethodType.CLIENT_STREAMING
                : method.isServerStreaming() ? io.grpc.MethodDescriptor.MethodType.SERVER_STREAMING : io.grpc.MethodDescriptor.MethodType.UNARY;
        return io.grpc.MethodDescriptor.<DynamicMessage, DynamicMessage>newBuilder()
                .setType(type)
                .setFullMethodName(io.grpc.MethodDescriptor.generateFullMethodName(SERVICE, method.getName()))
                .setRequestMarshaller(new DynamicMarshaller(method.getInputType()))
                .setResponseMarshaller(new DynamicMarshaller(method.getOutputType()))
                .build();
    }

    private ServerCallHandler<DynamicMessage, DynamicMessage> handler(MethodDescriptor method) {
        return (call, headers) -> {
            received.add(headers);
            call.request(1);
            return new ServerCall.Listener<>() {
                private DynamicMessage request;

                @Override
                public void onMessage(DynamicMessage message) {
                    request = message;
                }

                @Override
                public void onHalfClose() {
                    answer(method, call, headers, request);
                }
            };
        };
    }

    private static final Metadata.Key<String> TENANT = Metadata.Key.of("x-tenant", Metadata.ASCII_STRING_MARSHALLER);
    private static final Metadata.Key<String> SERVED_BY = Metadata.Key.of("x-served-by", Metadata.ASCII_STRING_MARSHALLER);
    private static final Metadata.Key<String> COST = Metadata.Key.of("x-cost", Metadata.ASCII_STRING_MARSHALLER);
    private static final Metadata.Key<String> SECRET = Metadata.Key.of("x-internal", Metadata.ASCII_STRING_MARSHALLER);

    private static void answer(MethodDescriptor method, ServerCall<DynamicMessage, DynamicMessage> call, Metadata headers, DynamicMessage request) {
        Metadata responseHeaders = new Metadata();
        responseHeaders.put(SERVED_BY, "orders-1");
        responseHeaders.put(SECRET, "not for clients");
        Metadata trailers = new Metadata();
        trailers.put(COST, "7");
        switch (method.getName()) {
            case "Fail" -> {
                String code = (String) request.getField(method.getInputType().findFieldByName("code"));
                String message = (String) request.getField(method.getInputType().findFieldByName("message"));
                call.close(Status.fromCode(Status.Code.valueOf(code)).withDescription(message.isEmpty() ? null : message), trailers);
            }
            case "Slow" -> {
                try {
                    Thread.sleep(3_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                call.close(Status.CANCELLED, trailers);
            }
            default -> {
                Descriptor order = method.getOutputType();
                DynamicMessage.Builder reply = DynamicMessage.newBuilder(order);
                request.getAllFields().forEach((field, value) -> reply.setField(order.findFieldByName(field.getName()), value));
                String tenant = headers.get(TENANT);
                if (tenant != null) {
                    reply.setField(order.findFieldByName("tenant"), tenant);
                }
                call.sendHeaders(responseHeaders);
                call.sendMessage(reply.build());
                call.close(Status.OK, trailers);
            }
        }
    }

    private static FileDescriptor file() {
        DescriptorProto item = DescriptorProto.newBuilder().setName("Item")
                .addField(field("sku", 1, FieldDescriptorProto.Type.TYPE_STRING))
                .addField(field("count", 2, FieldDescriptorProto.Type.TYPE_INT32)).build();
        DescriptorProto request = DescriptorProto.newBuilder().setName("GetOrderRequest")
                .addField(field("order_id", 1, FieldDescriptorProto.Type.TYPE_STRING))
                .addField(field("quantity", 2, FieldDescriptorProto.Type.TYPE_INT32))
                .addField(field("gift", 3, FieldDescriptorProto.Type.TYPE_BOOL))
                .addField(field("tags", 4, FieldDescriptorProto.Type.TYPE_STRING).setLabel(FieldDescriptorProto.Label.LABEL_REPEATED))
                .addField(field("item", 5, FieldDescriptorProto.Type.TYPE_MESSAGE).setTypeName(".shop.v1.Item"))
                .addField(field("created", 7, FieldDescriptorProto.Type.TYPE_MESSAGE).setTypeName(".google.protobuf.Timestamp")).build();
        DescriptorProto order = request.toBuilder().setName("Order")
                .addField(field("tenant", 6, FieldDescriptorProto.Type.TYPE_STRING)).build();
        DescriptorProto fail = DescriptorProto.newBuilder().setName("FailRequest")
                .addField(field("code", 1, FieldDescriptorProto.Type.TYPE_STRING))
                .addField(field("message", 2, FieldDescriptorProto.Type.TYPE_STRING)).build();
        ServiceDescriptorProto service = ServiceDescriptorProto.newBuilder().setName("Orders")
                .addMethod(rpc("GetOrder", "GetOrderRequest", "Order"))
                .addMethod(rpc("Fail", "FailRequest", "Order"))
                .addMethod(rpc("Slow", "GetOrderRequest", "Order"))
                .addMethod(rpc("Watch", "GetOrderRequest", "Order").setServerStreaming(true))
                .addMethod(rpc("Upload", "GetOrderRequest", "Order").setClientStreaming(true))
                .build();
        FileDescriptorProto proto = FileDescriptorProto.newBuilder().setName("shop/v1/orders.proto").setPackage("shop.v1").setSyntax("proto3")
                .addDependency(TIMESTAMP.getName())
                .addMessageType(item).addMessageType(request).addMessageType(order).addMessageType(fail).addService(service).build();
        try {
            return FileDescriptor.buildFrom(proto, new FileDescriptor[] {TIMESTAMP});
        } catch (DescriptorValidationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static FieldDescriptorProto.Builder field(String name, int number, FieldDescriptorProto.Type type) {
        return FieldDescriptorProto.newBuilder().setName(name).setNumber(number).setType(type)
                .setLabel(FieldDescriptorProto.Label.LABEL_OPTIONAL).setJsonName(toJsonName(name));
    }

    private static String toJsonName(String name) {
        StringBuilder json = new StringBuilder();
        boolean upper = false;
        for (char c : name.toCharArray()) {
            if (c == '_') {
                upper = true;
            } else {
                json.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return json.toString();
    }

    private static MethodDescriptorProto.Builder rpc(String name, String input, String output) {
        return MethodDescriptorProto.newBuilder().setName(name).setInputType(".shop.v1." + input).setOutputType(".shop.v1." + output);
    }
}
