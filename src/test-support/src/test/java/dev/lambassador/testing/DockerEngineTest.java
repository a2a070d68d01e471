package dev.lambassador.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DockerEngineTest {

    @TempDir
    Path root;

    @TempDir
    Path home;

    @Test
    void machineWithoutAnyDockerTraceIsNotProbed() {
        assertThat(DockerEngine.mayHaveEngine(Map.of(), root, home)).isFalse();
    }

    @Test
    void dockerHostInTheEnvironmentMeansAnEngineMayAnswer() {
        assertThat(DockerEngine.mayHaveEngine(Map.of("DOCKER_HOST", "tcp://127.0.0.1:2375"), root, home)).isTrue();
    }

    @Test
    void systemSocketMeansAnEngineMayAnswer() throws IOException {
        Files.createDirectories(root.resolve("var/run"));
        Files.createFile(root.resolve("var/run/docker.sock"));

        assertThat(DockerEngine.mayHaveEngine(Map.of(), root, home)).isTrue();
    }

    @Test
    void rootlessSocketInTheRuntimeFolderMeansAnEngineMayAnswer(@TempDir Path runtimeDir) throws IOException {
        Files.createFile(runtimeDir.resolve("docker.sock"));

        assertThat(DockerEngine.mayHaveEngine(Map.of("XDG_RUNTIME_DIR", runtimeDir.toString()), root, home)).isTrue();
    }

    @Test
    void testcontainersPropertiesAreLeftToTestcontainersToRead() throws IOException {
        Files.createFile(home.resolve(".testcontainers.properties"));

        assertThat(DockerEngine.mayHaveEngine(Map.of(), root, home)).isTrue();
    }

    @Test
    void machineWithoutDockerIsAnsweredAtOnce() {
        assumeThat(DockerEngine.mayHaveEngine(System.getenv(), Path.of("/"), Path.of(System.getProperty("user.home"))))
                .as("this machine has a Docker socket or setting, so Testcontainers is asked")
                .isFalse();
        long started = System.nanoTime();

        boolean available = DockerEngine.isAvailable(System.getenv());

        assertThat(available).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(100));
    }
}
