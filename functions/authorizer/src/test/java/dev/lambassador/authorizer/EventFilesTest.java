package dev.lambassador.authorizer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.lambassador.core.auth.ApiKeys;
import dev.lambassador.core.auth.Consumer;
import dev.lambassador.dynamodb.DynamoDbApiKeyStore;
import dev.lambassador.dynamodb.DynamoDbClients;
import dev.lambassador.dynamodb.RoutesTable;
import dev.lambassador.testing.DynamoDbEmulator;
import dev.lambassador.testing.EmulatedDynamoDb;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every sample authorizer event in events/ goes through the real handler, with its API key stored in DynamoDB. */
@ExtendWith(DynamoDbEmulator.class)
class EventFilesTest {

    private static final Path EVENTS = Path.of("../../events");
    /** The key the sample events carry in x-api-key; it exists only in the tables tests make. */
    private static final String SAMPLE_KEY = "lmb_sampleEventKey-not-a-real-key-0123456789ab";

    private final EmulatedDynamoDb dynamoDb;
    private AuthorizerHandler handler;

    EventFilesTest(EmulatedDynamoDb dynamoDb) {
        this.dynamoDb = dynamoDb;
    }

    @BeforeEach
    void handlerWithTheSampleKey() {
        String table = dynamoDb.uniqueTableName("routes");
        RoutesTable.create(dynamoDb.client(), table);
        DynamoDbApiKeyStore keys = new DynamoDbApiKeyStore(DynamoDbClients.jsonClient(dynamoDb.client()), table);
        keys.save(ApiKeys.hash(SAMPLE_KEY), new Consumer("sample-client", "Sample client", "free", Set.of("orders:read"), true));
        handler = new AuthorizerHandler(AuthorizerConfig.builder().apiKeys(keys).anonymousAccess(false).build());
    }

    static Stream<Path> eventFiles() throws IOException {
        List<Path> files;
        try (Stream<Path> listing = Files.list(EVENTS)) {
            files = listing.filter(p -> p.getFileName().toString().matches("authorizer.*\\.json")).sorted().toList();
        }
        assertThat(files).as("authorizer events in " + EVENTS.toAbsolutePath()).hasSizeGreaterThanOrEqualTo(2);
        return files.stream();
    }

    @ParameterizedTest
    @MethodSource("eventFiles")
    void sampleEventIsAllowedAsTheKeysConsumer(Path file) throws IOException {
        Map<String, Object> event = JSON.std.mapFrom(Files.readAllBytes(file));

        Map<String, Object> response = Events.invoke(handler, Files.readAllBytes(file));

        Map<String, String> context = Map.of("auth", "apiKey", "subject", "sample-client", "consumer", "sample-client",
                "scopes", "orders:read", "plan", "free", "issuer", "");
        if ("2.0".equals(event.get("version"))) {
            assertThat(response).isEqualTo(Map.of("isAuthorized", true, "context", context));
        } else {
            String methodArn = (String) event.get("methodArn");
            String stage = methodArn.substring(0, methodArn.indexOf('/', methodArn.indexOf('/') + 1)) + "/*/*";
            assertThat(response).isEqualTo(Map.of(
                    "principalId", "sample-client",
                    "policyDocument", Map.of("Version", "2012-10-17",
                            "Statement", List.of(Map.of("Action", "execute-api:Invoke", "Effect", "Allow", "Resource", stage))),
                    "context", context,
                    "usageIdentifierKey", SAMPLE_KEY));
        }
    }
}
