package dev.lambassador.core.transform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lambassador.core.Gateway;
import dev.lambassador.core.GatewayRequest;
import dev.lambassador.core.GatewayResponse;
import dev.lambassador.core.Headers;
import dev.lambassador.core.backend.BackendClient;
import dev.lambassador.core.backend.HttpBackend;
import dev.lambassador.core.backend.HttpForwarder;
import dev.lambassador.core.route.QueryString;
import dev.lambassador.core.route.RouteTable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The transform filters at work on a route, against a backend that records what it was sent. */
class TransformFiltersTest {

    private final List<GatewayRequest> received = new ArrayList<>();
    /** What the backend answers. */
    private GatewayResponse answer = new GatewayResponse(201, Headers.of("X-Backend", "yes"), "created".getBytes(StandardCharsets.UTF_8));

    private static Map<String, Object> filter(String name, Object... args) {
        Map<String, Object> map = new HashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            map.put((String) args[i], args[i + 1]);
        }
        return Map.of("name", name, "args", map);
    }

    private Gateway gateway(List<Map<String, ?>> items) {
        RouteTable.Compiled compiled = RouteTable.compileItems(items);
        assertThat(compiled.rejected()).isEmpty();
        return Gateway.builder().routes(compiled.table()).backendClient(BackendClient.of(HttpBackend.TYPE, (request, exchange, backend) -> {
            received.add(request);
            return answer;
        })).build();
    }

    private GatewayResponse call(Map<String, Object> filter, String path, String rawQuery, Headers headers, String body) {
        Gateway gateway = gateway(List.of(Map.of("id", "r", "path", "/r/{id}", "backend", "http://b", "auth", "none",
                "filters", List.of(filter))));
        return gateway.handle(new GatewayRequest("POST", path, rawQuery, QueryString.parse(rawQuery), headers,
                body.getBytes(StandardCharsets.UTF_8), "", "req-3", Map.of()));
    }

    private GatewayResponse call(Map<String, Object> filter, String rawQuery, Headers headers) {
        return call(filter, "/r/1", rawQuery, headers, "");
    }

    private GatewayRequest forwarded() {
        assertThat(received).hasSize(1);
        return received.getFirst();
    }

    private static Map<String, Object> requestFilter(String name) {
        return switch (name) {
            case "setRequestHeader" -> filter(name, "name", "X-New", "value", "v");
            case "addRequestHeader" -> filter(name, "name", "X-New", "value", "v");
            case "removeRequestHeader" -> filter(name, "name", "X-Old");
            case "renameRequestHeader" -> filter(name, "from", "X-Old", "to", "X-New");
            case "setQueryParameter" -> filter(name, "name", "a", "value", "v");
            case "addQueryParameter" -> filter(name, "name", "a", "value", "v");
            case "removeQueryParameter" -> filter(name, "name", "a");
            case "renameQueryParameter" -> filter(name, "from", "a", "to", "b");
            case "stripPrefix" -> filter(name, "parts", 1);
            case "prefixPath" -> filter(name, "prefix", "/svc");
            case "rewritePath" -> filter(name, "path", "/x/${path.id}");
            case "transformRequestJson" -> filter(name, "operations", List.of(Map.of("op", "remove", "path", "/a")));
            default -> throw new IllegalArgumentException(name);
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"setRequestHeader", "addRequestHeader", "removeRequestHeader", "renameRequestHeader", "setQueryParameter",
            "addQueryParameter", "removeQueryParameter", "renameQueryParameter", "stripPrefix", "prefixPath", "rewritePath",
            "transformRequestJson"})
    void aRequestFilterHandsTheBackendsAnswerBack(String name) {
        GatewayResponse response = call(requestFilter(name), "a=1", Headers.of("X-Old", "o"));

        assertThat(response.status()).isEqualTo(201);
        assertThat(response.bodyAsString()).isEqualTo("created");
    }

    @ParameterizedTest
    @ValueSource(strings = {"removeRequestHeader", "renameRequestHeader", "removeQueryParameter", "renameQueryParameter"})
    void aRequestFilterWithNothingToDoHandsTheBackendsAnswerBack(String name) {
        GatewayResponse response = call(requestFilter(name), "", Headers.EMPTY);

        assertThat(response.status()).isEqualTo(201);
        assertThat(forwarded().headers().contains("X-New")).isFalse();
    }

    @Test
    void aQueryTheFiltersDoNotTouchReachesTheBackendAsSent() {
        call(filter("removeQueryParameter", "name", "c"), "a=1&&b=2", Headers.EMPTY);

        assertThat(forwarded().rawQuery()).isEqualTo("a=1&&b=2");
    }

    @Test
    void aRenameOfAnAbsentParameterLeavesTheQueryAsSent() {
        call(filter("renameQueryParameter", "from", "c", "to", "b"), "a=1&&b=2", Headers.EMPTY);

        assertThat(forwarded().rawQuery()).isEqualTo("a=1&&b=2");
    }

    @Test
    void aPairWithoutANameIsNotTakenForOneNamedAfterItsValue() {
        call(filter("removeQueryParameter", "name", "=v"), "=v&x=1", Headers.EMPTY);

        assertThat(forwarded().rawQuery()).isEqualTo("=v&x=1");
    }

    @Test
    void aPrefixWithATrailingSlashAddsNoEmptySegment() {
        call(filter("prefixPath", "prefix", "/svc/"), "", Headers.EMPTY);

        assertThat(forwarded().path()).isEqualTo("/svc/r/1");
    }

    @Test
    void aShortRewrittenPathIsFilled() {
        call(filter("rewritePath", "path", "/x/${path.id}"), "", Headers.EMPTY);

        assertThat(forwarded().path()).isEqualTo("/x/1");
    }

    @Test
    void aRewriteNeedingAValueTheRequestLacksIs400AndCallsNoBackend() {
        GatewayResponse response = call(filter("rewritePath", "path", "/files/${header.x-name}"), "", Headers.EMPTY);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.bodyAsString()).contains("needs a value the request does not have");
        assertThat(received).isEmpty();
    }

    @Test
    void aDollarSignAtTheEndOfAValueIsText() {
        call(filter("setRequestHeader", "name", "X-Price", "value", "in $"), "", Headers.EMPTY);

        assertThat(forwarded().headers().first("X-Price")).hasValue("in $");
    }

    @Test
    void aRenderedValueThatStartsWithAControlCharacterIsRefusedWith400() {
        GatewayResponse response = call(filter("setRequestHeader", "name", "X-Page", "value", "${query.page}"), "page=%0A1", Headers.EMPTY);

        assertThat(response.status()).isEqualTo(400);
        assertThat(received).isEmpty();
    }

    @Test
    void aVersionsFiltersCanNameTheApiAndTheVersion() {
        Gateway gateway = gateway(List.of(
                Map.of("kind", "api", "id", "orders", "basePath", "/orders", "defaultVersion", "v2", "auth", "none"),
                Map.of("kind", "version", "id", "orders:v2", "backend", "http://orders", "filters", List.of(
                        filter("setRequestHeader", "name", "X-Served-By", "value", "${api}/${version}")))));

        gateway.handle(new GatewayRequest("GET", "/orders", "", Map.of(), Headers.EMPTY, null, "", "req-3", Map.of()));

        assertThat(forwarded().headers().first("X-Served-By")).hasValue("orders/v2");
    }

    @Test
    void aTemplateWithoutVariablesIsConstant() {
        assertThat(Template.parse("tenant-$${x}").isConstant()).isTrue();
        assertThat(Template.parse("").isConstant()).isTrue();
    }

    @Test
    void aTemplateWithAVariableIsNotConstant() {
        assertThat(Template.parse("tenant-${requestId}").isConstant()).isFalse();
    }

    @Test
    void aRequestBodyThatIsNotJsonPassesAndTheAnswerComesBack() {
        GatewayResponse response = call(requestFilter("transformRequestJson"), "/r/1", "", Headers.of("Content-Type", "text/plain"), "a,b");

        assertThat(response.status()).isEqualTo(201);
        assertThat(new String(forwarded().body(), StandardCharsets.UTF_8)).isEqualTo("a,b");
    }

    /** A compact JSON object of exactly {@code size} bytes, which an operation that finds nothing writes back as it was. */
    private static String jsonOfSize(long size) {
        return "{\"a\":\"" + "x".repeat((int) size - 8) + "\"}";
    }

    @Test
    void aTransformedRequestBodyMayBeAsLargeAsLambdaTakes() {
        GatewayResponse response = call(filter("transformRequestJson", "operations", List.of(Map.of("op", "remove", "path", "/b"))),
                "/r/1", "", Headers.of("Content-Type", "application/json"), jsonOfSize(TransformRequestJson.MAX_BODY_BYTES));

        assertThat(response.status()).isEqualTo(201);
        assertThat(forwarded().body()).hasSize(TransformRequestJson.MAX_BODY_BYTES);
    }

    @Test
    void aTransformedRequestBodyLargerThanLambdaTakesIs413() {
        GatewayResponse response = call(filter("transformRequestJson", "operations", List.of(Map.of("op", "remove", "path", "/b"))),
                "/r/1", "", Headers.of("Content-Type", "application/json"), jsonOfSize(TransformRequestJson.MAX_BODY_BYTES + 1));

        assertThat(response.status()).isEqualTo(413);
        assertThat(received).isEmpty();
    }

    @Test
    void anAnswerThatIsNotJsonComesBackAsItWas() {
        answer = new GatewayResponse(200, Headers.of("Content-Type", "text/plain"), "a,b".getBytes(StandardCharsets.UTF_8));

        GatewayResponse response = call(filter("transformResponseJson", "operations", List.of(Map.of("op", "remove", "path", "/a"))),
                "", Headers.EMPTY);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.bodyAsString()).isEqualTo("a,b");
    }

    @Test
    void aTransformedAnswerMayBeAsLargeAsTheGatewayReturns() {
        answer = new GatewayResponse(200, Headers.of("Content-Type", "application/json"),
                jsonOfSize(HttpForwarder.MAX_RESPONSE_BODY_BYTES).getBytes(StandardCharsets.UTF_8));

        GatewayResponse response = call(filter("transformResponseJson", "operations", List.of(Map.of("op", "remove", "path", "/b"))),
                "", Headers.EMPTY);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).hasSize((int) HttpForwarder.MAX_RESPONSE_BODY_BYTES);
    }

    @Test
    void aTransformedAnswerLargerThanTheGatewayReturnsIs502() {
        answer = new GatewayResponse(200, Headers.of("Content-Type", "application/json"),
                jsonOfSize(HttpForwarder.MAX_RESPONSE_BODY_BYTES + 1).getBytes(StandardCharsets.UTF_8));

        GatewayResponse response = call(filter("transformResponseJson", "operations", List.of(Map.of("op", "remove", "path", "/b"))),
                "", Headers.EMPTY);

        assertThat(response.status()).isEqualTo(502);
        assertThat(response.bodyAsString()).contains("too large");
    }
}
