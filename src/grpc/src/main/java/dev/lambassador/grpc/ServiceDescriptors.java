package dev.lambassador.grpc;

import com.google.protobuf.ByteString;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.Channel;
import io.grpc.StatusRuntimeException;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Where a grpc route's service is described: a descriptor set ({@code protoc --include_imports
 * --descriptor_set_out}, base64 in the item) or the backend's server reflection service. Either is
 * read when the item is compiled, so a missing service or method is the item's problem rather than
 * a request's, and kept per container: a descriptor set by its text, reflection's answer by
 * target and service. A failed reflection is not kept, so the next route refresh asks again.
 */
final class ServiceDescriptors {

    /** How long reading a service by reflection may take, while the route table compiles. */
    static final Duration REFLECTION_TIMEOUT = Duration.ofSeconds(3);

    /** Why descriptors could not be had; the message is for the item's problem. */
    static final class Unavailable extends Exception {
        Unavailable(String message) {
            super(message);
        }
    }

    private final GrpcChannels channels;
    private final Map<String, Map<String, FileDescriptor>> sets = new ConcurrentHashMap<>();
    private final Map<String, Map<String, FileDescriptor>> reflected = new ConcurrentHashMap<>();

    ServiceDescriptors(GrpcChannels channels) {
        this.channels = channels;
    }

    /** The files of a base64 descriptor set, by name. */
    Map<String, FileDescriptor> fromSet(String base64) throws Unavailable {
        Map<String, FileDescriptor> files = sets.get(base64);
        if (files == null) {
            byte[] bytes;
            try {
                bytes = Base64.getDecoder().decode(base64.replaceAll("\\s", ""));
            } catch (IllegalArgumentException e) {
                throw new Unavailable("is not base64: " + e.getMessage());
            }
            try {
                FileDescriptorSet set = FileDescriptorSet.parseFrom(bytes);
                if (set.getFileCount() == 0) {
                    throw new Unavailable("has no files (protoc --include_imports --descriptor_set_out=FILE writes them)");
                }
                files = build(set.getFileList());
            } catch (InvalidProtocolBufferException e) {
                throw new Unavailable("is not a FileDescriptorSet (protoc --include_imports --descriptor_set_out=FILE): " + e.getMessage());
            }
            sets.put(base64, files);
        }
        return files;
    }

    /** The files that describe a service, read from the target's server reflection service. */
    Map<String, FileDescriptor> fromReflection(String target, boolean tls, String service) throws Unavailable {
        String key = (tls ? "tls " : "plaintext ") + target + " " + service;
        Map<String, FileDescriptor> files = reflected.get(key);
        if (files == null) {
            Map<String, FileDescriptorProto> protos = new LinkedHashMap<>();
            Channel channel = channels.channel(target, tls);
            List<FileDescriptorProto> answer = ask(channel, ServerReflectionRequest.newBuilder().setFileContainingSymbol(service).build(), target);
            answer.forEach(proto -> protos.put(proto.getName(), proto));
            // Servers send the file's imports with it; one that does not is asked for each.
            for (int round = 0; round < 16 && !missing(protos).isEmpty(); round++) {
                for (String name : missing(protos)) {
                    ask(channel, ServerReflectionRequest.newBuilder().setFileByFilename(name).build(), target)
                            .forEach(proto -> protos.put(proto.getName(), proto));
                }
            }
            files = build(List.copyOf(protos.values()));
            reflected.put(key, files);
        }
        return files;
    }

    /** The service of that full name among the files; null when none has it. */
    static ServiceDescriptor service(Map<String, FileDescriptor> files, String fullName) {
        for (FileDescriptor file : files.values()) {
            for (ServiceDescriptor service : file.getServices()) {
                if (service.getFullName().equals(fullName)) {
                    return service;
                }
            }
        }
        return null;
    }

    /** Every service the files define, for a problem that names what there is. */
    static Set<String> services(Map<String, FileDescriptor> files) {
        Set<String> names = new TreeSet<>();
        files.values().forEach(file -> file.getServices().forEach(service -> names.add(service.getFullName())));
        return names;
    }

    private static Set<String> missing(Map<String, FileDescriptorProto> protos) {
        Set<String> missing = new TreeSet<>();
        protos.values().forEach(proto -> proto.getDependencyList().stream().filter(d -> !protos.containsKey(d)).forEach(missing::add));
        return missing;
    }

    private static List<FileDescriptorProto> ask(Channel channel, ServerReflectionRequest request, String target) throws Unavailable {
        CompletableFuture<List<FileDescriptorProto>> result = new CompletableFuture<>();
        StreamObserver<ServerReflectionRequest> requests = ServerReflectionGrpc.newStub(channel)
                .withDeadlineAfter(REFLECTION_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .serverReflectionInfo(new StreamObserver<>() {
                    @Override
                    public void onNext(ServerReflectionResponse response) {
                        if (response.hasErrorResponse()) {
                            result.completeExceptionally(new Unavailable("server reflection at " + target + " answered: "
                                    + response.getErrorResponse().getErrorMessage()));
                            return;
                        }
                        List<FileDescriptorProto> files = new ArrayList<>();
                        try {
                            for (ByteString bytes : response.getFileDescriptorResponse().getFileDescriptorProtoList()) {
                                files.add(FileDescriptorProto.parseFrom(bytes));
                            }
                        } catch (InvalidProtocolBufferException e) {
                            result.completeExceptionally(new Unavailable("server reflection at " + target + " sent a file that is not a FileDescriptorProto"));
                            return;
                        }
                        result.complete(files);
                    }

                    @Override
                    public void onError(Throwable failure) {
                        String reason = failure instanceof StatusRuntimeException status ? status.getStatus().getCode()
                                + (status.getStatus().getDescription() == null ? "" : " (" + status.getStatus().getDescription() + ")")
                                : failure.toString();
                        result.completeExceptionally(new Unavailable("server reflection at " + target + " failed: " + reason
                                + "; give the item a descriptorSet, or enable reflection on the server"));
                    }

                    @Override
                    public void onCompleted() {
                        result.complete(List.of());
                    }
                });
        requests.onNext(request);
        requests.onCompleted();
        try {
            return result.get(REFLECTION_TIMEOUT.toMillis() + 500, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Unavailable unavailable ? unavailable : new Unavailable(String.valueOf(e.getCause()));
        } catch (TimeoutException e) {
            throw new Unavailable("server reflection at " + target + " did not answer within " + REFLECTION_TIMEOUT.toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable("interrupted while reading descriptors from " + target);
        }
    }

    /** Builds every file, each after the files it imports. */
    private static Map<String, FileDescriptor> build(List<FileDescriptorProto> protos) throws Unavailable {
        Map<String, FileDescriptorProto> byName = new LinkedHashMap<>();
        protos.forEach(proto -> byName.put(proto.getName(), proto));
        Map<String, FileDescriptor> built = new LinkedHashMap<>();
        for (String name : byName.keySet()) {
            build(name, byName, built, new TreeSet<>());
        }
        return Map.copyOf(built);
    }

    private static FileDescriptor build(String name, Map<String, FileDescriptorProto> protos, Map<String, FileDescriptor> built,
                                        Set<String> visiting) throws Unavailable {
        FileDescriptor done = built.get(name);
        if (done != null) {
            return done;
        }
        FileDescriptorProto proto = protos.get(name);
        if (proto == null) {
            throw new Unavailable("lacks " + name + ", which another file imports (protoc --include_imports puts imports in the set)");
        }
        if (!visiting.add(name)) {
            throw new Unavailable("has files that import each other: " + name);
        }
        List<FileDescriptor> dependencies = new ArrayList<>();
        for (String dependency : proto.getDependencyList()) {
            dependencies.add(build(dependency, protos, built, visiting));
        }
        try {
            FileDescriptor file = FileDescriptor.buildFrom(proto, dependencies.toArray(FileDescriptor[]::new));
            built.put(name, file);
            return file;
        } catch (DescriptorValidationException e) {
            throw new Unavailable("has a file protobuf cannot build, " + name + ": " + e.getMessage());
        }
    }
}
