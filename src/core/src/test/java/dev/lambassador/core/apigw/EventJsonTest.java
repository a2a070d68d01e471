package dev.lambassador.core.apigw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EventJsonTest {

    @ParameterizedTest
    @ValueSource(strings = {"not json", "[]", "null", "", "\"text\""})
    void onlyAJsonObjectIsAnEvent(String json) {
        assertThat(EventJson.read(json.getBytes(StandardCharsets.UTF_8))).isEmpty();
    }

    @Test
    void eventIsReadAsAMapAndAnswersAreWrittenAsJson() {
        assertThat(EventJson.read("{\"version\":\"2.0\"}".getBytes(StandardCharsets.UTF_8))).contains(Map.of("version", "2.0"));
        assertThat(new String(EventJson.write(Map.of("isAuthorized", false)), StandardCharsets.UTF_8)).isEqualTo("{\"isAuthorized\":false}");
    }

    /** The buffers are shared by all threads through a pool: no request may see another's bytes. */
    @Test
    void manyRequestsAtOnceEachReadAndWriteTheirOwnEvent() throws Exception {
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                // Long enough to fill jackson's buffers more than once.
                String value = i + "-" + "x".repeat(3_000 + 37 * i);
                answers.add(threads.submit(() -> {
                    Map<String, Object> event = EventJson.read(EventJson.write(Map.of("requestId", value))).orElseThrow();
                    return (String) event.get("requestId");
                }));
            }
            for (int i = 0; i < answers.size(); i++) {
                assertThat(answers.get(i).get()).isEqualTo(i + "-" + "x".repeat(3_000 + 37 * i));
            }
        }
    }

    @Test
    void payloadOneHeadersAreTakenFromTheMultiValueMapWhenThereIsOne() {
        Map<String, Object> event = Map.of(
                "headers", Map.of("Accept", "text/html"),
                "multiValueHeaders", Map.of("Accept", List.of("application/json", "text/html")));

        assertThat(EventJson.headers(event, PayloadVersion.V1).all("accept")).containsExactly("application/json", "text/html");
        assertThat(EventJson.headers(Map.of("headers", Map.of("Accept", "text/html")), PayloadVersion.V1).all("accept"))
                .containsExactly("text/html");
    }

    @Test
    void payloadTwoHeadersAreTheSingleValueMap() {
        Map<String, Object> event = Map.of(
                "headers", Map.of("accept", "application/json,text/html"),
                "multiValueHeaders", Map.of("accept", List.of("ignored")));

        assertThat(EventJson.headers(event, PayloadVersion.V2).all("Accept")).containsExactly("application/json,text/html");
    }

    @Test
    void requestIdIsTheEventsOrElseTheFallback() {
        assertThat(EventJson.requestId(Map.of("requestContext", Map.of("requestId", "abc")), "lambda")).isEqualTo("abc");
        assertThat(EventJson.requestId(Map.of("requestContext", Map.of("requestId", "")), "lambda")).isEqualTo("lambda");
        assertThat(EventJson.requestId(Map.of(), "lambda")).isEqualTo("lambda");
    }

    @Test
    void fieldOfTheWrongTypeIsAMalformedEventThatNamesIt() {
        assertThatThrownBy(() -> EventJson.headers(Map.of("headers", Map.of("accept", 1)), PayloadVersion.V2))
                .isInstanceOfSatisfying(MalformedEventException.class, e -> assertThat(e.status()).isEqualTo(400))
                .hasMessage("malformed event: 'headers.accept' must be a string, was a number");
    }
}
