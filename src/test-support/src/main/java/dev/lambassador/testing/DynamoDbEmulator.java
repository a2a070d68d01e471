package dev.lambassador.testing;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.regions.Region;

/**
 * Gives tests a real DynamoDB API endpoint: resolves constructor, lifecycle and test method
 * parameters of type {@link EmulatedDynamoDb}.
 *
 * <pre>{@code
 * @ExtendWith(DynamoDbEmulator.class)
 * class RouteStoreTest {
 *     @Test
 *     void storedRouteIsFound(EmulatedDynamoDb dynamoDb) {
 *         String table = dynamoDb.uniqueTableName("routes");
 *         dynamoDb.client().createTable(...);
 *     }
 * }
 * }</pre>
 *
 * <p>The backend is, in order of preference: the endpoint in {@code AWS_ENDPOINT_URL}; LocalStack
 * through Testcontainers when a Docker engine answers; {@code moto_server} from {@code PATH}. When
 * none is there, the test fails with a message that says how to get one. One backend serves every
 * test class of the run and stops when the run ends.
 */
public final class DynamoDbEmulator implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(DynamoDbEmulator.class);
    private static final String DEFAULT_REGION = "us-east-1";

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == EmulatedDynamoDb.class;
    }

    @Override
    public EmulatedDynamoDb resolveParameter(ParameterContext parameter, ExtensionContext context) {
        // The root store lives as long as the run and closes AutoCloseable values when it ends;
        // its computeIfAbsent runs the start once even when test classes run in parallel.
        return context.getRoot()
                .getStore(NAMESPACE)
                .computeIfAbsent(Running.class, key -> Running.start(System.getenv()), Running.class)
                .dynamoDb();
    }

    /** The emulator of one run: the client, and how to stop what serves it. */
    private record Running(EmulatedDynamoDb dynamoDb, Runnable stopBackend) implements AutoCloseable {

        static Running start(Map<String, String> env) {
            long started = System.nanoTime();
            EmulatorChoice choice = EmulatorChoice.choose(
                    env,
                    () -> DockerEngine.isAvailable(env),
                    () -> EmulatorChoice.findOnPath(env.get("PATH"), "moto_server"));
            Running running = switch (choice) {
                case EmulatorChoice.Endpoint endpoint -> connect(endpoint.uri(), EmulatedDynamoDb.ENDPOINT_URL, env, () -> {});
                case EmulatorChoice.LocalStack localStack -> startLocalStack(localStack.image(), env);
                case EmulatorChoice.Moto moto -> {
                    MotoServer server = MotoServer.start(moto.executable());
                    yield connect(server.endpoint(), EmulatedDynamoDb.MOTO, env, server::close);
                }
                case EmulatorChoice.Unavailable unavailable -> throw new IllegalStateException(unavailable.message());
            };
            System.err.printf("[lambassador-test-support] DynamoDB emulator: %s at %s (ready in %d ms)%n",
                    running.dynamoDb.flavour(), running.dynamoDb.endpoint(),
                    Duration.ofNanos(System.nanoTime() - started).toMillis());
            return running;
        }

        private static Running startLocalStack(String image, Map<String, String> env) {
            LocalStackContainer container =
                    new LocalStackContainer(DockerImageName.parse(image).asCompatibleSubstituteFor("localstack/localstack"))
                            .withServices("dynamodb");
            String authToken = env.getOrDefault("LOCALSTACK_AUTH_TOKEN", "");
            if (!authToken.isBlank()) {
                container.withEnv("LOCALSTACK_AUTH_TOKEN", authToken);
            }
            container.start();
            return connect(container.getEndpoint(), EmulatedDynamoDb.LOCALSTACK, env, container::stop);
        }

        private static Running connect(URI endpoint, String flavour, Map<String, String> env, Runnable stopBackend) {
            String region = env.getOrDefault("AWS_REGION", "").strip();
            return new Running(
                    EmulatedDynamoDb.connect(endpoint, flavour, Region.of(region.isEmpty() ? DEFAULT_REGION : region)),
                    stopBackend);
        }

        @Override
        public void close() {
            try {
                dynamoDb.client().close();
            } finally {
                stopBackend.run();
            }
        }
    }
}
