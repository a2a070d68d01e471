package dev.lambassador.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * A {@code moto_server} process on a loopback port, stopped with everything it started. Public for
 * the benchmark harnesses, which run outside JUnit; tests get one through {@link DynamoDbEmulator}.
 */
public final class MotoServer implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(100);
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);
    private static final int OUTPUT_TAIL_CHARS = 4_000;

    private final Process process;
    private final Path output;
    private final URI endpoint;
    // Stops moto when the JVM is ended before JUnit closes its store, e.g. by a build timeout.
    private final Thread stopOnExit;

    private MotoServer(Process process, Path output, URI endpoint) {
        this.process = process;
        this.output = output;
        this.endpoint = endpoint;
        this.stopOnExit = new Thread(this::stopProcessTree, "moto_server-stop");
        Runtime.getRuntime().addShutdownHook(stopOnExit);
    }

    /** Starts {@code moto_server} and returns once it answers HTTP, or fails with its output. */
    public static MotoServer start(Path executable) {
        return start(executable, Map.of());
    }

    /**
     * Starts a {@code moto_server} of its own that checks every request's SigV4 signature against the
     * access keys of its IAM users, once the first {@code unauthenticatedActions} requests (which
     * create such a user and key) have been answered: for tests of request signing.
     *
     * @throws IllegalStateException when {@code moto_server} is not on the PATH
     */
    public static MotoServer startCheckingSignatures(int unauthenticatedActions) {
        Path executable = EmulatorChoice.findOnPath(System.getenv("PATH"), "moto_server")
                .orElseThrow(() -> new IllegalStateException("moto_server is not on the PATH: pip install 'moto[server]'"));
        return start(executable, Map.of("INITIAL_NO_AUTH_ACTION_COUNT", Integer.toString(unauthenticatedActions)));
    }

    private static MotoServer start(Path executable, Map<String, String> environment) {
        int port = LoopbackPorts.free();
        try {
            // A file, not a pipe: moto logs every request, and a full pipe nobody reads would block it.
            Path output = Files.createTempFile("moto_server-", ".log");
            ProcessBuilder builder = new ProcessBuilder(
                            executable.toString(), "-H", "127.0.0.1", "-p", Integer.toString(port))
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile());
            builder.environment().putAll(environment);
            Process process = builder.start();
            MotoServer server = new MotoServer(process, output, URI.create("http://127.0.0.1:" + port));
            try {
                server.awaitReady();
            } catch (RuntimeException e) {
                server.close();
                throw e;
            }
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + executable, e);
        }
    }

    public URI endpoint() {
        return endpoint;
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build()) {
            HttpRequest request = HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(2)).GET().build();
            while (true) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("moto_server exited with status " + process.exitValue()
                            + " before answering on " + endpoint + "; its output:\n" + outputTail());
                }
                try {
                    // Any status will do: moto answers only once its app is loaded.
                    http.send(request, HttpResponse.BodyHandlers.discarding());
                    return;
                } catch (IOException notYet) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("moto_server did not answer on " + endpoint + " within "
                                + READY_TIMEOUT.toSeconds() + " s; its output:\n" + outputTail());
                    }
                    Thread.sleep(POLL_INTERVAL);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for moto_server on " + endpoint, e);
        }
    }

    private String outputTail() {
        try {
            String text = Files.readString(output, StandardCharsets.UTF_8);
            return text.length() <= OUTPUT_TAIL_CHARS ? text : "..." + text.substring(text.length() - OUTPUT_TAIL_CHARS);
        } catch (IOException e) {
            return "(could not read " + output + ": " + e + ")";
        }
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(stopOnExit);
        } catch (IllegalStateException shuttingDown) {
            // The hook is already running or has run; stopping twice is harmless.
        }
        stopProcessTree();
        try {
            Files.deleteIfExists(output);
        } catch (IOException e) {
            // A leftover log in the temp folder is not worth failing a test run over.
        }
    }

    private void stopProcessTree() {
        // Children first, and listed before anything dies: once moto's launcher exits its
        // children are reparented and no longer show up as its descendants.
        List<ProcessHandle> tree = Stream.concat(process.descendants(), Stream.of(process.toHandle()))
                .toList();
        tree.forEach(ProcessHandle::destroy);
        for (ProcessHandle handle : tree) {
            try {
                handle.onExit().get(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException | ExecutionException notStopped) {
                handle.destroyForcibly();
            } catch (InterruptedException e) {
                handle.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
