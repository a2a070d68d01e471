package dev.lambassador.testing;

import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MotoServerTest {

    @Test
    void serverThatExitsEarlyIsReportedWithItsStatusAndOutput(@TempDir Path dir) throws IOException {
        Path broken = Files.writeString(dir.resolve("moto_server"), """
                #!/bin/sh
                echo "ModuleNotFoundError: No module named 'flask'" >&2
                exit 3
                """);
        Files.setPosixFilePermissions(broken, PosixFilePermissions.fromString("rwxr-xr-x"));

        assertThatIllegalStateException()
                .isThrownBy(() -> MotoServer.start(broken))
                .withMessageContaining("exited with status 3")
                .withMessageContaining("No module named 'flask'");
    }
}
