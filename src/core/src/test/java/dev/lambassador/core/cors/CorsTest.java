package dev.lambassador.core.cors;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lambassador.core.Gateway;
import dev.lambassador.core.GatewayRequest;
import dev.lambassador.core.GatewayResponse;
import dev.lambassador.core.Headers;
import dev.lambassador.core.auth.AuthFilter;
import dev.lambassador.core.auth.RouteAuth;
import dev.lambassador.core.backend.BackendClient;
import dev.lambassador.core.backend.HttpBackend;
import dev.lambassador.core.route.Problems;
import dev.lambassador.core.route.RouteTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CorsTest {

    private final List<String> called = new ArrayList<>();
    /** The headers the backend answers with. */
    private Headers backendHeaders = Headers.of("Vary", "Accept");

    private static CorsPolicy policy(Map<String, Object> cors) {
        Problems problems = new Problems();
        CorsPolicy policy = CorsPolicy.parse(cors, problems);
        assertThat(problems.all()).isEmpty();
        return policy;
    }

    // Parsed per test, not once per class, so that every test reads the policy with the code under test.
    private final CorsPolicy deployment = policy(Map.of("allowOrigins", List.of("https://app.example.com", "https://*.example.org"),
            "exposeHeaders", List.of("X-Request-Id"), "maxAgeSeconds", 300));

    private Gateway gateway(CorsPolicy deployment) {
        RouteTable table = RouteTable.compileItems(List.of(
                Map.of("id", "orders", "path", "/orders/{id}", "methods", List.of("GET", "PUT"), "backend", "http://orders", "auth", "jwt"),
                Map.of("id", "partners", "path", "/partners", "backend", "http://partners", "auth", "none",
                        "cors", Map.of("allowOrigins", List.of("https://partner.example.net"), "allowCredentials", true,
                                "allowHeaders", List.of("X-Partner")))))
                .table();
        return Gateway.builder().routes(table).cors(deployment).afterRouting(new AuthFilter(RouteAuth.ANY))
                .backendClient(BackendClient.of(HttpBackend.TYPE, (request, exchange, backend) -> {
                    called.add(request.method() + " " + request.path());
                    return new GatewayResponse(200, backendHeaders, "{}".getBytes());
                })).build();
    }

    private static GatewayRequest request(String method, String path, String... headers) {
        return new GatewayRequest(method, path, "", Map.of(), Headers.of(headers), null, "", "req-1", Map.of());
    }

    @Test
    void aPreflightIsAnsweredAtTheGatewayForAnyPathWithoutCredentialsOrABackend() {
        for (String path : List.of("/orders/42", "/nowhere")) {
            GatewayResponse response = gateway(deployment).handle(request("OPTIONS", path, "Origin", "https://app.example.com",
                    "Access-Control-Request-Method", "PUT", "Access-Control-Request-Headers", "content-type, authorization"));

            assertThat(response.status()).as(path).isEqualTo(204);
            assertThat(response.headers().first("Access-Control-Allow-Origin")).hasValue("https://app.example.com");
            assertThat(response.headers().first("Access-Control-Allow-Methods")).hasValue("DELETE, GET, HEAD, PATCH, POST, PUT");
            assertThat(response.headers().first("Access-Control-Allow-Headers")).hasValue("content-type, authorization");
            assertThat(response.headers().first("Access-Control-Max-Age")).hasValue("300");
            assertThat(response.headers().first("Vary")).hasValue("Origin, Access-Control-Request-Method, Access-Control-Request-Headers");
        }
        assertThat(called).isEmpty();
    }

    @Test
    void aPreflightFromAnOriginOrForAMethodOrHeaderNotAllowedIs403() {
        Gateway gateway = gateway(deployment);

        assertThat(gateway.handle(request("OPTIONS", "/orders/1", "Origin", "https://evil.example.com",
                "Access-Control-Request-Method", "GET")).status()).isEqualTo(403);
        assertThat(gateway.handle(request("OPTIONS", "/orders/1", "Origin", "https://app.example.com",
                "Access-Control-Request-Method", "OPTIONS")).bodyAsString()).contains("method OPTIONS is not allowed");
        assertThat(gateway.handle(request("OPTIONS", "/orders/1", "Origin", "https://app.example.com",
                "Access-Control-Request-Method", "GET", "Access-Control-Request-Headers", "X-Secret")).bodyAsString())
                .contains("header X-Secret is not allowed");
    }

    @Test
    void wildcardSubdomainsMatchAnyDepthButNotTheBareDomainOrAnotherScheme() {
        assertThat(deployment.allows("https://a.example.org")).isTrue();
        assertThat(deployment.allows("https://a.b.example.org")).isTrue();
        assertThat(deployment.allows("https://example.org")).isFalse();
        assertThat(deployment.allows("http://a.example.org")).isFalse();
        assertThat(deployment.allows("https://a.example.org.evil.com")).isFalse();
        assertThat(deployment.allows("https://evilexample.org")).isFalse();
    }

    @Test
    void actualResponsesCarryTheOriginsHeadersAndVaryOnOriginIncluding404s() {
        Gateway gateway = gateway(deployment);

        GatewayResponse allowed = gateway.handle(request("GET", "/nowhere", "Origin", "https://app.example.com"));
        GatewayResponse refused = gateway.handle(request("GET", "/nowhere", "Origin", "https://evil.example.com"));

        assertThat(allowed.status()).isEqualTo(404);
        assertThat(allowed.headers().first("Access-Control-Allow-Origin")).hasValue("https://app.example.com");
        assertThat(allowed.headers().first("Access-Control-Expose-Headers")).hasValue("X-Request-Id");
        assertThat(allowed.headers().all("Vary")).containsExactly("Origin");
        assertThat(refused.headers().contains("Access-Control-Allow-Origin")).isFalse();
        assertThat(refused.headers().all("Vary")).containsExactly("Origin");
    }

    @Test
    void aRoutesOwnPolicyTakesPrecedenceOverTheDeployments() {
        Gateway gateway = gateway(deployment);

        GatewayResponse preflight = gateway.handle(request("OPTIONS", "/partners", "Origin", "https://partner.example.net",
                "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "X-Partner"));
        GatewayResponse actual = gateway.handle(request("POST", "/partners", "Origin", "https://partner.example.net"));
        GatewayResponse deploymentsOrigin = gateway.handle(request("POST", "/partners", "Origin", "https://app.example.com"));

        assertThat(preflight.status()).isEqualTo(204);
        assertThat(preflight.headers().first("Access-Control-Allow-Credentials")).hasValue("true");
        assertThat(actual.headers().first("Access-Control-Allow-Origin")).hasValue("https://partner.example.net");
        assertThat(actual.headers().all("Vary")).containsExactly("Accept", "Origin");
        assertThat(deploymentsOrigin.headers().contains("Access-Control-Allow-Origin")).isFalse();
    }

    @Test
    void withoutAPolicyCorsRequestsPassUntouchedAndPreflightsReachTheRoutes() {
        GatewayResponse preflight = gateway(null).handle(request("OPTIONS", "/orders/1", "Origin", "https://app.example.com",
                "Access-Control-Request-Method", "GET"));

        assertThat(preflight.status()).as("no OPTIONS route: 405").isEqualTo(405);
        assertThat(preflight.headers().contains("Access-Control-Allow-Origin")).isFalse();
    }

    @Test
    void anyOriginIsAnsweredWithAStarUnlessCredentialsAreAllowed() {
        CorsPolicy any = policy(Map.of("allowOrigins", List.of("*")));

        assertThat(gateway(any).handle(request("GET", "/nowhere", "Origin", "https://x.test")).headers()
                .first("Access-Control-Allow-Origin")).hasValue("*");
    }

    @Test
    void badPoliciesAreNamedByField() {
        Problems problems = new Problems();
        CorsPolicy.parse(Map.of("allowOrigins", List.of("*", "app.example.com", "https://x.test/path"), "allowCredentials", true,
                "allowMethods", List.of("FETCH"), "maxAgeSeconds", 90_000, "colour", "red"), problems);

        assertThat(problems.all()).extracting(Problems.Problem::field).containsExactlyInAnyOrder(
                "colour", "allowOrigins", "allowOrigins", "allowOrigins", "allowCredentials", "allowMethods", "maxAgeSeconds");
    }

    private static GatewayRequest preflight(String origin, String method, String headers) {
        return request("OPTIONS", "/nowhere", "Origin", origin, "Access-Control-Request-Method", method,
                "Access-Control-Request-Headers", headers);
    }

    @Test
    void aStarInAllowHeadersAllowsAnyRequestedHeader() {
        CorsPolicy anyHeader = policy(Map.of("allowOrigins", List.of("https://app.example.com"), "allowHeaders", List.of("*")));

        GatewayResponse response = gateway(anyHeader).handle(preflight("https://app.example.com", "GET", "X-Anything"));

        assertThat(response.status()).isEqualTo(204);
        assertThat(response.headers().first("Access-Control-Allow-Headers")).hasValue("X-Anything");
    }

    @Test
    void withCredentialsAStarInAllowHeadersIsNoWildcard() {
        CorsPolicy credentialed = policy(Map.of("allowOrigins", List.of("https://app.example.com"), "allowHeaders", List.of("*"),
                "allowCredentials", true));

        GatewayResponse response = gateway(credentialed).handle(preflight("https://app.example.com", "GET", "X-Anything"));

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.bodyAsString()).contains("header X-Anything is not allowed");
    }

    @Test
    void actualResponsesAllowCredentialsOnlyWhenThePolicyDoes() {
        Gateway gateway = gateway(deployment);

        GatewayResponse partner = gateway.handle(request("POST", "/partners", "Origin", "https://partner.example.net"));
        GatewayResponse elsewhere = gateway.handle(request("GET", "/nowhere", "Origin", "https://app.example.com"));

        assertThat(partner.headers().first("Access-Control-Allow-Credentials")).hasValue("true");
        assertThat(elsewhere.headers().contains("Access-Control-Allow-Credentials")).isFalse();
    }

    @Test
    void aBackendsOwnVaryOnOriginIsNotRepeated() {
        backendHeaders = Headers.of("Vary", "Accept-Encoding, origin");

        GatewayResponse response = gateway(deployment).handle(request("POST", "/partners", "Origin", "https://partner.example.net"));

        assertThat(response.headers().all("Vary")).containsExactly("Accept-Encoding, origin");
    }

    @Test
    void aRefusedOriginIsQuotedWholeUpToAHundredCharacters() {
        String hundred = "https://" + "a".repeat(87) + ".test";

        GatewayResponse response = gateway(deployment).handle(preflight(hundred, "GET", ""));

        assertThat(hundred).hasSize(100);
        assertThat(response.bodyAsString()).contains("origin " + hundred + " is not allowed");
    }

    @Test
    void aLongerRefusedOriginIsCutAndItsUnprintableCharactersMasked() {
        String longer = "https://\u00e9" + "a".repeat(100) + ".test";

        GatewayResponse response = gateway(deployment).handle(preflight(longer, "GET", ""));

        assertThat(response.bodyAsString()).contains("origin https://?" + "a".repeat(91) + "... is not allowed");
    }
}
