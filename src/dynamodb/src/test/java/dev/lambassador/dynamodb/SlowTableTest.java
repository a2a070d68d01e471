package dev.lambassador.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.lambassador.core.auth.ApiKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** A lookup with a deadline gives each GetItem only the time left, not the client's own ten seconds. */
class SlowTableTest {

    private final CountDownLatch release = new CountDownLatch(1);
    private HttpServer slowTable;
    private DynamoDbClient client;

    @BeforeEach
    void start() throws IOException {
        // Stands in for DynamoDB: takes every request and answers none until the test ends.
        slowTable = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        slowTable.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        slowTable.createContext("/", exchange -> {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        slowTable.start();
        client = DynamoDbClients.builder(Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:" + slowTable.getAddress().getPort()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .build();
    }

    @AfterEach
    void stop() {
        release.countDown();
        client.close();
        slowTable.stop(0);
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
