package dev.lambassador.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class MainTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void devDefaultsToTheEmbeddedRoutesOnPort8080() {
        DevServer.Options options = Main.parseDev(List.of());

        assertThat(options.port()).isEqualTo(8080);
        assertThat(options.host()).isEqualTo("127.0.0.1");
        assertThat(options.routesFile()).isNull();
        assertThat(options.table()).isNull();
        assertThat(options.payload()).isEqualTo(PayloadVersion.V1);
    }

    @Test
    void devOptionsAreRead() {
        DevServer.Options options = Main.parseDev(List.of("--port", "9000", "--table", "routes", "--payload", "v2", "--ttl", "5"));

        assertThat(options.port()).isEqualTo(9000);
        assertThat(options.table()).isEqualTo("routes");
        assertThat(options.payload()).isEqualTo(PayloadVersion.V2);
        assertThat(options.ttl()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void badOptionsAreNamed() {
        assertThatThrownBy(() -> Main.parseDev(List.of("--port", "http"))).hasMessageContaining("--port must be a whole number");
        assertThatThrownBy(() -> Main.parseDev(List.of("--payload", "v3"))).hasMessageContaining("v1 (REST API) or v2");
        assertThatThrownBy(() -> Main.parseDev(List.of("--routes"))).hasMessageContaining("--routes needs a value");
        assertThatThrownBy(() -> Main.parseDev(List.of("--routes", "/no/such.yaml"))).hasMessageContaining("no such readable file");
        assertThatThrownBy(() -> Main.parseDev(List.of("--verbose", "yes"))).hasMessageContaining("unknown option '--verbose'");
    }

    @Test
    void unknownCommandPrintsUsageAndExits2() {
        assertThat(run("deploy")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown command 'deploy'", "Usage: lambassador");
    }

    @Test
    void helpExits0() {
        assertThat(run("help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("--payload v1|v2");
    }

    @Test
    void portInUseIsExplained() throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            assertThat(run("dev", "--port", String.valueOf(taken.getLocalPort()))).isEqualTo(1);
        }
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("is another server using it?", "--port");
    }
}
