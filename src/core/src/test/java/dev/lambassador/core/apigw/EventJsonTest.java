package dev.lambassador.core.apigw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
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
