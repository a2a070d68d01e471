package dev.lambassador.testing;

import dev.lambassador.testing.smoke.ShadedHandlerMain;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;

/**
 * A shaded function jar run on its own in a child JVM, as Lambda runs it: the jar and {@link ShadedHandlerMain}
 * alone on the class path, so that a class the jar lacks fails here rather than in Lambda, and an environment
 * holding only what the test gives it (no {@code AWS_}, {@code JWT_} or {@code JAVA_TOOL} variables of the build).
 *
 * @param exitCode the child JVM's
 * @param stdout   its standard output's non-blank lines: one {@code OK}/{@code ERROR} line per event, and what the
 *                 function logged
 * @param stderr   its standard error
 */
public record ShadedJarRun(int exitCode, List<String> stdout, String stderr) {

    /**
     * Runs the handler class of this jar on each event file, in {@code dir}.
     *
     * @throws IllegalStateException when the child JVM does not finish in 120 s
     */
    public static ShadedJarRun run(Path jar, String handlerClass, Map<String, String> environment, Path dir, List<String> events)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", jar.toAbsolutePath() + File.pathSeparator + mainClassAlone(dir.resolve("main-classes")),
                ShadedHandlerMain.class.getName(), handlerClass));
        command.addAll(events);
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(dir.resolve("stdout.txt").toFile())
                .redirectError(dir.resolve("stderr.txt").toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("AWS_") || name.startsWith("JWT_") || name.startsWith("JAVA_TOOL"));
        builder.environment().putAll(environment);
        Process process = builder.start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("the child JVM did not finish in 120 s; stderr:\n" + Files.readString(dir.resolve("stderr.txt")));
        }
        return new ShadedJarRun(process.exitValue(),
                Files.readAllLines(dir.resolve("stdout.txt")).stream().filter(line -> !line.isBlank()).toList(),
                Files.readString(dir.resolve("stderr.txt")));
    }

    /** The first event's answer line, {@code OK ...} or {@code ERROR ...}; an AssertionError with stderr when there is none. */
    public String answer() {
        return stdout.stream().filter(line -> line.startsWith("OK ") || line.startsWith("ERROR ")).findFirst()
                .orElseThrow(() -> new AssertionError("no answer (exit " + exitCode + "); stderr:\n" + stderr));
    }

    /** {@link ShadedHandlerMain}'s class file copied alone into a directory, so the child sees no other test class. */
    private static Path mainClassAlone(Path target) throws IOException {
        String file = ShadedHandlerMain.class.getName().replace('.', '/') + ".class";
        try {
            Path source = Path.of(ShadedHandlerMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path copy = target.resolve(file);
            Files.createDirectories(copy.getParent());
            if (Files.isDirectory(source)) {
                Files.copy(source.resolve(file), copy);
            } else {
                try (JarFile jar = new JarFile(source.toFile()); InputStream in = jar.getInputStream(jar.getEntry(file))) {
                    Files.copy(in, copy);
                }
            }
        } catch (URISyntaxException e) {
            throw new IOException("cannot locate " + file, e);
        }
        return target;
    }
}
