package dev.lambassador.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lambassador.core.auth.ApiKeys;
import dev.lambassador.testing.SilentServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** A lookup with a deadline gives each GetItem only the time left, not the client's own ten seconds. */
class SlowTableTest {

    private SilentServer slowTable;
    private DynamoDbClient client;

    @BeforeEach
    void start() throws IOException {
        // Stands in for DynamoDB: takes every request and answers none until the test ends.
        slowTable = SilentServer.start();
        client = DynamoDbClients.builder(Map.of("AWS_ENDPOINT_URL", slowTable.uri().toString()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .build();
    }

    @AfterEach
    void stop() {
        client.close();
        slowTable.close();
    }

    @Test
    void aLookupGivesUpAtItsDeadline() {
        DynamoDbApiKeyStore keys = new DynamoDbApiKeyStore(client, "routes");
        Instant deadline = Instant.now().plusMillis(800);

        assertThatThrownBy(() -> keys.find(ApiKeys.hash(ApiKeys.generate()), deadline))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("cannot read apikey items from table routes");

        assertThat(Duration.between(deadline, Instant.now())).isLessThan(Duration.ofMillis(1500));
    }

    @Test
    void aLookupPastItsDeadlineAsksNothing() {
        DynamoDbApiKeyStore keys = new DynamoDbApiKeyStore(client, "routes");

        assertThatThrownBy(() -> keys.find(ApiKeys.hash(ApiKeys.generate()), Instant.now().minusMillis(1)))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("no time left");
    }
}
