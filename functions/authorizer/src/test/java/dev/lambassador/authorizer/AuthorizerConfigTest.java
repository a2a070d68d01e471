package dev.lambassador.authorizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lambassador.core.auth.ApiKeyStore;
import dev.lambassador.dynamodb.DynamoDbApiKeyStore;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuthorizerConfigTest {

    @Test
    void emptyEnvironmentGivesTheDefaults() {
        AuthorizerConfig config = AuthorizerConfig.fromEnvironment(Map.of());

        assertThat(config.issuers()).isEmpty();
        assertThat(config.audiences()).isEmpty();
        assertThat(config.clockSkew()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.jwksTtl()).isEqualTo(Duration.ofSeconds(300));
        assertThat(config.apiKeys()).isEmpty();
        assertThat(config.credentialCacheTtl()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.anonymousAccess()).isTrue();
    }

    @Test
    void issuerAloneHasItsJwksUnderWellKnown() {
        AuthorizerConfig config = AuthorizerConfig.fromEnvironment(Map.of(
                "JWT_ISSUERS", "https://login.example.com/tenant, https://auth.example.org/", "JWT_AUDIENCES", "orders-api"));

        assertThat(config.issuers()).containsExactly(
                Map.entry("https://login.example.com/tenant", URI.create("https://login.example.com/tenant/.well-known/jwks.json")),
                Map.entry("https://auth.example.org/", URI.create("https://auth.example.org/.well-known/jwks.json")));
    }

    @Test
    void issuerWithItsJwksUrl() {
        AuthorizerConfig config = AuthorizerConfig.fromEnvironment(Map.of(
                "JWT_ISSUERS", "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc https://keys.example.com/jwks",
                "JWT_AUDIENCES", "a, b"));

        assertThat(config.issuers()).containsExactly(Map.entry(
                "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc", URI.create("https://keys.example.com/jwks")));
        assertThat(config.audiences()).containsExactly("a", "b");
    }

    @Test
    void nonUrlIssuerNeedsAJwksUrl() {
        assertThatThrownBy(() -> AuthorizerConfig.fromEnvironment(Map.of("JWT_ISSUERS", "my-issuer", "JWT_AUDIENCES", "a")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("JWT_ISSUERS").hasMessageContaining("my-issuer");
    }

    @Test
    void nonHttpJwksUrlIsNamed() {
        assertThatThrownBy(() -> AuthorizerConfig.fromEnvironment(Map.of("JWT_ISSUERS", "iss file:///etc/keys", "JWT_AUDIENCES", "a")))
                .hasMessageContaining("JWT_ISSUERS").hasMessageContaining("file:///etc/keys");
    }

    @Test
    void issuerEntryWithThreePartsIsNamed() {
        assertThatThrownBy(() -> AuthorizerConfig.fromEnvironment(Map.of("JWT_ISSUERS", "a b c", "JWT_AUDIENCES", "a")))
                .hasMessageContaining("JWT_ISSUERS");
    }

    @Test
    void issuerGivenTwiceIsNamed() {
        assertThatThrownBy(() -> AuthorizerConfig.fromEnvironment(Map.of(
                "JWT_ISSUERS", "https://a.example.com,https://a.example.com", "JWT_AUDIENCES", "a")))
                .hasMessageContaining("JWT_ISSUERS").hasMessageContaining("twice");
    }

    @Test
    void issuersWithoutAudiencesAreRefused() {
        assertThatThrownBy(() -> AuthorizerConfig.fromEnvironment(Map.of("JWT_ISSUERS", "https://login.example.com")))
                .hasMessageContaining("JWT_AUDIENCES");
    }

    @Test
    void numbersAreRead() {
        AuthorizerConfig config = AuthorizerConfig.fromEnvironment(Map.of(
                "JWT_CLOCK_SKEW_SECONDS", "5", "JWKS_TTL_SECONDS", "600", "CREDENTIAL_CACHE_SECONDS", "0"));

        assertThat(config.clockSkew()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.jwksTtl()).isEqualTo(Duration.ofSeconds(600));
        assertThat(config.credentialCacheTtl()).isZero();
    }

    @Test
    void badNumberIsNamed() {
        assertThatThrownBy(() -> AuthorizerConfig.fromEnvironment(Map.of("JWT_CLOCK_SKEW_SECONDS", "a minute")))
                .hasMessageContaining("JWT_CLOCK_SKEW_SECONDS").hasMessageContaining("a minute");
    }

    @Test
    void jwksTtlOfZeroIsNamed() {
        assertThatThrownBy(() -> AuthorizerConfig.fromEnvironment(Map.of("JWKS_TTL_SECONDS", "0")))
                .hasMessageContaining("JWKS_TTL_SECONDS");
    }

    @Test
    void negativeCacheSecondsAreNamed() {
        assertThatThrownBy(() -> AuthorizerConfig.fromEnvironment(Map.of("CREDENTIAL_CACHE_SECONDS", "-1")))
                .hasMessageContaining("CREDENTIAL_CACHE_SECONDS");
    }

    @Test
    void apiKeysTableWithoutARegionIsNamed() {
        assertThatThrownBy(() -> AuthorizerConfig.fromEnvironment(Map.of("API_KEYS_TABLE", "routes",
                "AWS_ACCESS_KEY_ID", "test", "AWS_SECRET_ACCESS_KEY", "test")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("AWS_REGION");
    }

    @Test
    void anonymousAccessCanBeTurnedOff() {
        assertThat(AuthorizerConfig.fromEnvironment(Map.of("ANONYMOUS_ACCESS", "FALSE")).anonymousAccess()).isFalse();
    }

    @Test
    void anonymousAccessThatIsNotABooleanIsNamed() {
        assertThatThrownBy(() -> AuthorizerConfig.fromEnvironment(Map.of("ANONYMOUS_ACCESS", "no")))
                .hasMessageContaining("ANONYMOUS_ACCESS").hasMessageContaining("'no'");
    }

    @Test
    void apiKeysTableGivesADynamoDbKeyStore() {
        AuthorizerConfig config = AuthorizerConfig.fromEnvironment(Map.of(
                "API_KEYS_TABLE", "routes", "AWS_ENDPOINT_URL", "http://127.0.0.1:1",
                "AWS_REGION", "us-east-1", "AWS_ACCESS_KEY_ID", "test", "AWS_SECRET_ACCESS_KEY", "test"));

        assertThat(config.apiKeys()).containsInstanceOf(DynamoDbApiKeyStore.class);
    }

    @Test
    void apiKeysAreReadFromXApiKeyByDefault() {
        assertThat(AuthorizerConfig.fromEnvironment(Map.of()).apiKeyHeader()).contains("x-api-key");
        assertThat(AuthorizerConfig.fromEnvironment(Map.of("API_KEY_HEADER", " X-Api-Key ")).apiKeyHeader()).contains("x-api-key");
    }

    @Test
    void apiKeyHeaderNoneReadsNoApiKeys() {
        AuthorizerConfig config = AuthorizerConfig.fromEnvironment(Map.of("API_KEY_HEADER", "None"));

        assertThat(config.apiKeyHeader()).isEmpty();
        assertThat(config.apiKeys()).isEmpty();
    }

    @Test
    void apiKeyHeaderOtherThanXApiKeyIsNamed() {
        // The router keeps only x-api-key from backends; a key in any other header would reach them.
        assertThatThrownBy(() -> AuthorizerConfig.fromEnvironment(Map.of("API_KEY_HEADER", "x-lambassador-key")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("API_KEY_HEADER").hasMessageContaining("'x-lambassador-key'");
    }

    @Test
    void apiKeysTableWithApiKeyHeaderNoneIsNamed() {
        assertThatThrownBy(() -> AuthorizerConfig.fromEnvironment(Map.of(
                "API_KEY_HEADER", "none", "API_KEYS_TABLE", "routes", "AWS_ENDPOINT_URL", "http://127.0.0.1:1")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("API_KEYS_TABLE").hasMessageContaining("API_KEY_HEADER");
    }

    @Test
    void builderTakesTheApiKeyHeader() {
        assertThat(AuthorizerConfig.builder().apiKeyHeader("NONE").build().apiKeyHeader()).isEmpty();
        assertThat(AuthorizerConfig.builder().apiKeyHeader("none").build())
                .isEqualTo(AuthorizerConfig.fromEnvironment(Map.of("API_KEY_HEADER", "none")));
        assertThatThrownBy(() -> AuthorizerConfig.builder().apiKeyHeader("authorization").build())
                .hasMessageContaining("apiKeyHeader").hasMessageContaining("'authorization'");
        ApiKeyStore store = AuthorizerConfig.fromEnvironment(Map.of("API_KEYS_TABLE", "routes", "AWS_ENDPOINT_URL", "http://127.0.0.1:1",
                        "AWS_REGION", "us-east-1", "AWS_ACCESS_KEY_ID", "test", "AWS_SECRET_ACCESS_KEY", "test"))
                .apiKeys().orElseThrow();
        assertThatThrownBy(() -> AuthorizerConfig.builder().apiKeyHeader("none").apiKeys(store).build())
                .hasMessageContaining("apiKeyHeader").hasMessageContaining("apiKeys");
    }

    @Test
    void builderStartsFromTheDefaults() {
        AuthorizerConfig config = AuthorizerConfig.builder().build();

        assertThat(config).isEqualTo(AuthorizerConfig.fromEnvironment(Map.of()));
        assertThat(config.jwksTimeout()).isEqualTo(AuthorizerConfig.DEFAULT_JWKS_TIMEOUT);
    }

    @Test
    void builderNamesWhatIsWrong() {
        assertThatThrownBy(() -> AuthorizerConfig.builder().issuer("https://a.example.com").build())
                .hasMessageContaining("audiences");
        assertThatThrownBy(() -> AuthorizerConfig.builder().jwksTtl(Duration.ZERO).build())
                .hasMessageContaining("jwksTtl");
        assertThatThrownBy(() -> AuthorizerConfig.builder().clockSkew(Duration.ofSeconds(-1)).build())
                .hasMessageContaining("clockSkew");
    }
}
