package dev.lambassador.core.apigw;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.lambassador.core.Exchange;
import dev.lambassador.core.Gateway;
import dev.lambassador.core.GatewayListener;
import dev.lambassador.core.GatewayResponse;
import dev.lambassador.core.route.RouteTable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ProxyIntegrationTest {

    private final List<String> ended = new ArrayList<>();
    private final ProxyIntegration integration = new ProxyIntegration(Gateway.builder()
            .routes(RouteTable.compileItems(List.of(Map.of("id", "r", "path", "/known", "methods", List.of("GET"),
                    "backend", "http://127.0.0.1:1"))).table())
            .listener(new GatewayListener() {
                @Override
                public void requestEnd(Exchange exchange, GatewayResponse response, Throwable failure) {
                    ended.add(exchange.original().requestId() + " " + response.status() + " "
                            + (failure == null ? "-" : failure.getMessage()));
                }
            })
            .build());

    private Map<String, Object> call(String event) throws Exception {
        return JSON.std.mapFrom(integration.handle(event.getBytes(StandardCharsets.ISO_8859_1), "lambda-id"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not json", "[1,2]", "null", "{\"httpMethod\":", "\"text\""})
    void malformedEventIs400InTheRestShape(String event) throws Exception {
        Map<String, Object> response = call(event);

        assertThat(response).containsEntry("statusCode", 400).containsKey("multiValueHeaders");
        assertThat((String) response.get("body")).contains("malformed event", "lambda-id");
        assertThat(ended).containsExactly("lambda-id 400 malformed event: not a UTF-8 JSON object");
    }

    @Test
    void nonUtf8EventIs400() throws Exception {
        Map<String, Object> response = call("{\"httpMethod\":\"GET\",\"path\":\"/\u00ff\u00fe\"}");

        assertThat(response).containsEntry("statusCode", 400);
        assertThat((String) response.get("body")).contains("not a UTF-8 JSON object");
    }

    @Test
    void httpApiEventsAreAnsweredInTheirOwnShape() throws Exception {
        Map<String, Object> response = call("""
                {"version":"2.0","rawPath":"/unknown","requestContext":{"requestId":"r","http":{"method":"GET"}}}
                """);

        assertThat(response).containsEntry("statusCode", 404).containsKey("headers").doesNotContainKey("multiValueHeaders");
    }

    @Test
    void wrongMethodIs405WithAllow() throws Exception {
        Map<String, Object> response = call("{\"httpMethod\":\"DELETE\",\"path\":\"/known\"}");

        assertThat(response).containsEntry("statusCode", 405);
        assertThat(response.get("multiValueHeaders")).asString().contains("Allow=[GET]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"TRACE", "CONNECT", "get", "ANY", "BREW"})
    void methodsOutsideTheKnownSetAre501(String method) throws Exception {
        Map<String, Object> response = call("{\"httpMethod\":\"" + method + "\",\"path\":\"/known\"}");

        assertThat(response).containsEntry("statusCode", 501);
        assertThat((String) response.get("body")).contains("is not supported");
    }

    @Test
    void wrongFieldTypeIsNamedInJsonTerms() throws Exception {
        Map<String, Object> response = call("{\"httpMethod\":\"GET\",\"path\":\"/known\",\"headers\":[1]}");

        assertThat((String) response.get("body")).contains("'headers' must be an object, was an array");
    }

    @Test
    void dotSegmentsAre400() throws Exception {
        Map<String, Object> response = call("{\"httpMethod\":\"GET\",\"path\":\"/known/../admin\"}");

        assertThat(response).containsEntry("statusCode", 400);
        assertThat((String) response.get("body")).contains("dot segment");
    }

    @Test
    void malformedEventIsAnsweredUnderTheEventsOwnRequestId() throws Exception {
        Map<String, Object> response = call("""
                {"httpMethod":"GET","path":"/known","headers":[1],"requestContext":{"requestId":"apigw-id"}}""");

        assertThat(response).containsEntry("statusCode", 400);
        assertThat((String) response.get("body")).contains("\"requestId\":\"apigw-id\"").doesNotContain("lambda-id");
        assertThat(response.get("multiValueHeaders")).asString().contains("X-Request-Id=[apigw-id]");
        assertThat(ended).containsExactly("apigw-id 400 malformed event: 'headers' must be an object, was an array");
    }

    @Test
    void malformedEventWithAnUnreadableRequestIdIsAnsweredUnderTheLambdaRequestId() throws Exception {
        Map<String, Object> response = call("""
                {"httpMethod":"GET","path":"/known","requestContext":{"requestId":42}}""");

        assertThat(response).containsEntry("statusCode", 400);
        assertThat((String) response.get("body")).contains("\"requestId\":\"lambda-id\"");
    }
}
