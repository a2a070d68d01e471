package dev.lambassador.grpc;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import com.google.protobuf.DynamicMessage;
import dev.lambassador.core.backend.Backend;
import dev.lambassador.core.backend.BackendFactory;
import dev.lambassador.core.backend.Backends;
import dev.lambassador.core.route.Items;
import dev.lambassador.core.route.PathTemplate;
import dev.lambassador.core.route.Problems;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A unary gRPC method behind a REST route: {@code {"type": "grpc", "target": "orders:50051",
 * "service": "shop.v1.Orders", "method": "GetOrder"}}. The route's path parameters, query
 * parameters and JSON body fill the request message; the reply is the JSON answer. The method is
 * found when the item is compiled, in the item's descriptor set or by the backend's server
 * reflection; {@link GrpcForwarder} calls it.
 *
 * @param target   {@code host:port}
 * @param tls      whether the connection uses TLS (the default) or plaintext HTTP/2
 * @param method   the method, as its descriptor describes it
 * @param call     the method as gRPC calls it, with marshallers for its message types
 * @param metadata header names, lower case, that go to the backend as metadata and come back from its metadata as headers
 */
public record GrpcBackend(String target, boolean tls, MethodDescriptor method,
                          io.grpc.MethodDescriptor<DynamicMessage, DynamicMessage> call, List<String> metadata) implements Backend {

    public static final String TYPE = "grpc";

    private static final Pattern TARGET = Pattern.compile("(\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9.-]+):[0-9]{1,5}");
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    public GrpcBackend {
        metadata = List.copyOf(metadata);
    }

    @Override
    public String type() {
        return TYPE;
    }

    /**
     * {@code {"type": "grpc", "target": HOST:PORT, "tls": BOOL, "service": FULL.NAME, "method": NAME,
     * "descriptorSet": BASE64, "metadata": [HEADER, ...]}}.
     */
    static final class Factory implements BackendFactory {

        private final ServiceDescriptors descriptors;

        Factory(ServiceDescriptors descriptors) {
            this.descriptors = descriptors;
        }

        @Override
        public String type() {
            return TYPE;
        }

        @Override
        public Backend create(Map<String, Object> args, PathTemplate template, Backends backends, Problems problems) {
            Items.refuseUnknown(args, Set.of("type", "target", "tls", "service", "method", "descriptorSet", "metadata"), "", problems);
            int before = problems.size();
            String target = Items.requiredString(args, "target", problems);
            if (target != null && !TARGET.matcher(target.strip()).matches()) {
                problems.add("target", "must be HOST:PORT, such as orders.internal:50051, was '" + target + "'");
            }
            Boolean tls = Items.bool(args, "tls", problems);
            String serviceName = Items.requiredString(args, "service", problems);
            String methodName = Items.requiredString(args, "method", problems);
            String descriptorSet = Items.string(args, "descriptorSet", problems);
            List<String> metadata = new ArrayList<>();
            List<String> named = Items.strings(args, "metadata", problems);
            for (String name : named == null ? List.<String>of() : named) {
                String lower = name.strip().toLowerCase(Locale.ROOT);
                if (!HEADER_NAME.matcher(lower).matches() || lower.startsWith("grpc-") || lower.endsWith("-bin")) {
                    problems.add("metadata", "must be header names (not grpc-* or *-bin), was '" + name + "'");
                } else {
                    metadata.add(lower);
                }
            }
            if (problems.size() > before) {
                return null;
            }
            boolean secure = tls == null || tls;
            Map<String, FileDescriptor> files;
            try {
                files = descriptorSet != null && !descriptorSet.isBlank()
                        ? descriptors.fromSet(descriptorSet.strip())
                        : descriptors.fromReflection(target.strip(), secure, serviceName.strip());
            } catch (ServiceDescriptors.Unavailable e) {
                problems.add(descriptorSet != null && !descriptorSet.isBlank() ? "descriptorSet" : "target", e.getMessage());
                return null;
            }
            ServiceDescriptor service = ServiceDescriptors.service(files, serviceName.strip());
            if (service == null) {
                problems.add("service", "no service " + serviceName.strip() + " in the " + (descriptorSet == null ? "backend's reflection" : "descriptor set")
                        + "; it has " + ServiceDescriptors.services(files));
                return null;
            }
            MethodDescriptor method = service.findMethodByName(methodName.strip());
            if (method == null) {
                problems.add("method", service.getFullName() + " has no method " + methodName.strip() + "; it has "
                        + new TreeSet<>(service.getMethods().stream().map(MethodDescriptor::getName).toList()));
                return null;
            }
            if (method.isClientStreaming() || method.isServerStreaming()) {
                String kind = method.isClientStreaming() && method.isServerStreaming() ? "bidirectional streaming"
                        : method.isClientStreaming() ? "client streaming" : "server streaming";
                problems.add("method", service.getFullName() + "/" + method.getName() + " is " + kind
                        + "; a route calls unary methods only");
                return null;
            }
            for (PathTemplate.Segment segment : template.segments()) {
                if (segment.kind() != PathTemplate.Kind.LITERAL && RequestMessages.field(method.getInputType(), segment.value()) == null) {
                    problems.add("method", "the path parameter {" + segment.value() + "} names no field of "
                            + method.getInputType().getFullName() + ", which has " + fieldNames(method.getInputType()));
                }
            }
            return new GrpcBackend(target.strip(), secure, method, call(method), metadata);
        }

        private static List<String> fieldNames(Descriptor type) {
            return type.getFields().stream().map(FieldDescriptor::getName).toList();
        }

        private static io.grpc.MethodDescriptor<DynamicMessage, DynamicMessage> call(MethodDescriptor method) {
            return io.grpc.MethodDescriptor.<DynamicMessage, DynamicMessage>newBuilder()
                    .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
                    .setFullMethodName(io.grpc.MethodDescriptor.generateFullMethodName(method.getService().getFullName(), method.getName()))
                    .setRequestMarshaller(new DynamicMarshaller(method.getInputType()))
                    .setResponseMarshaller(new DynamicMarshaller(method.getOutputType()))
                    .build();
        }
    }
}
