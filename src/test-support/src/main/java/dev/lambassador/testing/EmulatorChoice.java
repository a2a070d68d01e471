package dev.lambassador.testing;

import java.io.File;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Which DynamoDB emulator a test run uses. Deciding is kept apart from starting so that the
 * order of preference can be tested without Docker, Python or a network.
 */
sealed interface EmulatorChoice {

    /** See {@link LocalStackImage#DEFAULT}. */
    String DEFAULT_LOCALSTACK_IMAGE = LocalStackImage.DEFAULT;

    /** An endpoint that someone already runs, used as it is and never stopped. */
    record Endpoint(URI uri) implements EmulatorChoice {}

    /** A LocalStack container, started through Testcontainers. */
    record LocalStack(String image) implements EmulatorChoice {}

    /** A {@code moto_server} process, started from this executable. */
    record Moto(Path executable) implements EmulatorChoice {}

    /** Nothing to use; the message says how to get something. */
    record Unavailable(String message) implements EmulatorChoice {}

    /**
     * Picks, in order: {@code AWS_ENDPOINT_URL}, LocalStack when a Docker engine answers,
     * {@code moto_server}. The suppliers are asked only when the choices before them fell
     * through, so an explicit endpoint never waits on a Docker probe.
     */
    static EmulatorChoice choose(
            Map<String, String> env, BooleanSupplier dockerAvailable, Supplier<Optional<Path>> motoServer) {
        String endpointUrl = env.getOrDefault("AWS_ENDPOINT_URL", "").strip();
        if (!endpointUrl.isEmpty()) {
            return endpoint(endpointUrl);
        }
        if (dockerAvailable.getAsBoolean()) {
            String image = env.getOrDefault("LOCALSTACK_IMAGE", "").strip();
            return new LocalStack(image.isEmpty() ? DEFAULT_LOCALSTACK_IMAGE : image);
        }
        return motoServer.get().<EmulatorChoice>map(Moto::new).orElseGet(() -> new Unavailable("""
                No DynamoDB emulator for this test run. Any one of these gives one:
                  - install moto's server so that moto_server is on PATH: pip install 'moto[server]'
                  - run a Docker engine, and LocalStack (%s) is started through Testcontainers
                  - set AWS_ENDPOINT_URL to a DynamoDB API endpoint you run, e.g. http://127.0.0.1:8000"""
                .formatted(DEFAULT_LOCALSTACK_IMAGE)));
    }

    /** The first executable file named {@code name} in a {@code PATH}-style list of folders. */
    static Optional<Path> findOnPath(String path, String name) {
        if (path == null) {
            return Optional.empty();
        }
        return Arrays.stream(path.split(File.pathSeparator))
                .filter(folder -> !folder.isBlank())
                .map(folder -> Path.of(folder, name))
                .filter(Files::isExecutable)
                .findFirst();
    }

    private static EmulatorChoice endpoint(String url) {
        try {
            URI uri = new URI(url);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return new Endpoint(uri);
            }
        } catch (URISyntaxException e) {
            // Reported below with the value, which says more than the parser's position.
        }
        return new Unavailable("AWS_ENDPOINT_URL is set but is not an http(s) URL with a host: '" + url + "'");
    }
}
