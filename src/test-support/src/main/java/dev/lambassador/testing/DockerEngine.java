package dev.lambassador.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.testcontainers.DockerClientFactory;

/** Whether a Docker engine answers, asked in a way that costs nothing where there is none. */
final class DockerEngine {

    private DockerEngine() {}

    /**
     * Asks Testcontainers only when something suggests an engine exists. Its own probe takes a few
     * hundred milliseconds, logs an error with every strategy it tried, and loads JNA, which newer
     * JDKs warn about; on a machine without Docker that is noise in every module's test output.
     */
    static boolean isAvailable(Map<String, String> env) {
        return mayHaveEngine(env, Path.of("/"), Path.of(System.getProperty("user.home")))
                && DockerClientFactory.instance().isDockerAvailable();
    }

    /**
     * True when any of the places Testcontainers looks for an engine is configured or present:
     * the environment, its own properties file, or a socket where Docker, Docker Desktop,
     * rootless Docker, Colima or Rancher Desktop put one. Windows uses named pipes, so there
     * Testcontainers is always asked.
     */
    static boolean mayHaveEngine(Map<String, String> env, Path root, Path home) {
        if (System.getProperty("os.name", "").startsWith("Windows")) {
            return true;
        }
        if (Stream.of("DOCKER_HOST", "TESTCONTAINERS_HOST_OVERRIDE", "TC_HOST")
                .anyMatch(name -> !env.getOrDefault(name, "").isBlank())) {
            return true;
        }
        String runtimeDir = env.getOrDefault("XDG_RUNTIME_DIR", "");
        List<Path> candidates = Stream.of(
                        root.resolve("var/run/docker.sock"),
                        root.resolve("run/docker.sock"),
                        home.resolve(".testcontainers.properties"),
                        home.resolve(".docker/run/docker.sock"),
                        home.resolve(".docker/desktop/docker.sock"),
                        home.resolve(".colima/default/docker.sock"),
                        home.resolve(".rd/docker.sock"),
                        runtimeDir.isBlank() ? null : Path.of(runtimeDir, "docker.sock"))
                .filter(Objects::nonNull)
                .toList();
        return candidates.stream().anyMatch(Files::exists);
    }
}
