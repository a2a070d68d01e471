package dev.lambassador.core.apigw;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.lambassador.core.GatewayRequest;
import dev.lambassador.core.GatewayResponse;
import dev.lambassador.core.Headers;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HttpApiEventsTest {

    @Test
    void readsRawPathRawQueryCookiesAndContext() throws Exception {
        GatewayRequest request = HttpApiEvents.toRequest(JSON.std.mapFrom("""
                {"version":"2.0","routeKey":"$default","rawPath":"/my/path","rawQueryString":"a=1&a=2&b=x+y%21",
                 "cookies":["c1=v1","c2=v2"],"headers":{"host":"api.example.com","accept":"a, b"},
                 "queryStringParameters":{"a":"1,2","b":"x y!"},
                 "requestContext":{"requestId":"r-2","http":{"method":"POST","path":"/my/path","sourceIp":"198.51.100.7"},
                   "authorizer":{"jwt":{"claims":{"sub":"alice"},"scopes":null}}},
                 "body":"eyJ4IjoxfQ==","isBase64Encoded":true}
                """), "fallback");

        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/my/path");
        assertThat(request.rawQuery()).isEqualTo("a=1&a=2&b=x+y%21");
        assertThat(request.query()).containsEntry("a", List.of("1", "2")).containsEntry("b", List.of("x y!"));
        assertThat(request.headers().first("Cookie")).contains("c1=v1; c2=v2");
        assertThat(request.host()).isEqualTo("api.example.com");
        assertThat(request.sourceIp()).isEqualTo("198.51.100.7");
        assertThat(request.authorizer()).containsEntry("sub", "alice");
        assertThat(new String(request.body())).isEqualTo("{\"x\":1}");
    }

    @Test
    void minimalEventUsesContextPath() throws Exception {
        GatewayRequest request = HttpApiEvents.toRequest(JSON.std.mapFrom("""
                {"version":"2.0","requestContext":{"http":{"method":"GET","path":"/p"}}}
                """), "fallback");

        assertThat(request.path()).isEqualTo("/p");
        assertThat(request.requestId()).isEqualTo("fallback");
    }

    @Test
    void namedStageIsStrippedFromThePath() throws Exception {
        GatewayRequest request = HttpApiEvents.toRequest(JSON.std.mapFrom("""
                {"version":"2.0","rawPath":"/prod/orders/1","requestContext":{"stage":"prod","http":{"method":"GET"}}}
                """), "id");
        GatewayRequest root = HttpApiEvents.toRequest(JSON.std.mapFrom("""
                {"version":"2.0","rawPath":"/prod","requestContext":{"stage":"prod","http":{"method":"GET"}}}
                """), "id");
        GatewayRequest defaultStage = HttpApiEvents.toRequest(JSON.std.mapFrom("""
                {"version":"2.0","rawPath":"/prod/orders","requestContext":{"stage":"$default","http":{"method":"GET"}}}
                """), "id");

        assertThat(request.path()).isEqualTo("/orders/1");
        assertThat(root.path()).isEqualTo("/");
        assertThat(defaultStage.path()).isEqualTo("/prod/orders");
    }

    @Test
    void queryParametersStandInForAnEmptyRawQuery() throws Exception {
        GatewayRequest request = HttpApiEvents.toRequest(JSON.std.mapFrom("""
                {"version":"2.0","rawPath":"/p","rawQueryString":"","queryStringParameters":{"q":"a b"},
                 "requestContext":{"http":{"method":"GET"}}}
                """), "id");

        assertThat(request.rawQuery()).isEqualTo("q=a%20b");
    }

    @Test
    void methodCaseIsKeptForTheGatewayToJudge() throws Exception {
        GatewayRequest request = HttpApiEvents.toRequest(JSON.std.mapFrom("""
                {"version":"2.0","rawPath":"/p","requestContext":{"http":{"method":"get"}}}
                """), "id");

        assertThat(request.method()).isEqualTo("get");
    }

    @Test
    void responsePutsSetCookieInCookiesAndJoinsOtherHeaders() throws Exception {
        GatewayResponse response = new GatewayResponse(200, Headers.of(
                "Set-Cookie", "a=1; Path=/", "Set-Cookie", "b=2", "Vary", "Accept", "Vary", "Origin"), new byte[0]);

        Map<String, Object> out = JSON.std.mapFrom(HttpApiEvents.toResponse(response));

        assertThat(out.get("cookies")).isEqualTo(List.of("a=1; Path=/", "b=2"));
        assertThat(out.get("headers")).isEqualTo(Map.of("Vary", "Accept,Origin"));
        assertThat(out).containsEntry("body", "").containsEntry("isBase64Encoded", false);
    }
}
