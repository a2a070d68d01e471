package dev.lambassador.bench.load;

import dev.lambassador.testing.LoopbackPorts;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * nginx as a reverse proxy in front of the echo backend: the reference for what a well-tuned
 * proxy costs on this machine. One worker, keep-alive to the backend, the same forwarding headers
 * the gateway adds, no access log (the gateway under test writes none either).
 */
final class Nginx implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(10);

    private final Process process;
    private final Path directory;
    private final int port;

    private Nginx(Process process, Path directory, int port) {
        this.process = process;
        this.directory = directory;
        this.port = port;
    }

    /** Serves {@code /echo/...} from {@code backend/...} on a free loopback port. */
    static Nginx start(Path executable, URI backend) throws IOException, InterruptedException {
        Path directory = Files.createTempDirectory("lambassador-nginx-").toAbsolutePath();
        int port = LoopbackPorts.free();
        Files.writeString(directory.resolve("nginx.conf"), config(directory, port, backend));
        Process process = new ProcessBuilder(List.of(executable.toString(), "-p", directory.toString(),
                "-c", directory.resolve("nginx.conf").toString(), "-e", directory.resolve("error.log").toString()))
                .redirectErrorStream(true)
                .redirectOutput(directory.resolve("output.log").toFile())
                .start();
        Nginx nginx = new Nginx(process, directory, port);
        nginx.awaitReady();
        return nginx;
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    static String config(Path directory, int port, URI backend) {
        return """
                # Written by bench's LoadBench for one run.
                worker_processes 1;
                daemon off;
                master_process off;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log warn;
                events { worker_connections 1024; }
                http {
                    access_log off;
                    client_body_temp_path %1$s/client_body;
                    proxy_temp_path %1$s/proxy;
                    fastcgi_temp_path %1$s/fastcgi;
                    uwsgi_temp_path %1$s/uwsgi;
                    scgi_temp_path %1$s/scgi;
                    upstream echo {
                        server %2$s:%3$d;
                        keepalive 32;
                    }
                    server {
                        listen 127.0.0.1:%4$d;
                        location /echo/ {
                            proxy_pass http://echo/;
                            proxy_http_version 1.1;
                            proxy_set_header Connection "";
                            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                            proxy_set_header X-Forwarded-Proto $scheme;
                            proxy_set_header X-Forwarded-Host $host;
                            proxy_set_header X-Forwarded-Port $server_port;
                            proxy_set_header X-Request-Id $request_id;
                        }
                    }
                }
                """.formatted(directory, backend.getHost(), backend.getPort(), port);
    }

    private void awaitReady() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new IOException("nginx exited with status " + process.exitValue() + ": "
                        + Files.readString(directory.resolve("output.log")) + Files.readString(directory.resolve("error.log")));
            }
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline) {
                    close();
                    throw new IOException("nginx did not listen on port " + port + " within " + READY_TIMEOUT.toSeconds() + " s");
                }
                Thread.sleep(50);
            }
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            // A leftover folder in the temp directory is not worth failing a benchmark over.
        }
    }
}
