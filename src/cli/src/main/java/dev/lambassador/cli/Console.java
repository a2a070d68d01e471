package dev.lambassador.cli;

import java.io.PrintStream;
import java.util.Map;
import java.util.Objects;

/**
 * What a command runs with: the environment it reads settings from ({@code AWS_REGION},
 * {@code AWS_ENDPOINT_URL}, {@code LAMBASSADOR_HOME}, variables of a file) and where it writes.
 * Standard output carries only what a script captures (a token, a key, an export); the rest goes
 * to standard error.
 */
record Console(Map<String, String> environment, PrintStream out, PrintStream err) {

    Console {
        environment = Map.copyOf(environment);
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(err, "err");
    }
}
