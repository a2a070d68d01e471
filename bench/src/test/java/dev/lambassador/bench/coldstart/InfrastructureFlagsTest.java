package dev.lambassador.bench.coldstart;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lambassador.bench.JwtVerifierBenchmark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Fork;

class InfrastructureFlagsTest {

    /** The bench does not depend on infra/ (CDK is heavy), so it checks the constant's source instead. */
    @Test
    void coldStartsUseTheJvmFlagsTheInfrastructureSets() throws Exception {
        String gateway = Files.readString(Path.of("../infra/src/main/java/dev/lambassador/infra/LambassadorGateway.java"));
        String template = Files.readString(Path.of("../template.yaml"));

        assertThat(gateway).contains("ROUTER_JAVA_TOOL_OPTIONS = \"" + ColdStartBench.LAMBDA_JAVA_TOOL_OPTIONS + "\"");
        assertThat(gateway).contains("AUTHORIZER_JAVA_TOOL_OPTIONS = \"" + ColdStartBench.AUTHORIZER_JAVA_TOOL_OPTIONS + "\"");
        assertThat(template).contains("JAVA_TOOL_OPTIONS: " + ColdStartBench.LAMBDA_JAVA_TOOL_OPTIONS);
        assertThat(template).contains("JAVA_TOOL_OPTIONS: " + ColdStartBench.AUTHORIZER_JAVA_TOOL_OPTIONS);
    }

    /** The authorizer has flags and memory of its own, and JMH measures it with those flags. */
    @Test
    void theAuthorizerStartsWithItsOwnFlagsAndMemory() throws Exception {
        String gateway = Files.readString(Path.of("../infra/src/main/java/dev/lambassador/infra/LambassadorGateway.java"));
        String props = Files.readString(Path.of("../infra/src/main/java/dev/lambassador/infra/LambassadorGatewayProps.java"));
        String template = Files.readString(Path.of("../template.yaml"));

        assertThat(gateway).containsOnlyOnce("private Function createAuthorizerFunction()");
        assertThat(gateway.substring(gateway.indexOf("private Function createAuthorizerFunction()")))
                .contains("environment.put(FunctionSettings.JAVA_TOOL_OPTIONS.name(), AUTHORIZER_JAVA_TOOL_OPTIONS)");
        assertThat(template.split(Pattern.quote("JAVA_TOOL_OPTIONS: " + ColdStartBench.AUTHORIZER_JAVA_TOOL_OPTIONS), -1)).hasSize(2);
        assertThat(JwtVerifierBenchmark.class.getAnnotation(Fork.class).jvmArgsAppend())
                .containsExactly(ColdStartBench.AUTHORIZER_JAVA_TOOL_OPTIONS.split(" "));
        assertThat(props).contains("DEFAULT_AUTHORIZER_MEMORY_MB = " + ColdStartBench.AUTHORIZER_MEMORY_MB + ";");
    }
}
