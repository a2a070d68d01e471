package dev.lambassador.core.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.lambassador.core.Gateway;
import dev.lambassador.core.GatewayRequest;
import dev.lambassador.core.GatewayResponse;
import dev.lambassador.core.Headers;
import dev.lambassador.core.backend.RecordingClient;
import dev.lambassador.core.route.RouteDefinition;
import dev.lambassador.core.route.RouteTable;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class AuthFilterTest {

    private static final Caller ALICE = new Caller(Caller.Kind.JWT, "alice", "web-app", Set.of("orders:read", "profile"), "", "https://login.example.com/");
    private static final Caller ACME = new Consumer("acme", "Acme Ltd", "gold", Set.of("orders:read"), true).caller();

    /** What reached the backend; the forwarder is replaced so that no network is involved. */
    private final AtomicReference<GatewayRequest> forwarded = new AtomicReference<>();

    private static RouteDefinition route(String path, RouteAuth auth, String... scopes) {
        return new RouteDefinition(path.substring(1), path, Set.of("ANY"), "", List.of(), List.of(), "http://backend",
                Duration.ofSeconds(1), true, auth, Set.of(scopes), "", Map.of(), null, false);
    }

    private Gateway gateway(RouteAuth deploymentDefault) {
        return Gateway.builder()
                .routes(RouteTable.compile(List.of(
                        route("/public", RouteAuth.NONE),
                        route("/default", RouteAuth.DEFAULT),
                        route("/tokens", RouteAuth.JWT),
                        route("/keys", RouteAuth.API_KEY),
                        route("/either", RouteAuth.ANY, "orders:read"),
                        route("/admin", RouteAuth.ANY, "orders:read", "orders:write"),
                        route("/scoped-default", RouteAuth.DEFAULT, "orders:read"))).table())
                .afterRouting(new AuthFilter(deploymentDefault))
                .backendClient(new RecordingClient(forwarded))
                .build();
    }

    private GatewayResponse call(RouteAuth deploymentDefault, String path, Caller caller, Headers headers) {
        return gateway(deploymentDefault).handle(new GatewayRequest("GET", path, "", Map.of(), headers, null, "", "req-1",
                caller == null ? Map.of() : caller.toContext()));
    }

    private GatewayResponse call(String path, Caller caller) {
        return call(RouteAuth.ANY, path, caller, Headers.EMPTY);
    }

    private static String message(GatewayResponse response) throws Exception {
        return (String) JSON.std.mapFrom(new String(response.body(), StandardCharsets.UTF_8)).get("message");
    }

    @Test
    void publicRouteAnswersCallersWithoutCredentials() {
        assertThat(call("/public", null).status()).isEqualTo(200);
    }

    @Test
    void routeThatSaysNothingRefusesAnonymousCallersByDefault() throws Exception {
        GatewayResponse response = call("/default", Caller.ANONYMOUS);

        assertThat(response.status()).isEqualTo(401);
        assertThat(message(response)).isEqualTo("this route needs a bearer token or an API key");
        assertThat(response.headers().first("WWW-Authenticate")).hasValue("Bearer");
        assertThat(forwarded.get()).isNull();
    }

    @Test
    void deploymentCanOpenRoutesThatSayNothing() {
        assertThat(call(RouteAuth.NONE, "/default", null, Headers.EMPTY).status()).isEqualTo(200);
    }

    @Test
    void scopesNeedACallerEvenWhenTheDeploymentDefaultIsPublic() {
        assertThat(call(RouteAuth.NONE, "/scoped-default", Caller.ANONYMOUS, Headers.EMPTY).status()).isEqualTo(401);
        assertThat(call(RouteAuth.NONE, "/scoped-default", ALICE, Headers.EMPTY).status()).isEqualTo(200);
    }

    @Test
    void tokenRouteRefusesApiKeyCallers() throws Exception {
        GatewayResponse response = call("/tokens", ACME);

        assertThat(response.status()).isEqualTo(401);
        assertThat(message(response)).isEqualTo("this route needs a bearer token");
    }

    @Test
    void apiKeyRouteRefusesTokenCallersWithoutABearerChallenge() throws Exception {
        GatewayResponse response = call("/keys", ALICE);

        assertThat(response.status()).isEqualTo(401);
        assertThat(message(response)).isEqualTo("this route needs an API key");
        assertThat(response.headers().contains("WWW-Authenticate")).isFalse();
    }

    @Test
    void eitherCredentialIsAcceptedWhereTheRouteSaysAny() {
        assertThat(call("/either", ALICE).status()).isEqualTo(200);
        assertThat(call("/either", ACME).status()).isEqualTo(200);
    }

    @Test
    void missingScopeIsForbiddenAndNamed() throws Exception {
        GatewayResponse response = call("/admin", ALICE);

        assertThat(response.status()).isEqualTo(403);
        assertThat(message(response)).isEqualTo("missing scope orders:write");
        assertThat(response.headers().first("WWW-Authenticate"))
                .hasValue("Bearer error=\"insufficient_scope\", scope=\"orders:read orders:write\"");
        assertThat(forwarded.get()).isNull();
    }

    @Test
    void contextWithoutASubjectIsTreatedAsAnonymous() {
        Map<String, String> context = Map.of("auth", "jwt", "scopes", "orders:read");
        GatewayResponse response = gateway(RouteAuth.ANY).handle(
                new GatewayRequest("GET", "/either", "", Map.of(), Headers.EMPTY, null, "", "r", context));

        assertThat(response.status()).isEqualTo(401);
    }

    @Test
    void backendLearnsWhoIsCalling() {
        call("/either", ACME);

        Headers headers = forwarded.get().headers();
        assertThat(headers.first(AuthFilter.SUBJECT_HEADER)).hasValue("acme");
        assertThat(headers.first(AuthFilter.CONSUMER_HEADER)).hasValue("acme");
        assertThat(headers.first(AuthFilter.SCOPES_HEADER)).hasValue("orders:read");
        assertThat(headers.first(AuthFilter.PLAN_HEADER)).hasValue("gold");
        assertThat(headers.first(AuthFilter.VIA_HEADER)).hasValue("apiKey");
        assertThat(headers.contains(AuthFilter.ISSUER_HEADER)).as("API keys have no issuer").isFalse();
    }

    @Test
    void backendLearnsWhichIssuerVouchesForATokenCaller() {
        call("/either", ALICE);

        Headers headers = forwarded.get().headers();
        assertThat(headers.first(AuthFilter.VIA_HEADER)).hasValue("jwt");
        assertThat(headers.first(AuthFilter.ISSUER_HEADER)).hasValue("https://login.example.com/");
    }

    @Test
    void identityOutsideVisibleAsciiIsPercentEncoded() {
        Caller jorg = new Caller(Caller.Kind.JWT, "j\u00f6rg 100%", "\u65e5\u672c", Set.of("orders:read"), "", "https://idp");

        call("/either", jorg);

        Headers headers = forwarded.get().headers();
        assertThat(headers.first(AuthFilter.SUBJECT_HEADER)).hasValue("j%C3%B6rg%20100%25");
        assertThat(headers.first(AuthFilter.CONSUMER_HEADER)).hasValue("%E6%97%A5%E6%9C%AC");
    }

    @Test
    void clientCannotStripTheIdentityHeadersByNamingThemInConnection() {
        Headers hostile = Headers.of("Connection", "X-Authenticated-Subject, x-consumer-id, keep-alive",
                "X_Authenticated_Subject", "root", "x_consumer_id", "admin");

        call(RouteAuth.ANY, "/either", ALICE, hostile);

        Headers headers = forwarded.get().headers();
        assertThat(headers.all("Connection")).containsExactly("keep-alive");
        assertThat(headers.first(AuthFilter.SUBJECT_HEADER)).hasValue("alice");
        assertThat(headers.asMap()).doesNotContainKeys("X_Authenticated_Subject", "x_consumer_id");
    }

    @Test
    void clientCannotClaimAnIdentityOrLeakItsApiKeyToTheBackend() {
        Headers spoofed = Headers.of("X-Authenticated-Subject", "root", "X-Consumer-Id", "admin",
                "X-Authenticated-Scopes", "everything", "X-Consumer-Plan", "free", "x-api-key", "lmb_secret", "Accept", "*/*");

        call(RouteAuth.ANY, "/public", Caller.ANONYMOUS, spoofed);

        Headers headers = forwarded.get().headers();
        assertThat(headers.asMap()).containsOnlyKeys("Accept");
    }
}
