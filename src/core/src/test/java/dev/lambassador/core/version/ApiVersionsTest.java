package dev.lambassador.core.version;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.lambassador.core.Exchange;
import dev.lambassador.core.Gateway;
import dev.lambassador.core.GatewayListener;
import dev.lambassador.core.GatewayRequest;
import dev.lambassador.core.GatewayResponse;
import dev.lambassador.core.Headers;
import dev.lambassador.core.backend.BackendClient;
import dev.lambassador.core.backend.HttpBackend;
import dev.lambassador.core.route.QueryString;
import dev.lambassador.core.route.RouteTable;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ApiVersionsTest {

    /** What the client was asked to call: the backend's URL and the path as the filters left it. */
    private final List<String> called = new ArrayList<>();
    private final List<Exchange> exchanges = new ArrayList<>();

    private static Map<String, Object> api(Object... pairs) {
        Map<String, Object> item = new HashMap<>(Map.of("kind", "api", "id", "orders", "basePath", "/orders",
                "defaultVersion", "v2", "auth", "none"));
        for (int i = 0; i < pairs.length; i += 2) {
            item.put((String) pairs[i], pairs[i + 1]);
        }
        return item;
    }

    private static Map<String, Object> version(String id, Object... pairs) {
        Map<String, Object> item = new HashMap<>(Map.of("kind", "version", "id", id, "backend", "http://" + id.replace(':', '-')));
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i + 1] == null) {
                item.remove((String) pairs[i]);
            } else {
                item.put((String) pairs[i], pairs[i + 1]);
            }
        }
        return item;
    }

    private static final List<Map<String, Object>> ORDERS = List.of(
            api(),
            version("orders:v1", "aliases", List.of("1"), "status", "deprecated", "deprecation", "2026-01-01",
                    "sunset", "2026-12-31T00:00:00Z", "link", "https://docs.example.com/orders/v2-migration"),
            version("orders:v2", "aliases", List.of("2", "2025-06-01")),
            version("orders:v0", "status", "retired", "backend", null, "link", "https://docs.example.com/orders"));

    private Gateway gateway(List<Map<String, Object>> items) {
        RouteTable.Compiled compiled = RouteTable.compileItems(items);
        return gateway(compiled.table());
    }

    private Gateway gateway(RouteTable table) {
        return Gateway.builder().routes(table).backendClient(BackendClient.of(HttpBackend.TYPE, (request, exchange, backend) -> {
            called.add(((HttpBackend) backend).url() + " " + request.path());
            exchanges.add(exchange);
            return new GatewayResponse(200, Headers.of("Content-Type", "text/plain"), "ok".getBytes());
        })).build();
    }

    private static GatewayRequest request(String path, Headers headers) {
        int question = path.indexOf('?');
        String rawQuery = question < 0 ? "" : path.substring(question + 1);
        return new GatewayRequest("GET", question < 0 ? path : path.substring(0, question), rawQuery, QueryString.parse(rawQuery),
                headers, null, "", "req-7", Map.of());
    }

    private GatewayResponse get(String path, String... headers) {
        return gateway(ORDERS).handle(request(path, Headers.of(headers)));
    }

    private static Map<String, Object> json(GatewayResponse response) throws Exception {
        return JSON.std.mapFrom(response.body());
    }

    @ParameterizedTest(name = "{0} {1}: {2}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "/v1/orders/42|-|http://orders-v1 /orders/42|path",
            "/1/orders/42|-|http://orders-v1 /orders/42|path",
            "/v2/orders|-|http://orders-v2 /orders|path",
            "/orders/42|Api-Version: 1|http://orders-v1 /orders/42|header",
            "/orders/42|Accept: application/vnd.orders.v1+json|http://orders-v1 /orders/42|mediaType",
            "/orders/42|Accept: text/html, application/json; version=1|http://orders-v1 /orders/42|mediaType",
            "/orders/42|Accept: application/vnd.orders.v1+json;q=0.1, application/vnd.orders.v2+json|http://orders-v2 /orders/42|mediaType",
            "/orders/42|Accept: application/vnd.orders.v2+json;q=0.5, application/json;version=1;q=0.9|http://orders-v1 /orders/42|mediaType",
            "/orders/42|Accept: application/vnd.orders.v1+json;q=0|http://orders-v2 /orders/42|default",
            "/orders/42?version=2025-06-01|-|http://orders-v2 /orders/42|query",
            "/orders/42|-|http://orders-v2 /orders/42|default"})
    void eachWayOfAskingSelectsItsVersion(String path, String header, String expected, String selectedBy) {
        GatewayResponse response = get(path, header == null ? new String[0] : header.split(": ", 2));

        assertThat(response.status()).isEqualTo(200);
        assertThat(called).containsExactly(expected);
        assertThat(exchanges.getFirst().get(ApiVersion.SELECTED)).map(ApiVersion::selectedBy).hasValue(selectedBy);
    }

    @Test
    void precedenceIsPathThenHeaderThenMediaTypeThenQuery() {
        get("/v1/orders?version=2", "Api-Version", "2", "Accept", "application/vnd.orders.v2+json");
        get("/orders?version=2", "Api-Version", "1", "Accept", "application/vnd.orders.v2+json");
        get("/orders?version=2", "Accept", "application/vnd.orders.v1+json");
        get("/orders?version=1");

        assertThat(called).containsExactly("http://orders-v1 /orders", "http://orders-v1 /orders", "http://orders-v1 /orders",
                "http://orders-v1 /orders");
    }

    @Test
    void everyResponseNamesTheVersionThatServedIt() {
        assertThat(get("/orders").headers().first("Api-Version")).hasValue("v2");
        assertThat(get("/orders", "Api-Version", "2025-06-01").headers().first("Api-Version")).hasValue("v2");
    }

    @Test
    void deprecatedVersionsCarryDeprecationSunsetAndLinkInTheirRfcFormats() {
        GatewayResponse response = get("/v1/orders/42");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.headers().all("Deprecation")).containsExactly("@1767225600");
        assertThat(response.headers().all("Sunset")).containsExactly("Thu, 31 Dec 2026 00:00:00 GMT");
        assertThat(response.headers().all("Link")).containsExactly(
                "<https://docs.example.com/orders/v2-migration>; rel=\"deprecation\"; type=\"text/html\"",
                "<https://docs.example.com/orders/v2-migration>; rel=\"sunset\"; type=\"text/html\"");
        assertThat(get("/v2/orders/42").headers().contains("Deprecation")).isFalse();
    }

    @Test
    void aRetiredVersionIsGoneWithItsMigrationLink() throws Exception {
        GatewayResponse response = get("/orders/42", "Api-Version", "v0");

        assertThat(response.status()).isEqualTo(410);
        assertThat(json(response)).containsEntry("link", "https://docs.example.com/orders").containsEntry("version", "v0")
                .containsEntry("requestId", "req-7");
        assertThat(response.headers().first("Content-Type")).hasValue("application/json");
        assertThat(response.headers().first("Api-Version")).hasValue("v0");
        assertThat(called).isEmpty();
    }

    @Test
    void anUnknownVersionIs400ListingTheVersionsThatExist() throws Exception {
        GatewayResponse response = get("/orders/42", "Api-Version", "v9");

        assertThat(response.status()).isEqualTo(400);
        assertThat(json(response)).containsEntry("versions", List.of("v0", "v1", "v2"));
        assertThat((String) json(response).get("message")).contains("no version 'v9'");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "application/vnd.orders.v1+json; version",
            "application",
            "application/json; version=\"2",
            "application/json; q=0.5 x",
            "application/vnd.orders.v1+json; q=2",
            "application/json; version=\"2\\",
            "application/json; foo=; version=1",
            "application/json; version=a b"})
    void aMalformedAcceptIs400(String accept) {
        GatewayResponse response = get("/orders/42", "Accept", accept);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.bodyAsString()).contains("malformed Accept header");
    }

    @Test
    void aBackendUrlWithAPathReplacesTheBasePath() {
        Gateway gateway = gateway(List.of(api(), version("orders:v2", "backend", "http://orders.internal/api/v2/")));

        gateway.handle(request("/orders/42/items", Headers.EMPTY));
        gateway.handle(request("/v2/orders/42", Headers.EMPTY));
        gateway.handle(request("/orders", Headers.EMPTY));

        assertThat(called).containsExactly(
                "http://orders.internal/api/v2/{proxy} /orders/42/items",
                "http://orders.internal/api/v2/{proxy} /orders/42",
                "http://orders.internal/api/v2/ /orders");
    }

    @Test
    void onlyTheWaysTheApiAllowsSelect() {
        Gateway gateway = gateway(List.of(api("selectBy", List.of("header"), "header", "X-Orders-Version"),
                version("orders:v1"), version("orders:v2")));

        gateway.handle(request("/orders", Headers.of("X-Orders-Version", "v1")));
        gateway.handle(request("/orders", Headers.of("Api-Version", "v1", "Accept", "application/vnd.orders.v1+json")));
        GatewayResponse prefixed = gateway.handle(request("/v1/orders", Headers.EMPTY));

        assertThat(called).containsExactly("http://orders-v1 /orders", "http://orders-v2 /orders");
        assertThat(prefixed.status()).as("no path routes without path selection").isEqualTo(404);
    }

    @Test
    void aVersionRunsItsOwnFilters() {
        List<GatewayRequest> seen = new ArrayList<>();
        RouteTable table = RouteTable.compileItems(List.of(api(), version("orders:v2", "filters", List.of(
                Map.of("name", "setRequestHeader", "args", Map.of("name", "X-Legacy", "value", "yes")))))).table();
        Gateway gateway = Gateway.builder().routes(table).backendClient(BackendClient.of(HttpBackend.TYPE, (request, exchange, backend) -> {
            seen.add(request);
            return new GatewayResponse(204, Headers.EMPTY, null);
        })).build();

        gateway.handle(request("/orders", Headers.EMPTY));

        assertThat(seen).singleElement().satisfies(request -> assertThat(request.headers().first("X-Legacy")).hasValue("yes"));
    }

    @Test
    void anInvalidVersionIsRejectedAndItsNameAnswers503() {
        RouteTable.Compiled compiled = RouteTable.compileItems(List.of(api(), version("orders:v2"),
                version("orders:v3", "backend", "ftp://orders-v3", "status", "beta")));

        assertThat(compiled.rejected()).singleElement().satisfies(rejection -> {
            assertThat(rejection.kind()).isEqualTo("version");
            assertThat(rejection.routeId()).isEqualTo("orders:v3");
            assertThat(rejection.reason()).contains("status: must be one of current, deprecated, retired, was 'beta'")
                    .contains("backend.url");
        });
        Gateway gateway = gateway(compiled.table());
        assertThat(gateway.handle(request("/orders", Headers.of("Api-Version", "v3"))).status()).isEqualTo(503);
        assertThat(gateway.handle(request("/v3/orders/1", Headers.EMPTY)).status()).isEqualTo(503);
        assertThat(gateway.handle(request("/orders", Headers.EMPTY)).status()).isEqualTo(200);
    }

    @Test
    void anInvalidApiHoldsItsBasePathAndItsVersionsAreRejected() {
        List<Map<String, Object>> items = new ArrayList<>(List.of(
                api("defaultVersion", "v7"), version("orders:v2"), version("billing:v1"),
                Map.of("kind", "route", "id", "everything", "path", "/{proxy+}", "backend", "http://site", "auth", "none")));
        RouteTable.Compiled compiled = RouteTable.compileItems(items);

        assertThat(compiled.rejected()).extracting(RouteTable.Rejection::kind, RouteTable.Rejection::routeId)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("api", "orders"),
                        org.assertj.core.groups.Tuple.tuple("version", "orders:v2"),
                        org.assertj.core.groups.Tuple.tuple("version", "billing:v1"));
        assertThat(compiled.rejected()).filteredOn(rejection -> rejection.kind().equals("api")).singleElement()
                .satisfies(rejection -> assertThat(rejection.reason()).contains("defaultVersion: 'v7' is not a loaded version"));
        Gateway gateway = gateway(compiled.table());
        assertThat(gateway.handle(request("/orders/42", Headers.EMPTY)).status()).isEqualTo(503);
        assertThat(gateway.handle(request("/elsewhere", Headers.EMPTY)).status()).isEqualTo(200);
    }

    @Test
    void twoVersionsCannotAnswerToTheSameName() {
        RouteTable.Compiled compiled = RouteTable.compileItems(List.of(api(), version("orders:v2", "aliases", List.of("2")),
                version("orders:v3", "aliases", List.of("2"))));

        assertThat(compiled.rejected()).singleElement().satisfies(rejection -> {
            assertThat(rejection.routeId()).isEqualTo("orders:v3");
            assertThat(rejection.reason()).contains("another version of the API answers to [2]");
        });
    }

    @Test
    void aNullAttributeCostsItsItemNotTheTable() {
        Map<String, Object> nulls = version("orders:v1", "status", "deprecated");
        nulls.put("deprecation", null);
        Map<String, Object> nullApi = api("id", "billing", "basePath", "/billing", "defaultVersion", "v1");
        nullApi.put("host", null);
        RouteTable.Compiled compiled = RouteTable.compileItems(List.of(api(), version("orders:v2"), nulls, nullApi,
                version("billing:v1")));

        assertThat(compiled.rejected()).extracting(RouteTable.Rejection::routeId).containsExactly("orders:v1");
        assertThat(compiled.rejected().getFirst().reason()).contains("deprecation: a deprecated version needs its deprecation date");
        assertThat(gateway(compiled.table()).handle(request("/billing/1", Headers.EMPTY)).status()).isEqualTo(200);
    }

    @Test
    void versionItemsReportEveryProblem() {
        RouteTable.Compiled compiled = RouteTable.compileItems(List.of(api(), version("orders:v2"),
                version("orders:v1", "status", "deprecated", "sunset", "someday", "link", "docs", "colour", "red")));

        assertThat(compiled.rejected()).singleElement().satisfies(rejection -> assertThat(rejection.reason())
                .contains("colour: is not a known attribute")
                .contains("deprecation: a deprecated version needs its deprecation date")
                .contains("sunset: must be a date")
                .contains("link: must be an absolute http(s) URL"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "application/vnd.orders.+json|http://orders-v2 /orders/42",
            "application/json; version=\"1\"|http://orders-v1 /orders/42",
            "application/json; version=\"\\v\\1\"|http://orders-v1 /orders/42",
            "application/json; note=\"a\\\",b\"; version=1|http://orders-v1 /orders/42",
            "application/json; note=\"\"; version=1|http://orders-v1 /orders/42",
            "application/json; note=azAZ09!~; version=1|http://orders-v1 /orders/42"})
    void acceptParametersAreTokensOrQuotedStrings(String accept, String expected) {
        GatewayResponse response = get("/orders/42", "Accept", accept);

        assertThat(response.status()).isEqualTo(200);
        assertThat(called).containsExactly(expected);
    }

    @Test
    void aRetiredVersionSaysWhereToReadOnInItsMessage() throws Exception {
        assertThat(json(get("/orders/42", "Api-Version", "v0"))).containsEntry("message",
                "version v0 of API orders is retired; see https://docs.example.com/orders");
    }

    @Test
    void aRetiredVersionWithoutALinkIsGoneWithoutOne() throws Exception {
        Gateway gateway = gateway(List.of(api(), version("orders:v2"), version("orders:v0", "status", "retired", "backend", null)));

        Map<String, Object> body = json(gateway.handle(request("/orders", Headers.of("Api-Version", "v0"))));

        assertThat(body).containsEntry("message", "version v0 of API orders is retired").doesNotContainKey("link");
    }

    @Test
    void aVersionsTimeoutIsTheBackendsToKeep() {
        gateway(List.of(api("timeoutMs", 5000), version("orders:v2", "timeoutMs", 2500))).handle(request("/orders", Headers.EMPTY));

        assertThat(exchanges.getFirst().timeout()).isEqualTo(Duration.ofMillis(2500));
    }

    @Test
    void withoutATimeoutOfItsOwnAVersionHasTheApis() {
        gateway(List.of(api("timeoutMs", 5000), version("orders:v2"))).handle(request("/orders", Headers.EMPTY));

        assertThat(exchanges.getFirst().timeout()).isEqualTo(Duration.ofMillis(5000));
    }

    @Test
    void aBackendFailureIsAnsweredNamingTheVersionAndReportedToTheListener() {
        List<Throwable> failures = new ArrayList<>();
        Gateway gateway = Gateway.builder().routes(RouteTable.compileItems(List.of(api(), version("orders:v2"))).table())
                .backendClient(BackendClient.of(HttpBackend.TYPE, (request, exchange, backend) -> {
                    throw new IOException("connection reset");
                }))
                .listener(new GatewayListener() {
                    @Override
                    public void requestEnd(Exchange exchange, GatewayResponse response, Throwable failure) {
                        failures.add(failure);
                    }
                })
                .build();

        GatewayResponse response = gateway.handle(request("/orders", Headers.EMPTY));

        assertThat(response.status()).isEqualTo(502);
        assertThat(response.headers().first("Api-Version")).hasValue("v2");
        assertThat(failures).singleElement().isInstanceOf(IOException.class);
    }

    @Test
    void theBackendsAnswerComesBackThroughAVersionsFilters() {
        Gateway gateway = gateway(List.of(api(), version("orders:v2", "filters", List.of(
                Map.of("name", "setRequestHeader", "args", Map.of("name", "X-Legacy", "value", "yes"))))));

        GatewayResponse response = gateway.handle(request("/orders", Headers.EMPTY));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.bodyAsString()).isEqualTo("ok");
        assertThat(response.headers().first("Api-Version")).hasValue("v2");
    }

    @Test
    void anUnknownVersionNameIsQuotedWholeUpToSixtyFourCharacters() {
        String name = "v" + "9".repeat(63);

        assertThat(get("/orders", "Api-Version", name).bodyAsString()).contains("no version '" + name + "'");
    }

    @Test
    void aLongerUnknownVersionNameIsCut() {
        String name = "v" + "9".repeat(64);

        assertThat(get("/orders", "Api-Version", name).bodyAsString()).contains("no version '" + name.substring(0, 64) + "...'");
    }

    @Test
    void anApiWithAHostAnswersOnlyOnThatHost() {
        Gateway gateway = gateway(List.of(api("host", "api.example.com"), version("orders:v2"),
                Map.of("kind", "route", "id", "everything", "path", "/{proxy+}", "backend", "http://site", "auth", "none")));

        gateway.handle(request("/orders/1", Headers.of("Host", "api.example.com")));
        gateway.handle(request("/orders/1", Headers.of("Host", "www.example.com")));

        assertThat(called).containsExactly("http://orders-v2 /orders/1", "http://site /orders/1");
    }

    @Test
    void anInvalidApiHoldsItsBasePathOnlyOnItsHost() {
        Gateway gateway = gateway(List.of(api("host", "api.example.com", "defaultVersion", "v7"), version("orders:v2"),
                Map.of("kind", "route", "id", "everything", "path", "/{proxy+}", "backend", "http://site", "auth", "none")));

        assertThat(gateway.handle(request("/orders/1", Headers.of("Host", "api.example.com"))).status()).isEqualTo(503);
        assertThat(gateway.handle(request("/orders/1", Headers.of("Host", "www.example.com"))).status()).isEqualTo(200);
    }

    @Test
    void aVersionRefusedForAClaimedAliasAnswers503ByItsOwnName() {
        Gateway gateway = gateway(List.of(api(), version("orders:v2", "aliases", List.of("2")),
                version("orders:v3", "aliases", List.of("2"))));

        assertThat(gateway.handle(request("/orders", Headers.of("Api-Version", "v3"))).status()).isEqualTo(503);
        assertThat(gateway.handle(request("/orders", Headers.of("Api-Version", "2"))).status()).isEqualTo(200);
    }

    @Test
    void aVersionBackendGivenAsAMapHasItsPathReplaceTheBasePath() {
        Gateway gateway = gateway(List.of(api(), version("orders:v2", "backend", Map.of("type", "http", "url", "http://orders.internal/api")),
                version("orders:v3", "backend", Map.of("url", "http://orders-v3.internal/api"))));

        gateway.handle(request("/orders/42", Headers.EMPTY));
        gateway.handle(request("/v3/orders/42", Headers.EMPTY));

        assertThat(called).containsExactly("http://orders.internal/api/{proxy} /orders/42", "http://orders-v3.internal/api/{proxy} /orders/42");
    }

    @Test
    void theTargetsOfAWeightedVersionBackendHaveTheirPathsReplaceTheBasePath() {
        Gateway gateway = gateway(List.of(api(), version("orders:v2", "backend", Map.of("type", "weighted", "targets", List.of(
                Map.of("name", "only", "weight", 1, "backend", "http://orders.internal/api"))))));

        gateway.handle(request("/orders/42", Headers.EMPTY));

        assertThat(called).containsExactly("http://orders.internal/api/{proxy} /orders/42");
    }

    @Test
    void aVersionBackendWhoseOnlySlashIsInItsQueryGetsTheRequestsPath() {
        Gateway gateway = gateway(List.of(api(), version("orders:v2", "backend", "http://orders.internal?from=/gateway")));

        gateway.handle(request("/orders/42", Headers.EMPTY));

        assertThat(called).containsExactly("http://orders.internal?from=/gateway /orders/42");
    }
}
