package dev.lambassador.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lambassador.testing.MotoServer;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Signatures checked by a DynamoDB API that checks them: a moto_server with IAM authentication, an IAM
 * user and access key made through its first unauthenticated calls, then every request verified.
 */
class DynamoDbJsonClientSignatureTest {

    private static MotoServer moto;
    private static AwsCredentials key;

    @BeforeAll
    static void startMotoWithAnIamUser() throws Exception {
        // Four: the readiness probe's request counts as one, then the three that make the user.
        moto = MotoServer.startCheckingSignatures(4);
        iam("CreateUser", Map.of("UserName", "router"));
        String created = iam("CreateAccessKey", Map.of("UserName", "router"));
        iam("PutUserPolicy", Map.of("UserName", "router", "PolicyName", "tables", "PolicyDocument",
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"dynamodb:*\",\"Resource\":\"*\"}]}"));
        key = new AwsCredentials(element(created, "AccessKeyId"), element(created, "SecretAccessKey"), null);
    }

    @AfterAll
    static void stop() {
        if (moto != null) {
            moto.close();
        }
    }

    private static String iam(String action, Map<String, String> parameters) throws IOException, InterruptedException {
        StringBuilder form = new StringBuilder("Action=" + action + "&Version=2010-05-08");
        parameters.forEach((name, value) -> form.append('&').append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(moto.endpoint())
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Authorization", "AWS4-HMAC-SHA256 Credential=setup/20260101/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=0")
                    .POST(HttpRequest.BodyPublishers.ofString(form.toString())).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(action + ": " + answer.body()).isEqualTo(200);
            return answer.body();
        }
    }

    private static String element(String xml, String name) {
        Matcher matcher = Pattern.compile("<" + name + ">([^<]+)</" + name + ">").matcher(xml);
        assertThat(matcher.find()).as(name + " in " + xml).isTrue();
        return matcher.group(1);
    }

    private static DynamoDbJsonClient client(AwsCredentials credentials) {
        return new DynamoDbJsonClient(moto.endpoint(), "us-east-1", () -> credentials);
    }

    @Test
    void signedRequestsAreAccepted() {
        DynamoDbJsonClient client = client(key);
        client.call("CreateTable", Map.of("TableName", "signed",
                "AttributeDefinitions", List.of(Map.of("AttributeName", "kind", "AttributeType", "S"),
                        Map.of("AttributeName", "id", "AttributeType", "S")),
                "KeySchema", List.of(Map.of("AttributeName", "kind", "KeyType", "HASH"), Map.of("AttributeName", "id", "KeyType", "RANGE")),
                "BillingMode", "PAY_PER_REQUEST"));

        assertThat(TableRevision.bump(client, "signed")).isEqualTo(1);
        assertThat(TableRevision.read(client, "signed")).startsWith("1 ");
        assertThat(client.getItem(Map.of("TableName", "signed", "Key", DynamoDbJson.fromJava(Map.of("kind", "route", "id", "caf\u00e9"))),
                Instant.MAX)).isEmpty();
    }

    @Test
    void aWrongSecretIsRefused() {
        DynamoDbJsonClient wrong = client(new AwsCredentials(key.accessKeyId(), key.secretAccessKey() + "x", null));

        assertThatThrownBy(() -> TableRevision.read(wrong, "signed"))
                .isInstanceOf(DynamoDbException.class)
                .hasMessageContaining("DynamoDB GetItem on table signed")
                .hasMessageContaining("HTTP 403")
                .hasMessageContaining("Signature");
    }
}
