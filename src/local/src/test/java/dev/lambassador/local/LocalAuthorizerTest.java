package dev.lambassador.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.jr.ob.JSON;
import dev.lambassador.core.apigw.PayloadVersion;
import dev.lambassador.testing.MutableClock;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The local gateway runs an authorizer with API Gateway's semantics before the router. */
class LocalAuthorizerTest {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    /** The router answers with the requestContext.authorizer it was given. */
    private static final RequestStreamHandler ROUTER = (in, out, context) -> {
        Map<String, Object> event = JSON.std.mapFrom(in);
        Object authorizer = ((Map<?, ?>) event.get("requestContext")).get("authorizer");
        out.write(JSON.std.asBytes(Map.of("statusCode", 200, "body", JSON.std.asString(authorizer))));
    };

    private final AtomicInteger invocations = new AtomicInteger();
    private final AtomicReference<Map<String, Object>> lastEvent = new AtomicReference<>();
    private LocalApiGateway gateway;

    /**
     * An authorizer that decides by the Authorization header: "allow" allows the whole stage,
     * "deny" denies it, "narrow" allows another method only, "bad" is Unauthorized, "crash" fails.
     */
    private final RequestStreamHandler authorizer = (in, out, context) -> {
        invocations.incrementAndGet();
        Map<String, Object> event = JSON.std.mapFrom(in);
        lastEvent.set(event);
        String token = "none";
        for (Map.Entry<?, ?> header : ((Map<?, ?>) event.get("headers")).entrySet()) {
            if (String.valueOf(header.getKey()).equalsIgnoreCase("Authorization")) {
                token = String.valueOf(header.getValue());
            }
        }
        switch (token) {
            case "bad" -> throw new IllegalStateException("Unauthorized");
            case "crash" -> throw new IllegalStateException("database on fire");
            default -> { }
        }
        String answer;
        if ("2.0".equals(event.get("version"))) {
            answer = JSON.std.asString(Map.of("isAuthorized", token.equals("allow"), "context", Map.of("subject", "alice")));
        } else {
            String stage = String.valueOf(event.get("methodArn")).replaceAll("^(arn:[^/]+/[^/]+)/.*$", "$1");
            String resource = token.equals("narrow") ? stage + "/DELETE/*" : stage + "/*/*";
            answer = JSON.std.asString(Map.of("principalId", "alice",
                    "policyDocument", Map.of("Version", "2012-10-17", "Statement", List.of(Map.of(
                            "Action", "execute-api:Invoke", "Effect", token.equals("deny") ? "Deny" : "Allow", "Resource", resource))),
                    "context", Map.of("subject", "alice", "scopes", "orders:read", "nested", Map.of("dropped", true))));
        }
        out.write(answer.getBytes());
    };

    private HttpResponse<String> get(LocalAuthorizer local, PayloadVersion version, String authorization) throws Exception {
        if (gateway == null) {
            gateway = LocalApiGateway.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), ROUTER, local, version, null);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway.uri() + "/orders/42?x=1"));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(PayloadVersion version, String authorization) throws Exception {
        return get(new LocalAuthorizer(authorizer, List.of("Authorization"), Duration.ZERO), version, authorization);
    }

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void missingIdentitySourceIs401WithoutCallingTheAuthorizer() throws Exception {
        HttpResponse<String> response = get(PayloadVersion.V1, null);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).isEqualTo("{\"message\":\"Unauthorized\"}");
        assertThat(invocations).hasValue(0);
    }

    @Test
    void withoutIdentitySourcesTheAuthorizerSeesEveryRequest() throws Exception {
        HttpResponse<String> response = get(new LocalAuthorizer(authorizer, List.of(), Duration.ZERO), PayloadVersion.V1, null);

        assertThat(response.statusCode()).as("the authorizer allows a caller without a token").isEqualTo(200);
        assertThat(invocations).hasValue(1);
    }

    @Test
    void restAuthorizerGetsARequestEventWithTheMethodArn() throws Exception {
        get(PayloadVersion.V1, "allow");

        assertThat(lastEvent.get()).containsEntry("type", "REQUEST")
                .containsEntry("methodArn", "arn:aws:execute-api:us-east-1:123456789012:local/local/GET/orders/42")
                .containsEntry("path", "/orders/42").containsEntry("queryStringParameters", Map.of("x", "1"))
                .doesNotContainKeys("body", "isBase64Encoded");
    }

    @Test
    void restAllowPassesThePrincipalAndScalarContextToTheRouter() throws Exception {
        HttpResponse<String> response = get(PayloadVersion.V1, "allow");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSON.std.mapFrom(response.body())).containsEntry("principalId", "alice").containsEntry("subject", "alice")
                .containsEntry("scopes", "orders:read").doesNotContainKey("nested");
    }

    @Test
    void restExplicitDenyIs403() throws Exception {
        HttpResponse<String> response = get(PayloadVersion.V1, "deny");

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).contains("explicit deny");
    }

    @Test
    void restPolicyThatDoesNotCoverTheMethodIs403() throws Exception {
        HttpResponse<String> response = get(PayloadVersion.V1, "narrow");

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).isEqualTo("{\"Message\":\"User is not authorized to access this resource\"}");
    }

    @Test
    void unauthorizedErrorIs401ForARestApi() throws Exception {
        assertThat(get(PayloadVersion.V1, "bad").statusCode()).isEqualTo(401);
    }

    @Test
    void anyErrorIs500ForAnHttpApiWhoseAuthorizerGivesSimpleResponses() throws Exception {
        assertThat(get(PayloadVersion.V2, "bad").statusCode()).isEqualTo(500);
    }

    @Test
    void failingAuthorizerIs500() throws Exception {
        HttpResponse<String> response = get(PayloadVersion.V1, "crash");

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.body()).isEqualTo("{\"message\":null}");
    }

    @Test
    void httpSimpleResponseAllowsWithContextUnderLambda() throws Exception {
        HttpResponse<String> response = get(PayloadVersion.V2, "allow");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSON.std.mapFrom(response.body())).containsEntry("lambda", Map.of("subject", "alice"));
        assertThat(lastEvent.get()).containsEntry("version", "2.0").containsEntry("type", "REQUEST")
                .containsEntry("identitySource", List.of("allow")).containsKey("routeArn");
    }

    @Test
    void httpSimpleResponseNotAuthorizedIs403() throws Exception {
        HttpResponse<String> response = get(PayloadVersion.V2, "deny");

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).isEqualTo("{\"message\":\"Forbidden\"}");
    }

    @Test
    void decisionsAreCachedPerIdentityForTheTtl() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-29T12:00:00Z"));
        LocalAuthorizer cached = new LocalAuthorizer(authorizer, List.of("Authorization"), Duration.ofSeconds(300), clock);

        get(cached, PayloadVersion.V1, "allow");
        get(cached, PayloadVersion.V1, "allow");
        assertThat(invocations).as("same identity within the TTL").hasValue(1);

        assertThat(get(cached, PayloadVersion.V1, "deny").statusCode()).isEqualTo(403);
        assertThat(get(cached, PayloadVersion.V1, "deny").statusCode()).isEqualTo(403);
        assertThat(invocations).as("a deny is a policy too, and cached").hasValue(2);

        clock.advance(Duration.ofSeconds(301));
        get(cached, PayloadVersion.V1, "allow");
        assertThat(invocations).as("after the TTL").hasValue(3);
    }

    @Test
    void cachedPolicyIsAppliedToEachRequestsOwnMethod() throws Exception {
        LocalAuthorizer cached = new LocalAuthorizer(authorizer, List.of("Authorization"), Duration.ofSeconds(300));
        get(cached, PayloadVersion.V1, "narrow");
        HttpRequest delete = HttpRequest.newBuilder(URI.create(gateway.uri() + "/orders/42"))
                .header("Authorization", "narrow").DELETE().build();

        HttpResponse<String> response = CLIENT.send(delete, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as("the policy allows DELETE only").isEqualTo(200);
        assertThat(invocations).as("answered from the cached policy").hasValue(1);
    }

    @Test
    void unauthorizedIsNotCached() throws Exception {
        LocalAuthorizer cached = new LocalAuthorizer(authorizer, List.of("Authorization"), Duration.ofSeconds(300));

        get(cached, PayloadVersion.V1, "bad");
        get(cached, PayloadVersion.V1, "bad");

        assertThat(invocations).hasValue(2);
    }

    @Test
    void cachingWithoutAnIdentitySourceIsRefusedAsApiGatewayDoes() {
        assertThatThrownBy(() -> new LocalAuthorizer(authorizer, List.of(), Duration.ofSeconds(60)))
                .hasMessageContaining("identity source");
    }
}
