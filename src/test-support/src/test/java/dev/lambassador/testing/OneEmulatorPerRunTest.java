package dev.lambassador.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * Runs two test classes as one separate run, the way a module's build runs its tests, and
 * looks at what they were given and what is left once the run ends.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OneEmulatorPerRunTest {

    private List<Map<String, String>> reported;
    private EngineExecutionResults results;

    @BeforeAll
    void runTwoTestClasses() {
        results = EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(FirstClassOfTheRun.class), selectClass(SecondClassOfTheRun.class))
                .execute();
        reported = results.allEvents().reportingEntryPublished().stream()
                .map(event -> event.getRequiredPayload(ReportEntry.class).getKeyValuePairs())
                .toList();
    }

    @Test
    void testClassesOfOneRunShareOneEndpoint() {
        assertThat(results.testEvents().failed().list()).isEmpty();
        assertThat(reported).hasSize(2);
        assertThat(reported.get(0).get("endpoint")).isEqualTo(reported.get(1).get("endpoint"));
    }

    @Test
    void emulatorStartedForARunStopsWhenTheRunEnds() {
        assumeThat(reported.get(0).get("flavour"))
                .as("an endpoint from AWS_ENDPOINT_URL belongs to whoever set it and is left running")
                .isNotEqualTo(EmulatedDynamoDb.ENDPOINT_URL);
        URI endpoint = URI.create(reported.get(0).get("endpoint"));

        assertThat(answers(endpoint)).isFalse();
    }

    private static boolean answers(URI endpoint) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(endpoint.getHost(), endpoint.getPort()), 1_000);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }

    private static void report(EmulatedDynamoDb dynamoDb, TestReporter reporter) {
        reporter.publishEntry(Map.of("endpoint", dynamoDb.endpoint().toString(), "flavour", dynamoDb.flavour()));
    }

    // Static nested classes are not picked up from this class by the build's own run; only the
    // run above selects them.
    @ExtendWith(DynamoDbEmulator.class)
    static final class FirstClassOfTheRun {
        @Test
        void reportsItsEndpoint(EmulatedDynamoDb dynamoDb, TestReporter reporter) {
            dynamoDb.client().listTables();
            report(dynamoDb, reporter);
        }
    }

    @ExtendWith(DynamoDbEmulator.class)
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    static final class SecondClassOfTheRun {
        private EmulatedDynamoDb fromBeforeAll;

        @BeforeAll
        void lifecycleMethodsCanAskToo(EmulatedDynamoDb dynamoDb) {
            fromBeforeAll = dynamoDb;
        }

        @Test
        void reportsItsEndpoint(EmulatedDynamoDb dynamoDb, TestReporter reporter) {
            assertThat(dynamoDb).isSameAs(fromBeforeAll);
            dynamoDb.client().listTables();
            report(dynamoDb, reporter);
        }
    }
}
