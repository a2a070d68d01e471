package dev.lambassador.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@SuppressWarnings("unchecked")
class LocalEventsTest {

    private static final Instant TIME = Instant.parse("2026-11-29T12:00:00Z");

    private static LocalEvents.HttpCall call(String method, String path, String query, Map<String, List<String>> headers, String body) {
        return new LocalEvents.HttpCall(method, path, query, headers, body.getBytes(StandardCharsets.UTF_8),
                "127.0.0.1", 8080, "req-1", TIME);
    }

    private static Map<String, Object> sample(String file) throws Exception {
        return JSON.std.mapFrom(Files.readAllBytes(Path.of("../../events", file)));
    }

    @Test
    void restEventHasTheFieldsOfApiGatewaysSample() throws Exception {
        Map<String, Object> event = LocalEvents.restApi(call("GET", "/echo/hello", "name=world&tag=a&tag=b",
                Map.of("Accept", List.of("application/json"), "Host", List.of("localhost:8080")), ""));
        Map<String, Object> sample = sample("rest-v1-get.json");

        assertThat(event.keySet()).containsExactlyInAnyOrderElementsOf(sample.keySet());
        assertThat(((Map<String, Object>) event.get("requestContext")).keySet())
                .containsAll(((Map<String, Object>) sample.get("requestContext")).keySet());
        assertThat(event).containsEntry("resource", "/{proxy+}").containsEntry("path", "/echo/hello")
                .containsEntry("pathParameters", Map.of("proxy", "echo/hello"))
                .containsEntry("body", null).containsEntry("isBase64Encoded", false);
        assertThat(event.get("multiValueQueryStringParameters")).isEqualTo(Map.of("name", List.of("world"), "tag", List.of("a", "b")));
        assertThat(event.get("queryStringParameters")).isEqualTo(Map.of("name", "world", "tag", "b"));
        assertThat((Map<String, Object>) event.get("multiValueHeaders")).containsEntry("X-Forwarded-Proto", List.of("http"));
        assertThat((Map<String, Object>) event.get("requestContext")).containsEntry("requestTime", "29/Nov/2026:12:00:00 +0000")
                .containsEntry("path", "/local/echo/hello");
    }

    @Test
    void restEventForTheRootHasNoProxyParameterAndNullQueries() {
        Map<String, Object> event = LocalEvents.restApi(call("GET", "/", "", Map.of(), ""));

        assertThat(event).containsEntry("resource", "/").containsEntry("pathParameters", null)
                .containsEntry("queryStringParameters", null).containsEntry("multiValueQueryStringParameters", null);
    }

    @Test
    void restEventBodiesAreBase64AsWithBinaryMediaTypeAny() {
        Map<String, Object> event = LocalEvents.restApi(call("POST", "/x", "", Map.of("Content-type", List.of("text/plain")), "héllo"));

        assertThat(event).containsEntry("isBase64Encoded", true)
                .containsEntry("body", Base64.getEncoder().encodeToString("héllo".getBytes(StandardCharsets.UTF_8)));
        assertThat((Map<String, Object>) event.get("headers")).containsKey("Content-Type");
    }

    @Test
    void httpEventHasTheFieldsOfApiGatewaysSample() throws Exception {
        Map<String, Object> event = LocalEvents.httpApi(call("POST", "/echo/orders", "dry-run=true&tag=a&tag=b",
                Map.of("Content-type", List.of("application/json"), "Cookie", List.of("session=abc123; theme=dark"),
                        "Host", List.of("localhost:8080")), "{\"item\":\"book\"}"));
        Map<String, Object> sample = sample("http-v2-post.json");

        assertThat(event.keySet()).containsExactlyInAnyOrderElementsOf(sample.keySet());
        assertThat(event).containsEntry("cookies", List.of("session=abc123", "theme=dark"))
                .containsEntry("rawQueryString", "dry-run=true&tag=a&tag=b")
                .containsEntry("body", "{\"item\":\"book\"}").containsEntry("isBase64Encoded", false);
        assertThat((Map<String, Object>) event.get("headers")).containsEntry("content-type", "application/json").doesNotContainKey("cookie");
        assertThat(event.get("queryStringParameters")).isEqualTo(Map.of("dry-run", "true", "tag", "a,b"));
        Map<String, Object> http = (Map<String, Object>) ((Map<String, Object>) event.get("requestContext")).get("http");
        assertThat(http.keySet()).containsExactlyInAnyOrderElementsOf(
                ((Map<String, Object>) ((Map<String, Object>) sample.get("requestContext")).get("http")).keySet());
    }

    @Test
    void httpEventBase64EncodesBinaryBodies() {
        Map<String, Object> event = LocalEvents.httpApi(new LocalEvents.HttpCall("PUT", "/f", "",
                Map.of("Content-Type", List.of("application/octet-stream")), new byte[] {0, (byte) 0xff}, "::1", 8080, "r", TIME));

        assertThat(event).containsEntry("isBase64Encoded", true).containsEntry("body", "AP8=");
    }
}
