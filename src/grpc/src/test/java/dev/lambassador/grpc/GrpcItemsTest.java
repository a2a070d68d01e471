package dev.lambassador.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lambassador.core.backend.Backends;
import dev.lambassador.core.route.PathTemplate;
import dev.lambassador.core.route.Problems;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a grpc backend item accepts, and what it refuses by field when the item is read: a method
 * that is missing or streaming, a service the descriptors lack, descriptors that cannot be had.
 */
class GrpcItemsTest {

    private static OrdersService withReflection;
    private static OrdersService withoutReflection;

    @BeforeAll
    static void start() throws Exception {
        withReflection = OrdersService.start(true);
        withoutReflection = OrdersService.start(false);
    }

    @AfterAll
    static void stop() throws Exception {
        withReflection.close();
        withoutReflection.close();
    }

    private static List<String> problems(String path, Object... pairs) {
        Map<String, Object> item = new HashMap<>(Map.of("type", "grpc", "tls", false, "service", OrdersService.SERVICE));
        for (int i = 0; i < pairs.length; i += 2) {
            item.put((String) pairs[i], pairs[i + 1]);
        }
        Problems problems = new Problems();
        Backends.DEFAULT.compile(item, PathTemplate.parse(path), problems.at("backend"));
        return problems.all().stream().map(Problems.Problem::toString).toList();
    }

    @Test
    void aUnaryMethodIsFoundInADescriptorSetAndByReflection() {
        assertThat(problems("/orders/{order_id}", "target", withoutReflection.target(), "method", "GetOrder",
                "descriptorSet", OrdersService.descriptorSet())).isEmpty();
        assertThat(problems("/orders/{orderId}", "target", withReflection.target(), "method", "GetOrder")).isEmpty();
    }

    @Test
    void streamingMethodsAreRefusedSayingWhichKind() {
        assertThat(problems("/watch", "target", withReflection.target(), "method", "Watch"))
                .containsExactly("backend.method: shop.v1.Orders/Watch is server streaming; a route calls unary methods only");
        assertThat(problems("/upload", "target", withoutReflection.target(), "method", "Upload", "descriptorSet", OrdersService.descriptorSet()))
                .containsExactly("backend.method: shop.v1.Orders/Upload is client streaming; a route calls unary methods only");
    }

    @Test
    void aMissingMethodOrServiceIsRefusedNamingWhatThereIs() {
        assertThat(problems("/x", "target", withReflection.target(), "method", "Cancel"))
                .containsExactly("backend.method: shop.v1.Orders has no method Cancel; it has [Fail, GetOrder, Slow, Upload, Watch]");
        assertThat(problems("/x", "target", withoutReflection.target(), "method", "GetOrder", "service", "shop.v1.Carts",
                "descriptorSet", OrdersService.descriptorSet()))
                .containsExactly("backend.service: no service shop.v1.Carts in the descriptor set; it has [shop.v1.Orders]");
    }

    @Test
    void aPathParameterThatNamesNoFieldIsRefused() {
        assertThat(problems("/orders/{id}", "target", withReflection.target(), "method", "GetOrder")).singleElement().asString()
                .isEqualTo("backend.method: the path parameter {id} names no field of shop.v1.GetOrderRequest, which has"
                        + " [order_id, quantity, gift, tags, item, created]");
    }

    @Test
    void aServerWithoutReflectionAndNoDescriptorSetIsRefusedNamingTheTarget() {
        assertThat(problems("/x", "target", withoutReflection.target(), "method", "GetOrder")).singleElement().asString()
                .startsWith("backend.target: server reflection at " + withoutReflection.target() + " failed: UNIMPLEMENTED")
                .endsWith("give the item a descriptorSet, or enable reflection on the server");
    }

    @Test
    void aDescriptorSetThatIsNoneIsRefused() {
        assertThat(problems("/x", "target", withReflection.target(), "method", "GetOrder", "descriptorSet", "%%%"))
                .singleElement().asString().startsWith("backend.descriptorSet: is not base64");
        assertThat(problems("/x", "target", withReflection.target(), "method", "GetOrder", "descriptorSet", "Cv8="))
                .singleElement().asString().startsWith("backend.descriptorSet: ");
        assertThat(problems("/x", "target", withReflection.target(), "method", "GetOrder", "descriptorSet", "EAE="))
                .singleElement().asString().startsWith("backend.descriptorSet: has no files");
        assertThat(problems("/x", "target", withReflection.target(), "method", "GetOrder", "descriptorSet", ""))
                .as("an empty descriptorSet asks reflection").isEmpty();
    }

    @Test
    void malformedAttributesAreRefusedBeforeAnyoneIsAsked() {
        assertThat(problems("/x", "target", "orders", "method", "GetOrder", "metadata", List.of("grpc-timeout", "x-ok")))
                .containsExactly("backend.target: must be HOST:PORT, such as orders.internal:50051, was 'orders'",
                        "backend.metadata: must be header names (not grpc-* or *-bin), was 'grpc-timeout'");
        assertThat(problems("/x", "target", withReflection.target(), "url", "http://x")).hasSize(2);
    }

    @Test
    void aDescriptorSetWithoutTheImportsIsRefusedNamingTheMissingFile() {
        assertThat(problems("/x", "target", withReflection.target(), "method", "GetOrder",
                "descriptorSet", OrdersService.descriptorSetWithoutImports()))
                .containsExactly("backend.descriptorSet: lacks google/protobuf/timestamp.proto, which another file imports"
                        + " (protoc --include_imports puts imports in the set)");
    }

    @Test
    void reflectionsAnswerIsKeptPerContainerSoALaterRefreshNeedsNoServer() throws Exception {
        ServiceDescriptors descriptors = new ServiceDescriptors(new GrpcChannels());
        try (OrdersService passing = OrdersService.start(true)) {
            String target = passing.target();
            var first = descriptors.fromReflection(target, false, OrdersService.SERVICE);
            passing.close();

            var again = descriptors.fromReflection(target, false, OrdersService.SERVICE);

            assertThat(again).isSameAs(first).containsKeys("shop/v1/orders.proto", "google/protobuf/timestamp.proto");
            assertThat(ServiceDescriptors.service(again, OrdersService.SERVICE)).isNotNull();
        }
    }
}
