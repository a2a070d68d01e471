package dev.lambassador.bench;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Finds the tools the harnesses start (moto_server, wrk, nginx) without asking a shell. */
public final class Executables {

    /** Debian puts nginx in /usr/sbin, which is not on every user's PATH. */
    private static final String EXTRA_FOLDERS = "/usr/sbin" + File.pathSeparator + "/usr/local/sbin";

    private Executables() {
    }

    public static Optional<Path> find(String name) {
        String path = System.getenv("PATH");
        return find(name, (path == null ? "" : path + File.pathSeparator) + EXTRA_FOLDERS);
    }

    static Optional<Path> find(String name, String path) {
        for (String folder : path.split(File.pathSeparator)) {
            if (!folder.isBlank() && Files.isExecutable(Path.of(folder, name))) {
                return Optional.of(Path.of(folder, name));
            }
        }
        return Optional.empty();
    }
}
