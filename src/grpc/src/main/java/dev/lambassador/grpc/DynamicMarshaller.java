package dev.lambassador.grpc;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.DynamicMessage;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import java.io.IOException;
import java.io.InputStream;

/** Writes and reads messages of one type known only by its descriptor, for methods without generated classes. */
public record DynamicMarshaller(Descriptor type) implements MethodDescriptor.Marshaller<DynamicMessage> {

    @Override
    public InputStream stream(DynamicMessage value) {
        return value.toByteString().newInput();
    }

    @Override
    public DynamicMessage parse(InputStream stream) {
        try {
            return DynamicMessage.parseFrom(type, stream);
        } catch (IOException e) {
            throw Status.INTERNAL.withDescription("the backend's answer is not a " + type.getFullName() + ": " + e.getMessage())
                    .withCause(e).asRuntimeException();
        }
    }
}
