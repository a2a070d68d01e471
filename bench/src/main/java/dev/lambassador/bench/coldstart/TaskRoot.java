package dev.lambassador.bench.coldstart;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Enumeration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A function's code as Lambda lays it out: a deployment jar is unzipped into the task root
 * (/var/task), the runtime's working directory, and classes load from there, not from the jar.
 */
final class TaskRoot {

    private TaskRoot() {
    }

    static Path unzip(Path jar, Path root) {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            Files.createDirectories(root);
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                Path target = root.resolve(entry.getName()).normalize();
                if (!target.startsWith(root)) {
                    throw new IOException("entry " + entry.getName() + " of " + jar + " points outside the task root");
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    try (InputStream in = zip.getInputStream(entry)) {
                        Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException("could not unzip " + jar + " into " + root, e);
        }
    }

    /** Adds one of the harness's own classes (a top-level class, no nested ones) to a task root. */
    static Path addClass(Path root, Class<?> type) {
        String file = type.getName().replace('.', '/') + ".class";
        try (InputStream in = type.getClassLoader().getResourceAsStream(file)) {
            if (in == null) {
                throw new IOException("no class file " + file);
            }
            Path target = root.resolve(file);
            Files.createDirectories(target.getParent());
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException("could not copy " + file + " into " + root, e);
        }
    }
}
