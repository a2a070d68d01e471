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

/** A lookup with a deadline gives each GetItem only the time left, not the client's own ten seconds. */
class SlowTableTest {

    private SilentServer slowTable;
    private DynamoDbJsonClient client;

    @BeforeEach
    void start() throws IOException {
        // Stands in for DynamoDB: takes every request and answers none until the test ends.
        slowTable = SilentServer.start();
        client = DynamoDbJsonClient.fromEnvironment(Map.of("AWS_ENDPOINT_URL", slowTable.uri().toString(), "AWS_REGION", "us-east-1",
                "AWS_ACCESS_KEY_ID", "test", "AWS_SECRET_ACCESS_KEY", "test"));
    }

    @AfterEach
    void stop() {
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
