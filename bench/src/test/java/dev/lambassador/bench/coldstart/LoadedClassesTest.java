package dev.lambassador.bench.coldstart;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lambassador.bench.CodeOrigin;
import java.util.List;
import org.junit.jupiter.api.Test;

class LoadedClassesTest {

    @Test
    void countsClassLoadLinesByOrigin() {
        LoadedClasses classes = LoadedClasses.count(List.of(
                "[0.010s][info][class,load] java.lang.Object source: shared objects file",
                "[0.120s][info][class,load] com.amazonaws.services.lambda.runtime.api.client.AWSLambda source: file:/x/ric.jar",
                "[0.300s][info][class,load] software.amazon.awssdk.services.dynamodb.DynamoDbClient source: file:/var/task/",
                "[0.310s][info][class,load] dev.lambassador.router.RouterHandler$$Lambda/0x0000000801001234 source: dev.lambassador.router.RouterHandler",
                "[0.400s][info][gc] not a class line"));

        assertThat(classes.total()).isEqualTo(4);
        assertThat(classes.of(CodeOrigin.JDK)).isEqualTo(1);
        assertThat(classes.of(CodeOrigin.LAMBDA_RUNTIME)).isEqualTo(1);
        assertThat(classes.of(CodeOrigin.AWS_SDK)).isEqualTo(1);
        assertThat(classes.of(CodeOrigin.LAMBASSADOR)).isEqualTo(1);
        assertThat(classes.of(CodeOrigin.JACKSON)).isZero();
    }
}
