package dev.lambassador.authorizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lambassador.core.auth.ApiKeys;
import dev.lambassador.core.auth.Consumer;
import dev.lambassador.dynamodb.DynamoDbApiKeyStore;
import dev.lambassador.dynamodb.DynamoDbClients;
import dev.lambassador.dynamodb.RoutesTable;
import dev.lambassador.testing.DynamoDbEmulator;
import dev.lambassador.testing.EmulatedDynamoDb;
import dev.lambassador.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The handler's answers, for both event formats, with real tokens and keys stored in a real DynamoDB API. */
@ExtendWith(DynamoDbEmulator.class)
class AuthorizerHandlerTest {

    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private static final String KEY = "lmb_handler-test-key";

    private final EmulatedDynamoDb dynamoDb;
    private final MutableClock clock = new MutableClock(NOW);
    private JwksServer jwks;
    private String issuer;
    private DynamoDbApiKeyStore keys;

    AuthorizerHandlerTest(EmulatedDynamoDb dynamoDb) {
        this.dynamoDb = dynamoDb;
    }

    @BeforeEach
    void issuerAndKeyStore() {
        jwks = JwksServer.start();
        jwks.publish("idp", Tokens.RSA);
        issuer = jwks.issuer("idp");
        String table = dynamoDb.uniqueTableName("routes");
        RoutesTable.create(dynamoDb.client(), table);
        keys = new DynamoDbApiKeyStore(DynamoDbClients.jsonClient(dynamoDb.client()), table);
        keys.save(ApiKeys.hash(KEY), new Consumer("acme", "Acme", "gold", Set.of("orders:read"), true));
    }

    @AfterEach
    void stopJwks() {
        jwks.close();
    }

    private AuthorizerHandler handler() {
        return handler(builder -> builder);
    }

    private AuthorizerHandler handler(UnaryOperator<AuthorizerConfig.Builder> settings) {
        return new AuthorizerHandler(settings.apply(AuthorizerConfig.builder()
                .issuer(issuer)
                .audiences(Tokens.AUDIENCE)
                .apiKeys(keys)).build(), clock);
    }

    private String token() {
        return Tokens.sign(Tokens.RSA, Tokens.claims(issuer, NOW).build());
    }

    private static Map<String, String> bearer(String token) {
        return Map.of("Authorization", "Bearer " + token);
    }

    @Test
    void primingBeforeASnapshotFetchesNoKeysAndChangesNoAnswer() {
        AuthorizerHandler handler = handler(builder -> builder.anonymousAccess(false));

        handler.beforeCheckpoint(null);

        assertThat(jwks.hits("idp")).as("the priming token is verified with an in-memory key").isZero();
        assertThat(Events.invoke(handler, Events.rest(bearer(token())))).containsEntry("principalId", "user-1");
        assertThat(jwks.hits("idp")).isEqualTo(1);
    }

    @Test
    void restBearerTokenIsAllowedOnTheWholeStage() {
        Map<String, Object> response = Events.invoke(handler(), Events.rest(bearer(token())));

        assertThat(response).containsOnlyKeys("principalId", "policyDocument", "context");
        assertThat(response).containsEntry("principalId", "user-1");
        assertThat(response.get("policyDocument")).isEqualTo(Map.of(
                "Version", "2012-10-17",
                "Statement", List.of(Map.of("Action", "execute-api:Invoke", "Effect", "Allow", "Resource", Events.STAGE_RESOURCE))));
        assertThat(response.get("context")).isEqualTo(Map.of(
                "auth", "jwt", "subject", "user-1", "consumer", "web-app", "scopes", "orders:read orders:write", "plan", "",
                "issuer", issuer));
    }

    @Test
    void restApiKeyIsAllowedWithItsKeyAsUsageIdentifier() {
        Map<String, Object> response = Events.invoke(handler(), Events.rest(Map.of("x-api-key", KEY)));

        assertThat(response).containsEntry("principalId", "acme").containsEntry("usageIdentifierKey", KEY);
        assertThat(response.get("context")).isEqualTo(Map.of(
                "auth", "apiKey", "subject", "acme", "consumer", "acme", "scopes", "orders:read", "plan", "gold", "issuer", ""));
    }

    @Test
    void restInvalidTokenFailsWithExactlyUnauthorized() {
        String expired = Tokens.sign(Tokens.RSA, Tokens.claims(issuer, NOW.minus(Duration.ofHours(1))).build());

        assertThatThrownBy(() -> Events.invoke(handler(), Events.rest(bearer(expired))))
                .isInstanceOf(UnauthorizedException.class)
                .hasMessage("Unauthorized");
    }

    @Test
    void restRequestWithoutCredentialsIsAllowedAsAnonymous() {
        Map<String, Object> response = Events.invoke(handler(), Events.rest(Map.of("Accept", "application/json")));

        assertThat(response).containsEntry("principalId", "anonymous").doesNotContainKey("usageIdentifierKey");
        assertThat(response.get("context")).isEqualTo(Map.of("auth", "anonymous", "subject", "", "consumer", "", "scopes", "", "plan", "", "issuer", ""));
    }

    @Test
    void restRequestWithoutCredentialsIsUnauthorizedWhenAnonymousAccessIsOff() {
        AuthorizerHandler closed = handler(builder -> builder.anonymousAccess(false));

        assertThatThrownBy(() -> Events.invoke(closed, Events.rest(Map.of()))).isInstanceOf(UnauthorizedException.class);
    }

    @Test
    void httpBearerTokenIsAuthorizedWithItsContext() {
        Map<String, Object> response = Events.invoke(handler(), Events.http(Map.of("authorization", "Bearer " + token())));

        assertThat(response).isEqualTo(Map.of("isAuthorized", true, "context", Map.of(
                "auth", "jwt", "subject", "user-1", "consumer", "web-app", "scopes", "orders:read orders:write", "plan", "",
                "issuer", issuer)));
    }

    @Test
    void httpApiKeyIsAuthorizedWithoutUsageIdentifier() {
        Map<String, Object> response = Events.invoke(handler(), Events.http(Map.of("x-api-key", KEY)));

        assertThat(response).containsOnlyKeys("isAuthorized", "context").containsEntry("isAuthorized", true);
        assertThat(response.get("context")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("auth", "apiKey").containsEntry("consumer", "acme");
    }

    @Test
    void httpInvalidTokenIsNotAuthorized() {
        Map<String, Object> response = Events.invoke(handler(), Events.http(Map.of("authorization", "Bearer not-a-token")));

        assertThat(response).isEqualTo(Map.of("isAuthorized", false));
    }

    @Test
    void httpRequestWithoutCredentialsIsAuthorizedAsAnonymous() {
        Map<String, Object> response = Events.invoke(handler(), Events.http(Map.of()));

        assertThat(response).containsEntry("isAuthorized", true);
        assertThat(response.get("context")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP).containsEntry("auth", "anonymous");
    }

    @Test
    void httpRequestWithoutCredentialsIsNotAuthorizedWhenAnonymousAccessIsOff() {
        Map<String, Object> response = Events.invoke(handler(builder -> builder.anonymousAccess(false)), Events.http(Map.of()));

        assertThat(response).isEqualTo(Map.of("isAuthorized", false));
    }

    @Test
    void headerNamesAreCaseInsensitive() {
        assertThat(Events.invoke(handler(), Events.rest(Map.of("AUTHORIZATION", "Bearer " + token())))).containsEntry("principalId", "user-1");
        assertThat(Events.invoke(handler(), Events.rest(Map.of("X-Api-Key", KEY)))).containsEntry("principalId", "acme");
    }

    @Test
    void bearerSchemeIsCaseInsensitive() {
        assertThat(Events.invoke(handler(), Events.rest(Map.of("Authorization", "bearer " + token())))).containsEntry("principalId", "user-1");
    }

    @Test
    void bearerTokenIsUsedWhenAnApiKeyIsPresentToo() {
        Map<String, Object> response = Events.invoke(handler(), Events.rest(Map.of("Authorization", "Bearer " + token(), "x-api-key", KEY)));

        assertThat(response).containsEntry("principalId", "user-1").doesNotContainKey("usageIdentifierKey");
    }

    @Test
    void invalidBearerTokenIsRefusedEvenWithAValidApiKey() {
        Map<String, Object> event = Events.rest(Map.of("Authorization", "Bearer not-a-token", "x-api-key", KEY));

        assertThatThrownBy(() -> Events.invoke(handler(), event)).isInstanceOf(UnauthorizedException.class);
    }

    @Test
    void otherAuthorizationSchemeIsRefusedRatherThanTreatedAsAnonymous() {
        Map<String, Object> event = Events.rest(Map.of("Authorization", "Basic dXNlcjpwYXNz"));

        assertThatThrownBy(() -> Events.invoke(handler(), event)).isInstanceOf(UnauthorizedException.class);
    }

    @Test
    void emptyApiKeyIsRefusedRatherThanTreatedAsAnonymous() {
        assertThatThrownBy(() -> Events.invoke(handler(), Events.rest(Map.of("x-api-key", " ")))).isInstanceOf(UnauthorizedException.class);
    }

    /** As deployed when API Gateway checks its own keys in x-api-key: that header is none of the authorizer's business. */
    private AuthorizerHandler apiKeysNotRead(UnaryOperator<AuthorizerConfig.Builder> settings) {
        return handler(builder -> settings.apply(builder.apiKeys(null).apiKeyHeader("none")));
    }

    @Test
    void restApiKeyIsIgnoredWhenApiKeysAreNotRead() {
        Map<String, Object> response = Events.invoke(apiKeysNotRead(b -> b), Events.rest(Map.of("x-api-key", KEY)));

        assertThat(response).containsEntry("principalId", "anonymous").doesNotContainKey("usageIdentifierKey");
        assertThat(response.get("context")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP).containsEntry("auth", "anonymous");
    }

    @Test
    void httpApiKeyIsIgnoredWhenApiKeysAreNotRead() {
        Map<String, Object> response = Events.invoke(apiKeysNotRead(b -> b), Events.http(Map.of("x-api-key", KEY)));

        assertThat(response).containsEntry("isAuthorized", true);
        assertThat(response.get("context")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP).containsEntry("auth", "anonymous");
    }

    @Test
    void apiKeyHeaderThatWouldBeRefusedIsIgnoredWhenApiKeysAreNotRead() {
        AuthorizerHandler handler = apiKeysNotRead(b -> b);
        Map<String, Object> twice = Events.rest(Map.of());
        twice.put("multiValueHeaders", Map.of("x-api-key", List.of(KEY, "another")));

        assertThat(Events.invoke(handler, Events.rest(Map.of("x-api-key", " ")))).containsEntry("principalId", "anonymous");
        assertThat(Events.invoke(handler, Events.rest(Map.of("x-api-key", "k".repeat(Credential.MAX_API_KEY_LENGTH + 1)))))
                .containsEntry("principalId", "anonymous");
        assertThat(Events.invoke(handler, twice)).containsEntry("principalId", "anonymous");
    }

    @Test
    void bearerTokenBesideAnApiGatewayKeyStillCountsWhenApiKeysAreNotRead() {
        AuthorizerHandler handler = apiKeysNotRead(b -> b);

        assertThat(Events.invoke(handler, Events.rest(Map.of("Authorization", "Bearer " + token(), "x-api-key", "gateway-key"))))
                .containsEntry("principalId", "user-1").doesNotContainKey("usageIdentifierKey");
        assertThatThrownBy(() -> Events.invoke(handler, Events.rest(Map.of("Authorization", "Bearer not-a-token", "x-api-key", "gateway-key"))))
                .isInstanceOf(UnauthorizedException.class);
    }

    @Test
    void apiKeyAloneIsNoCredentialWhenApiKeysAreNotReadAndAnonymousAccessIsOff() {
        AuthorizerHandler handler = apiKeysNotRead(b -> b.anonymousAccess(false));

        assertThatThrownBy(() -> Events.invoke(handler, Events.rest(Map.of("x-api-key", KEY)))).isInstanceOf(UnauthorizedException.class);
    }

    @Test
    void authorizationHeaderGivenTwiceIsRefused() {
        Map<String, Object> event = Events.rest(Map.of());
        event.put("multiValueHeaders", Map.of("Authorization", List.of("Bearer " + token(), "Bearer " + token())));

        assertThatThrownBy(() -> Events.invoke(handler(), event)).isInstanceOf(UnauthorizedException.class);
    }

    @Test
    void restEventWithOnlySingleValueHeadersIsRead() {
        Map<String, Object> event = Events.rest(bearer(token()));
        event.remove("multiValueHeaders");

        assertThat(Events.invoke(handler(), event)).containsEntry("principalId", "user-1");
    }

    @Test
    void tokenIsRefusedWhenNoIssuerIsConfigured() {
        AuthorizerHandler keysOnly = new AuthorizerHandler(AuthorizerConfig.builder().apiKeys(keys).build(), clock);

        assertThatThrownBy(() -> Events.invoke(keysOnly, Events.rest(bearer(token())))).isInstanceOf(UnauthorizedException.class);
    }

    @Test
    void verifiedTokenIsRememberedInsteadOfCheckedAgain() throws Exception {
        AuthorizerHandler handler = handler(builder -> builder.jwksTtl(Duration.ofMillis(200)));
        String token = token();
        Events.invoke(handler, Events.rest(bearer(token)));
        jwks.publish("idp", Tokens.OTHER_RSA); // the token's key is withdrawn...
        Thread.sleep(400);                      // ...and the withdrawal would be seen by now

        assertThat(Events.invoke(handler, Events.rest(bearer(token)))).containsEntry("principalId", "user-1");
        assertThatThrownBy(() -> Events.invoke(handler, Events.rest(bearer(Tokens.sign(Tokens.RSA, Tokens.claims(issuer, NOW).subject("user-2").build())))))
                .as("a token not seen before is checked against the new keys")
                .isInstanceOf(UnauthorizedException.class);
    }

    @Test
    void rememberedTokenIsNotAllowedPastItsExpiry() {
        AuthorizerHandler handler = handler(builder -> builder.clockSkew(Duration.ZERO).credentialCacheTtl(Duration.ofMinutes(5)));
        String shortLived = Tokens.sign(Tokens.RSA, Tokens.claims(issuer, NOW).expirationTime(java.util.Date.from(NOW.plusSeconds(10))).build());
        Events.invoke(handler, Events.rest(bearer(shortLived)));

        clock.advance(Duration.ofSeconds(9));
        assertThat(Events.invoke(handler, Events.rest(bearer(shortLived)))).containsEntry("principalId", "user-1");

        clock.advance(Duration.ofSeconds(1));
        assertThatThrownBy(() -> Events.invoke(handler, Events.rest(bearer(shortLived)))).isInstanceOf(UnauthorizedException.class);
    }

    @Test
    void refusalIsLoggedWithItsReasonAndRequestId() {
        AuthorizerHandler handler = handler();
        try (LogCapture log = LogCapture.of(AuthorizerHandler.class)) {
            Events.invoke(handler, Events.http(Map.of("authorization", "Bearer " + Tokens.sign(Tokens.OTHER_RSA, Tokens.claims(issuer, NOW).build()))));

            assertThat(log.lines()).singleElement().asString()
                    .startsWith("INFO request http-request-1: refused: ")
                    .contains("no matching key");
        }
    }

    @ParameterizedTest(name = "event {0} fails with Unauthorized")
    @ValueSource(strings = {"not json", "[]", "", "null", "{\"type\":\"REQUEST\"}", "{\"methodArn\":\"" + Events.METHOD_ARN + "\"}"})
    void eventThatIsNoRestAuthorizerEventFailsWithUnauthorized(String event) {
        assertThatThrownBy(() -> Events.invoke(handler(), event.getBytes(StandardCharsets.UTF_8))).isInstanceOf(UnauthorizedException.class);
    }

    @Test
    void tokenAuthorizerEventFailsWithUnauthorized() {
        Map<String, Object> event = new LinkedHashMap<>(Map.of("type", "TOKEN", "authorizationToken", "Bearer " + token(), "methodArn", Events.METHOD_ARN));

        AuthorizerHandler handler = handler();
        try (LogCapture log = LogCapture.of(AuthorizerHandler.class)) {
            assertThatThrownBy(() -> Events.invoke(handler, event)).isInstanceOf(UnauthorizedException.class);
            assertThat(log.lines()).singleElement().asString().contains("only REQUEST authorizers");
        }
    }

    @Test
    void proxyIntegrationEventFailsWithUnauthorized() throws Exception {
        byte[] proxyEvent = Files.readAllBytes(Path.of("../../events/rest-v1-get.json"));

        assertThatThrownBy(() -> Events.invoke(handler(), proxyEvent)).isInstanceOf(UnauthorizedException.class);
    }

    @Test
    void restEventWithAMethodArnThatIsNoArnFailsWithUnauthorized() {
        Map<String, Object> event = Events.rest(bearer(token()));
        event.put("methodArn", "arn:aws:lambda:eu-west-1:123456789012:function:x");

        assertThatThrownBy(() -> Events.invoke(handler(), event)).isInstanceOf(UnauthorizedException.class);
    }

    @Test
    void restEventWithHeadersOfTheWrongTypeFailsWithUnauthorized() {
        Map<String, Object> event = Events.rest(Map.of());
        event.put("headers", List.of("Authorization: Bearer x"));

        assertThatThrownBy(() -> Events.invoke(handler(), event)).isInstanceOf(UnauthorizedException.class);
    }

    @Test
    void httpEventWithHeadersOfTheWrongTypeIsNotAuthorized() {
        Map<String, Object> event = Events.http(Map.of());
        event.put("headers", Map.of("authorization", 42));

        assertThat(Events.invoke(handler(), event)).isEqualTo(Map.of("isAuthorized", false));
    }

    @Test
    void malformedEventIsLoggedNamingTheFieldAndTheRequestId() {
        Map<String, Object> event = Events.http(Map.of());
        event.put("headers", Map.of("authorization", 42));

        AuthorizerHandler handler = handler();
        try (LogCapture log = LogCapture.of(AuthorizerHandler.class)) {
            Events.invoke(handler, event);

            assertThat(log.lines()).singleElement().asString()
                    .isEqualTo("WARNING request http-request-1: refused a malformed event: 'headers.authorization' must be a string, was a number");
        }
    }

    @Test
    void httpProxyEventIsNotAuthorized() throws Exception {
        byte[] proxyEvent = Files.readAllBytes(Path.of("../../events/http-v2-get.json"));

        assertThat(Events.invoke(handler(), proxyEvent)).isEqualTo(Map.of("isAuthorized", false));
    }
}
