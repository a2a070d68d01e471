package dev.lambassador.authorizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.fasterxml.jackson.jr.ob.JSON;
import dev.lambassador.core.auth.ApiKeys;
import dev.lambassador.dynamodb.DynamoDbApiKeyStore;
import dev.lambassador.dynamodb.DynamoDbJsonClient;
import dev.lambassador.testing.SilentServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A key table slower than the invocation has left: the lookup gives up before the function's
 * deadline and the key is refused, rather than the function timing out (the client's own call
 * timeout, ten seconds, is as long as the function's).
 */
class SlowApiKeyTableTest {

    /** What Lambda says is left of the invocation: far less than the DynamoDB client's own call timeout. */
    private static final Duration REMAINING = Duration.ofMillis(1500);

    private SilentServer slowTable;
    private DynamoDbJsonClient client;
    private AuthorizerHandler handler;

    @BeforeEach
    void start() throws IOException {
        // Stands in for DynamoDB: takes every request and answers none until the test ends.
        slowTable = SilentServer.start();
        client = DynamoDbJsonClient.fromEnvironment(Map.of("AWS_ENDPOINT_URL", slowTable.uri().toString(), "AWS_REGION", "us-east-1",
                "AWS_ACCESS_KEY_ID", "test", "AWS_SECRET_ACCESS_KEY", "test"));
        handler = new AuthorizerHandler(AuthorizerConfig.builder()
                .apiKeys(new DynamoDbApiKeyStore(client, "routes"))
                .credentialCacheTtl(Duration.ZERO)
                .build());
    }

    @AfterEach
    void stop() {
        slowTable.close();
    }

    private byte[] invoke(Map<String, Object> event) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(JSON.std.asBytes(event)), out, new RemainingTime(REMAINING));
        return out.toByteArray();
    }

    @Test
    void aRestApiKeyIsRefusedBeforeTheFunctionTimesOut() {
        long started = System.nanoTime();

        assertThatThrownBy(() -> invoke(Events.rest(Map.of("x-api-key", ApiKeys.generate()))))
                .isInstanceOf(UnauthorizedException.class);

        Duration took = Duration.ofNanos(System.nanoTime() - started);
        // It waited for the table, up to the deadline less the margin, and no longer.
        assertThat(took).isLessThan(REMAINING).isGreaterThan(REMAINING.minus(AuthorizerHandler.RESPONSE_MARGIN).minusMillis(100));
    }

    @Test
    void anHttpApiKeyIsRefusedBeforeTheFunctionTimesOut() throws IOException {
        long started = System.nanoTime();

        Map<String, Object> answer = JSON.std.mapFrom(invoke(Events.http(Map.of("x-api-key", ApiKeys.generate()))));

        assertThat(answer).containsEntry("isAuthorized", false);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(REMAINING);
    }

    /** A Lambda context with only what the handler reads: the request id and the time left. */
    private record RemainingTime(long deadlineMillis) implements Context {

        RemainingTime(Duration remaining) {
            this(System.currentTimeMillis() + remaining.toMillis());
        }

        @Override
        public int getRemainingTimeInMillis() {
            return (int) Math.max(0, deadlineMillis - System.currentTimeMillis());
        }

        @Override
        public String getAwsRequestId() {
            return "lambda-request-1";
        }

        @Override
        public String getLogGroupName() {
            return null;
        }

        @Override
        public String getLogStreamName() {
            return null;
        }

        @Override
        public String getFunctionName() {
            return "lambassador-authorizer";
        }

        @Override
        public String getFunctionVersion() {
            return "$LATEST";
        }

        @Override
        public String getInvokedFunctionArn() {
            return null;
        }

        @Override
        public CognitoIdentity getIdentity() {
            return null;
        }

        @Override
        public ClientContext getClientContext() {
            return null;
        }

        @Override
        public int getMemoryLimitInMB() {
            return 1024;
        }

        @Override
        public LambdaLogger getLogger() {
            return null;
        }
    }
}
