package dev.lambassador.core.transform;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.lambassador.core.Gateway;
import dev.lambassador.core.GatewayRequest;
import dev.lambassador.core.GatewayResponse;
import dev.lambassador.core.Headers;
import dev.lambassador.core.auth.Caller;
import dev.lambassador.core.route.InvalidRouteException;
import dev.lambassador.core.route.Problems;
import dev.lambassador.core.route.QueryString;
import dev.lambassador.core.route.RouteDefinition;
import dev.lambassador.core.route.RouteTable;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TransformsTest {

    @RegisterExtension
    static final WireMockExtension backend = WireMockExtension.newInstance()
            .options(options().dynamicPort().bindAddress("127.0.0.1")).build();

    private static final Caller ALICE = new Caller(Caller.Kind.JWT, "alice", "web", Set.of("orders:read", "orders:write"), "gold",
            "https://issuer");

    private static Map<String, Object> filter(String name, Object... args) {
        Map<String, Object> map = new HashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            map.put((String) args[i], args[i + 1]);
        }
        return Map.of("name", name, "args", map);
    }

    private static GatewayResponse call(String path, List<Map<String, Object>> filters, String method, String rawQuery,
                                        Headers headers, String body) {
        Map<String, Object> route = new HashMap<>(Map.of("id", "r", "path", "/orders/{id}/{rest+}", "backend", backend.baseUrl(),
                "auth", "none", "filters", filters));
        RouteTable.Compiled compiled = RouteTable.compileItems(List.of(route));
        assertThat(compiled.rejected()).isEmpty();
        GatewayRequest request = new GatewayRequest(method, path, rawQuery, QueryString.parse(rawQuery), headers,
                body.getBytes(StandardCharsets.UTF_8), "203.0.113.9", "req-9", ALICE.toContext());
        return Gateway.builder().routes(compiled.table()).build().handle(request);
    }

    private static GatewayResponse get(String path, Map<String, Object> filter, Headers headers) {
        return call(path, List.of(filter), "GET", "", headers, "");
    }

    private static LoggedRequest received() {
        assertThat(backend.getAllServeEvents()).as("the backend was called once").hasSize(1);
        return backend.getAllServeEvents().getFirst().getRequest();
    }

    private static void answer(int status, String contentType, String body) {
        backend.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(status).withHeader("Content-Type", contentType).withBody(body)));
    }

    @Test
    void setRequestHeaderFillsTemplatesFromTheRequestAndTheCaller() {
        answer(200, "text/plain", "ok");
        call("/orders/42/items", List.of(filter("setRequestHeader", "name", "X-Context",
                        "value", "${caller.subject}/${caller.consumer}/${caller.plan}/${path.id}/${path.rest}/${query.page}/${header.x-tenant}/${requestId}/$${literal}")),
                "GET", "page=3", Headers.of("X-Tenant", "acme"), "");

        assertThat(received().getHeader("X-Context")).isEqualTo("alice/web/gold/42/items/3/acme/req-9/${literal}");
    }

    @Test
    void aValueNamingSomethingAbsentRemovesTheHeaderRatherThanLetTheClientsCopyThrough() {
        answer(200, "text/plain", "ok");
        get("/orders/42/x", filter("setRequestHeader", "name", "X-Tenant", "value", "${header.x-real-tenant}"),
                Headers.of("X-Tenant", "forged"));

        assertThat(received().containsHeader("X-Tenant")).isFalse();
    }

    @Test
    void addRemoveAndRenameRequestHeaders() {
        answer(200, "text/plain", "ok");
        call("/orders/1/x", List.of(
                filter("addRequestHeader", "name", "X-Via", "value", "gateway"),
                filter("removeRequestHeader", "name", "Cookie"),
                filter("renameRequestHeader", "from", "X-Old", "to", "X-New"),
                filter("addRequestHeader", "name", "X-Absent", "value", "${query.nope}")), "GET", "",
                Headers.of("X-Via", "client", "Cookie", "session=1", "X-Old", "a", "X-New", "stale"), "");

        LoggedRequest request = received();
        assertThat(request.getHeaders().getHeader("X-Via").values()).containsExactly("client", "gateway");
        assertThat(request.containsHeader("Cookie")).isFalse();
        assertThat(request.containsHeader("X-Old")).isFalse();
        assertThat(request.getHeaders().getHeader("X-New").values()).containsExactly("a");
        assertThat(request.containsHeader("X-Absent")).isFalse();
    }

    @Test
    void theGatewaysCallerHeaderCanBeRenamedForALegacyBackend() {
        answer(200, "text/plain", "ok");
        RouteTable table = RouteTable.compileItems(List.of(Map.of("id", "r", "path", "/r", "backend", backend.baseUrl(),
                "filters", List.of(filter("renameRequestHeader", "from", "X-Authenticated-Subject", "to", "X-User"))))).table();
        Gateway.builder().routes(table).afterRouting(new dev.lambassador.core.auth.AuthFilter(dev.lambassador.core.auth.RouteAuth.ANY))
                .build().handle(new GatewayRequest("GET", "/r", "", Map.of(), Headers.of("X-User", "forged"), null, "", "r",
                        ALICE.toContext()));

        assertThat(received().getHeader("X-User")).isEqualTo("alice");
        assertThat(received().containsHeader("X-Authenticated-Subject")).isFalse();
    }

    @Test
    void aValueWithAControlCharacterIsRefusedWith400() {
        GatewayResponse injected = call("/orders/1/x", List.of(filter("setRequestHeader", "name", "X-Page", "value", "${query.page}")),
                "GET", "page=1%0D%0AX-Injected:%201", Headers.EMPTY, "");

        assertThat(injected.status()).isEqualTo(400);
        assertThat(injected.bodyAsString()).contains("X-Page would carry a control character");
    }

    @Test
    void filtersThatWouldSetTheGatewaysOwnHeadersOrHostAreRefusedAtLoad() {
        for (Map<String, Object> bad : List.of(
                filter("setRequestHeader", "name", "X-Consumer-Id", "value", "x"),
                filter("addRequestHeader", "name", "x_authenticated_subject", "value", "x"),
                filter("renameRequestHeader", "from", "X-A", "to", "X-Api-Key"),
                filter("setRequestHeader", "name", "Host", "value", "evil"),
                filter("setRequestHeader", "name", "X-A", "value", "a\r\nB: c"),
                filter("setRequestHeader", "name", "X-A", "value", "${nope}"),
                filter("setRequestHeader", "name", "X-A", "value", "${header.x"))) {
            assertThatThrownBy(() -> RouteDefinition.fromItem(Map.of("id", "r", "path", "/r", "backend", "http://b",
                    "filters", List.of(bad)), "item")).as(bad.toString()).isInstanceOf(InvalidRouteException.class);
        }
    }

    @Test
    void pathFilters() {
        answer(200, "text/plain", "ok");
        call("/orders/a%20b/x/y", List.of(filter("rewritePath", "path", "/api/v2/orders/${path.id}/lines/${path.rest}"),
                filter("prefixPath", "prefix", "/svc")), "GET", "q=1", Headers.EMPTY, "");

        assertThat(received().getUrl()).isEqualTo("/svc/api/v2/orders/a%20b/lines/x/y?q=1");
    }

    @Test
    void aRewriteCannotAddSegmentsFromAHeader() {
        GatewayResponse response = get("/orders/1/x", filter("rewritePath", "path", "/files/${header.x-name}"),
                Headers.of("X-Name", "../../admin"));

        assertThat(response.status()).isEqualTo(400);
        assertThat(backend.getAllServeEvents()).isEmpty();
    }

    @Test
    void queryFiltersKeepTheEncodingOfWhatTheyDoNotTouch() {
        answer(200, "text/plain", "ok");
        call("/orders/1/x", List.of(
                filter("setQueryParameter", "name", "tenant", "value", "${caller.consumer}"),
                filter("addQueryParameter", "name", "tag", "value", "a b"),
                filter("removeQueryParameter", "name", "debug"),
                filter("renameQueryParameter", "from", "q", "to", "search")),
                "GET", "q=x%2Fy&tenant=forged&debug=1&keep=%7E&tag=first", Headers.EMPTY, "");

        assertThat(received().getUrl()).isEqualTo("/orders/1/x?search=x%2Fy&keep=%7E&tag=first&tenant=web&tag=a%20b");
    }

    @Test
    void nestedJsonRequestBodiesAreReshapedAndNumbersKeepTheirText() {
        answer(200, "text/plain", "ok");
        call("/orders/1/x", List.of(filter("transformRequestJson", "operations", List.of(
                        Map.of("op", "move", "from", "/order/customer", "path", "/order/client"),
                        Map.of("op", "remove", "path", "/order/internal"),
                        Map.of("op", "add", "path", "/meta/requestedBy", "template", "${caller.subject}"),
                        Map.of("op", "add", "path", "/meta/version", "value", 2),
                        Map.of("op", "move", "from", "/absent", "path", "/elsewhere"),
                        Map.of("op", "wrap", "path", "/data")))),
                "POST", "", Headers.of("Content-Type", "application/json; charset=utf-8"),
                "{\"order\":{\"customer\":{\"name\":\"Ann\"},\"internal\":true,\"total\":1.10}}");

        assertThat(received().getBodyAsString()).isEqualTo(
                "{\"data\":{\"order\":{\"total\":1.10,\"client\":{\"name\":\"Ann\"}},\"meta\":{\"requestedBy\":\"alice\",\"version\":2}}}");
    }

    @Test
    void aBodyThatIsNotJsonPassesByteForByteUnlessItClaimsToBeJson() {
        answer(200, "text/plain", "ok");
        List<Map<String, Object>> transform = List.of(filter("transformRequestJson", "operations",
                List.of(Map.of("op", "remove", "path", "/a"))));
        call("/orders/1/x", transform, "POST", "", Headers.of("Content-Type", "text/csv"), "{not json, \"a\":1");
        assertThat(received().getBodyAsString()).isEqualTo("{not json, \"a\":1");

        GatewayResponse claimed = call("/orders/1/x", transform, "POST", "", Headers.of("Content-Type", "application/json"), "{not json");
        assertThat(claimed.status()).isEqualTo(400);
        assertThat(claimed.bodyAsString()).contains("not valid JSON");
    }

    @Test
    void jsonResponsesAreReshapedForTheClient() {
        answer(200, "application/json", "{\"data\":{\"id\":7,\"secret\":\"x\",\"nested\":{\"old\":1}}}");
        GatewayResponse response = call("/orders/1/x", List.of(filter("transformResponseJson", "operations", List.of(
                Map.of("op", "unwrap", "path", "/data"),
                Map.of("op", "remove", "path", "/secret"),
                Map.of("op", "move", "from", "/nested/old", "path", "/nested/new")))), "GET", "",
                Headers.of("Accept-Encoding", "gzip"), "");

        assertThat(response.bodyAsString()).isEqualTo("{\"id\":7,\"nested\":{\"new\":1}}");
        assertThat(received().containsHeader("Accept-Encoding")).as("asked uncompressed").isFalse();
    }

    @Test
    void aBackendAnswerThatClaimsJsonAndIsNotIs502() {
        answer(200, "application/json", "<html>oops</html>");
        GatewayResponse response = get("/orders/1/x", filter("transformResponseJson", "operations",
                List.of(Map.of("op", "remove", "path", "/a"))), Headers.EMPTY);

        assertThat(response.status()).isEqualTo(502);
        assertThat(response.bodyAsString()).contains("not valid JSON");
    }

    @Test
    void responseHeadersAndStatusesAreMapped() {
        backend.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(404).withHeader("Server", "internal/1.2")
                .withHeader("X-Trace", "t")));
        GatewayResponse response = call("/orders/1/x", List.of(
                filter("removeResponseHeader", "name", "Server"),
                filter("setResponseHeader", "name", "X-Served-Version", "value", "${path.id}"),
                filter("mapStatus", "statuses", Map.of("404", 410))), "GET", "", Headers.EMPTY, "");

        assertThat(response.status()).isEqualTo(410);
        assertThat(response.headers().contains("Server")).isFalse();
        assertThat(response.headers().first("X-Served-Version")).hasValue("1");
        assertThat(response.headers().first("X-Trace")).hasValue("t");
    }

    @Test
    void badJsonOperationsAreNamedByPosition() {
        Problems problems = new Problems();
        JsonOperations.parse(Map.of("operations", List.of(
                Map.of("op", "rename", "path", "/a"),
                Map.of("op", "move", "path", "/b"),
                Map.of("op", "add", "path", "b"),
                Map.of("op", "add", "path", "/c", "value", 1, "template", "x"))), problems);

        assertThat(problems.all()).extracting(Problems.Problem::field)
                .containsExactlyInAnyOrder("operations[0].op", "operations[1].from", "operations[2].path", "operations[3]");
    }
}
