package dev.lambassador.bench.coldstart;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class InfrastructureFlagsTest {

    /** The bench does not depend on infra/ (CDK is heavy), so it checks the constant's source instead. */
    @Test
    void coldStartsUseTheJvmFlagsTheInfrastructureSets() throws Exception {
        String gateway = Files.readString(Path.of("../infra/src/main/java/dev/lambassador/infra/LambassadorGateway.java"));
        String template = Files.readString(Path.of("../template.yaml"));

        assertThat(gateway).contains("ROUTER_JAVA_TOOL_OPTIONS = \"" + ColdStartBench.LAMBDA_JAVA_TOOL_OPTIONS + "\"");
        assertThat(template).contains("JAVA_TOOL_OPTIONS: " + ColdStartBench.LAMBDA_JAVA_TOOL_OPTIONS);
    }
}
