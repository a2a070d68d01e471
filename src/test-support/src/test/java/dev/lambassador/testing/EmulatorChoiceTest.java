package dev.lambassador.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmulatorChoiceTest {

    private static final Path MOTO = Path.of("/opt/moto/bin/moto_server");
    private static final BooleanSupplier NO_DOCKER = () -> false;
    private static final BooleanSupplier DOCKER = () -> true;
    private static final Supplier<Optional<Path>> NO_MOTO = Optional::empty;
    private static final Supplier<Optional<Path>> MOTO_ON_PATH = () -> Optional.of(MOTO);

    @Test
    void endpointUrlFromTheEnvironmentIsUsedAsIs() {
        EmulatorChoice choice = EmulatorChoice.choose(
                Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:8000"), DOCKER, MOTO_ON_PATH);

        assertThat(choice).isEqualTo(new EmulatorChoice.Endpoint(URI.create("http://127.0.0.1:8000")));
    }

    @Test
    void endpointUrlWinsWithoutProbingDockerOrLookingForMoto() {
        BooleanSupplier dockerMustNotBeAsked = () -> {
            throw new AssertionError("Docker was probed");
        };
        Supplier<Optional<Path>> motoMustNotBeAsked = () -> {
            throw new AssertionError("PATH was searched");
        };

        EmulatorChoice choice = EmulatorChoice.choose(
                Map.of("AWS_ENDPOINT_URL", "https://dynamodb.example.test"), dockerMustNotBeAsked, motoMustNotBeAsked);

        assertThat(choice).isInstanceOf(EmulatorChoice.Endpoint.class);
    }

    @Test
    void blankEndpointUrlCountsAsUnset() {
        EmulatorChoice choice = EmulatorChoice.choose(Map.of("AWS_ENDPOINT_URL", "  "), NO_DOCKER, MOTO_ON_PATH);

        assertThat(choice).isEqualTo(new EmulatorChoice.Moto(MOTO));
    }

    @Test
    void endpointUrlThatIsNotHttpIsReportedRatherThanSkipped() {
        EmulatorChoice choice = EmulatorChoice.choose(Map.of("AWS_ENDPOINT_URL", "localhost:8000"), DOCKER, MOTO_ON_PATH);

        assertThat(choice).isInstanceOfSatisfying(EmulatorChoice.Unavailable.class, unavailable ->
                assertThat(unavailable.message()).contains("AWS_ENDPOINT_URL", "'localhost:8000'"));
    }

    @Test
    void localStackIsPreferredOverMotoWhenDockerAnswers() {
        EmulatorChoice choice = EmulatorChoice.choose(Map.of(), DOCKER, MOTO_ON_PATH);

        assertThat(choice).isEqualTo(new EmulatorChoice.LocalStack(EmulatorChoice.DEFAULT_LOCALSTACK_IMAGE));
    }

    @Test
    void localStackImageCanBeOverridden() {
        EmulatorChoice choice = EmulatorChoice.choose(
                Map.of("LOCALSTACK_IMAGE", "localstack/localstack-pro:2026.03.0"), DOCKER, NO_MOTO);

        assertThat(choice).isEqualTo(new EmulatorChoice.LocalStack("localstack/localstack-pro:2026.03.0"));
    }

    @Test
    void motoIsUsedWhenThereIsNoDocker() {
        EmulatorChoice choice = EmulatorChoice.choose(Map.of(), NO_DOCKER, MOTO_ON_PATH);

        assertThat(choice).isEqualTo(new EmulatorChoice.Moto(MOTO));
    }

    @Test
    void withNothingAvailableTheMessageNamesAllThreeWaysToGetAnEmulator() {
        EmulatorChoice choice = EmulatorChoice.choose(Map.of(), NO_DOCKER, NO_MOTO);

        assertThat(choice).isInstanceOfSatisfying(EmulatorChoice.Unavailable.class, unavailable ->
                assertThat(unavailable.message())
                        .contains("pip install 'moto[server]'")
                        .contains("Docker", "LocalStack")
                        .contains("AWS_ENDPOINT_URL"));
    }

    @Test
    void motoServerIsFoundInTheFirstPathFolderThatHasItExecutable(@TempDir Path dir) throws IOException {
        Path empty = Files.createDirectory(dir.resolve("empty"));
        Path notExecutable = Files.createDirectory(dir.resolve("plain"));
        Files.createFile(notExecutable.resolve("moto_server"));
        Path bin = Files.createDirectory(dir.resolve("bin"));
        Path moto = Files.createFile(bin.resolve("moto_server"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwxr-xr-x")));
        String path = String.join(File.pathSeparator, empty.toString(), notExecutable.toString(), "", bin.toString());

        assertThat(EmulatorChoice.findOnPath(path, "moto_server")).contains(moto);
    }

    @Test
    void noPathMeansNoMotoServer() {
        assertThat(EmulatorChoice.findOnPath(null, "moto_server")).isEmpty();
    }
}
