package dev.lambassador.bench.coldstart;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class RuntimeApiServerTest {

    private static final String BASE = "/2018-06-01/runtime/";

    private final HttpClient client = HttpClient.newHttpClient();

    private HttpResponse<String> get(RuntimeApiServer api, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://" + api.address() + BASE + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(RuntimeApiServer api, String path, String body) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://" + api.address() + BASE + path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void handsOutEventsWithTheRuntimeHeadersAndRecordsTheAnswers() throws Exception {
        byte[] event = "{\"path\":\"/\"}".getBytes(StandardCharsets.UTF_8);
        AtomicBoolean initDone = new AtomicBoolean();
        try (RuntimeApiServer api = RuntimeApiServer.start("router",
                List.of(new RuntimeApiServer.Invocation("id-1", event), new RuntimeApiServer.Invocation("id-2", event)),
                () -> initDone.set(true))) {
            HttpResponse<String> next = get(api, "invocation/next");

            assertThat(initDone).isTrue();
            assertThat(next.body()).isEqualTo("{\"path\":\"/\"}");
            assertThat(next.headers().firstValue("Lambda-Runtime-Aws-Request-Id")).hasValue("id-1");
            assertThat(next.headers().firstValue("Lambda-Runtime-Invoked-Function-Arn"))
                    .hasValue("arn:aws:lambda:us-east-1:123456789012:function:router");
            assertThat(Long.parseLong(next.headers().firstValue("Lambda-Runtime-Deadline-Ms").orElseThrow()))
                    .isGreaterThan(System.currentTimeMillis());
            assertThat(post(api, "invocation/id-1/response", "{\"statusCode\":200}").statusCode()).isEqualTo(202);
            get(api, "invocation/next");
            assertThat(post(api, "invocation/id-2/error", "{\"errorMessage\":\"boom\"}").statusCode()).isEqualTo(202);

            assertThat(api.await(Duration.ofSeconds(5))).isTrue();
            assertThat(api.answers()).extracting(RuntimeApiServer.Answer::requestId, RuntimeApiServer.Answer::error)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("id-1", false), org.assertj.core.groups.Tuple.tuple("id-2", true));
            assertThat(api.answers().getFirst().bodyText()).isEqualTo("{\"statusCode\":200}");
            assertThat(api.answers().getFirst().duration()).isPositive();
        }
    }

    @Test
    void initErrorEndsTheWait() throws Exception {
        try (RuntimeApiServer api = RuntimeApiServer.start("router", List.of(new RuntimeApiServer.Invocation("id-1", new byte[0])))) {
            assertThat(post(api, "init/error", "{\"errorMessage\":\"no table\"}").statusCode()).isEqualTo(202);

            assertThat(api.await(Duration.ofSeconds(5))).isTrue();
            assertThat(api.initError()).hasValueSatisfying(error -> assertThat(error).contains("no table"));
            assertThat(api.answers()).isEmpty();
        }
    }

    @Test
    void unknownCallsAreRefused() throws Exception {
        try (RuntimeApiServer api = RuntimeApiServer.start("router", List.of())) {
            assertThat(get(api, "restore/next").statusCode()).isEqualTo(404);
        }
    }
}
