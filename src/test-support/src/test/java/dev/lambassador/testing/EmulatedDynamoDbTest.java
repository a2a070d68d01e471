package dev.lambassador.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.entry;

import java.net.URI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;

/** The value's own behaviour; building a client sends nothing, so no emulator is needed here. */
class EmulatedDynamoDbTest {

    private final EmulatedDynamoDb dynamoDb =
            EmulatedDynamoDb.connect(URI.create("http://127.0.0.1:4566"), EmulatedDynamoDb.MOTO, Region.EU_WEST_1);

    @AfterEach
    void closeClient() {
        dynamoDb.client().close();
    }

    @Test
    void environmentPointsChildProcessesAtTheSameEndpointRegionAndKeys() {
        assertThat(dynamoDb.environment()).containsOnly(
                entry("AWS_ENDPOINT_URL", "http://127.0.0.1:4566"),
                entry("AWS_REGION", "eu-west-1"),
                entry("AWS_ACCESS_KEY_ID", dynamoDb.credentials().resolveCredentials().accessKeyId()),
                entry("AWS_SECRET_ACCESS_KEY", dynamoDb.credentials().resolveCredentials().secretAccessKey()));
    }

    @Test
    void clientUsesTheEmulatorsRegion() {
        assertThat(dynamoDb.client().serviceClientConfiguration().region()).isEqualTo(Region.EU_WEST_1);
        assertThat(dynamoDb.client().serviceClientConfiguration().endpointOverride()).contains(dynamoDb.endpoint());
    }

    @Test
    void uniqueTableNamesKeepThePrefixAndDiffer() {
        String first = dynamoDb.uniqueTableName("routes");
        String second = dynamoDb.uniqueTableName("routes");

        assertThat(first).startsWith("routes-").matches("[A-Za-z0-9_.-]{3,255}");
        assertThat(second).startsWith("routes-").isNotEqualTo(first);
    }

    @Test
    void tableNamePrefixThatDynamoDbWouldRejectIsRefusedAtOnce() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> dynamoDb.uniqueTableName("routes table"))
                .withMessageContaining("'routes table'");
    }
}
