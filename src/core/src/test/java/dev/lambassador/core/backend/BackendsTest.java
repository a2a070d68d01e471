package dev.lambassador.core.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lambassador.core.route.PathTemplate;
import dev.lambassador.core.route.Problems;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The registry of backend types: built from factories, each compiling the backends of its type. */
class BackendsTest {

    private static final PathTemplate PATH = PathTemplate.parse("/x");

    @Test
    void aRegistryOfTheBuiltInFactoriesCompilesBothTypes() {
        Backends backends = Backends.of(List.of(new HttpBackend.Factory(), new WeightedBackend.Factory()));
        Problems problems = new Problems();

        Backend http = backends.compile("http://orders", PATH, problems);
        Backend weighted = backends.compile(Map.of("type", "weighted", "targets", List.of(
                Map.of("name", "only", "weight", 1, "backend", "http://orders"))), PATH, problems);

        assertThat(problems.all()).isEmpty();
        assertThat(http).isInstanceOf(HttpBackend.class);
        assertThat(weighted).isInstanceOf(WeightedBackend.class);
    }

    @Test
    void twoFactoriesForOneTypeAreRefused() {
        assertThatThrownBy(() -> Backends.of(List.of(new HttpBackend.Factory(), new HttpBackend.Factory())))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("two backend factories for type http");
    }

    @Test
    void aMissingBackendIsRequired() {
        Problems problems = new Problems();

        Backends.DEFAULT.compile(Map.of("type", "weighted", "targets", List.of(Map.of("name", "only", "weight", 1))), PATH, problems);

        assertThat(problems.all()).extracting(Problems.Problem::toString).containsExactly("targets[0].backend: is required");
    }

    @Test
    void withoutThePluginOnTheClassPathAGrpcItemIsRefusedNamingTheTypesThereAre() {
        Problems problems = new Problems();

        Backend backend = Backends.DEFAULT.compile(Map.of("type", "grpc", "target", "orders:50051"), PATH, problems.at("backend"));

        assertThat(backend).isNull();
        assertThat(BackendPlugin.installed()).isEmpty();
        assertThat(problems.all()).extracting(Problems.Problem::toString)
                .containsExactly("backend.type: must be one of [http, lambda, weighted], was string 'grpc'");
    }
}
