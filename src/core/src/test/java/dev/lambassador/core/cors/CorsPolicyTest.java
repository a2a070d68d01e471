package dev.lambassador.core.cors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lambassador.core.route.Problems;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Reading a CORS policy from an item's {@code cors} map or the deployment's settings, and matching origins against it. */
class CorsPolicyTest {

    private static Map<String, Object> cors(Object... pairs) {
        Map<String, Object> cors = new HashMap<>(Map.of("allowOrigins", List.of("https://app.example.com")));
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i + 1] == null) {
                cors.remove((String) pairs[i]);
            } else {
                cors.put((String) pairs[i], pairs[i + 1]);
            }
        }
        return cors;
    }

    private static CorsPolicy valid(Map<String, Object> cors) {
        Problems problems = new Problems();
        CorsPolicy policy = CorsPolicy.parse(cors, problems);
        assertThat(problems.all()).isEmpty();
        return policy;
    }

    private static List<Problems.Problem> problems(Map<String, Object> cors) {
        Problems problems = new Problems();
        assertThat(CorsPolicy.parse(cors, problems)).isNull();
        return problems.all();
    }

    @Test
    void aPolicyWithoutOriginsIsRefused() {
        assertThat(problems(cors("allowOrigins", null))).singleElement().hasToString(
                "allowOrigins: needs at least one origin, like https://app.example.com, https://*.example.com or *");
    }

    @Test
    void anEmptyListOfOriginsIsRefused() {
        assertThat(problems(cors("allowOrigins", List.of()))).extracting(Problems.Problem::message)
                .containsExactly("needs at least one origin, like https://app.example.com, https://*.example.com or *");
    }

    @Test
    void originsThatAreNotStringsAreNamedByPositionAndNotAlsoAsMissing() {
        assertThat(problems(cors("allowOrigins", List.of(42)))).extracting(Problems.Problem::field).containsExactly("allowOrigins[0]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"app.example.com", "https://app.example.com/", "https://app.example.com/path", "https://app.example.com?x=1",
            "https://user@app.example.com", "https://app*.example.com", "https://*example.com", "https://[not-a-host"})
    void anOriginThatIsNotSchemeHostAndPortIsRefusedSayingWhatItMustBe(String origin) {
        assertThat(problems(cors("allowOrigins", List.of(origin)))).singleElement().hasToString(
                "allowOrigins: '" + origin + "' must be scheme://host[:port], *.host for any subdomain, or *");
    }

    @ParameterizedTest
    @ValueSource(strings = {"*", "https://app.example.com", "http://localhost:3000", "https://*.example.com"})
    void originsOfEveryAcceptedShapeAreRead(String origin) {
        assertThat(valid(cors("allowOrigins", List.of(origin))).allowOrigins()).containsExactly(origin);
    }

    @Test
    void aMinimalPolicyGetsTheDefaults() {
        CorsPolicy policy = valid(cors());

        assertThat(policy.allowMethods()).containsExactlyInAnyOrderElementsOf(CorsPolicy.DEFAULT_METHODS);
        assertThat(policy.allowHeaders()).isEqualTo(CorsPolicy.DEFAULT_HEADERS);
        assertThat(policy.exposeHeaders()).isEmpty();
        assertThat(policy.allowCredentials()).isFalse();
        assertThat(policy.maxAge()).isEqualTo(CorsPolicy.DEFAULT_MAX_AGE);
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 1, 600, 86_400})
    void aMaxAgeFromNoneToADayIsKept(long seconds) {
        assertThat(valid(cors("maxAgeSeconds", seconds)).maxAge()).isEqualTo(Duration.ofSeconds(seconds));
    }

    @Test
    void aMaxAgeWrittenWithTrailingZeroDecimalsIsAWholeNumber() {
        assertThat(valid(cors("maxAgeSeconds", new BigDecimal("600.00"))).maxAge()).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void aMaxAgeBeyondADayOrBelowZeroOrFractionalOrNotANumberIsRefused() {
        for (Object maxAge : List.of(86_401, -1, new BigDecimal("1.5"), "600")) {
            assertThat(problems(cors("maxAgeSeconds", maxAge))).as("%s", maxAge).singleElement().satisfies(problem -> {
                assertThat(problem.field()).isEqualTo("maxAgeSeconds");
                assertThat(problem.message()).startsWith("must be a whole number of seconds from 0 to 86400, was ");
            });
        }
    }

    @Test
    void wildcardsNeedAtLeastOneLabelBeforeTheDomain() {
        CorsPolicy policy = valid(cors("allowOrigins", List.of("https://*.example.org")));

        assertThat(policy.allows("https://.example.org")).isFalse();
        assertThat(policy.allows("https://x.example.org")).isTrue();
        assertThat(policy.allows("HTTPS://X.EXAMPLE.ORG")).as("scheme and host ignore case").isTrue();
        assertThat(policy.allows("https://evil.test/x.example.org")).as("an origin has no path").isFalse();
    }

    @Test
    void withoutTheCorsSettingsThereIsNoDeploymentPolicy() {
        assertThat(CorsPolicy.fromSettings(Map.of("CORS_ALLOW_METHODS", "GET"))).isEmpty();
    }

    @Test
    void originsAloneInTheSettingsGetTheDefaults() {
        Optional<CorsPolicy> policy = CorsPolicy.fromSettings(Map.of("CORS_ALLOW_ORIGINS", "https://app.example.com, https://*.example.org"));

        assertThat(policy).hasValue(new CorsPolicy(List.of("https://app.example.com", "https://*.example.org"),
                java.util.Set.copyOf(CorsPolicy.DEFAULT_METHODS), CorsPolicy.DEFAULT_HEADERS, List.of(), false,
                CorsPolicy.DEFAULT_MAX_AGE));
    }

    @Test
    void everyCorsSettingIsRead() {
        Optional<CorsPolicy> policy = CorsPolicy.fromSettings(Map.of(
                "CORS_ALLOW_ORIGINS", "https://app.example.com",
                "CORS_ALLOW_METHODS", "get, post",
                "CORS_ALLOW_HEADERS", "X-Tenant",
                "CORS_EXPOSE_HEADERS", "X-Request-Id",
                "CORS_ALLOW_CREDENTIALS", "true",
                "CORS_MAX_AGE_SECONDS", "60"));

        assertThat(policy).hasValue(new CorsPolicy(List.of("https://app.example.com"), java.util.Set.of("GET", "POST"),
                List.of("X-Tenant"), List.of("X-Request-Id"), true, Duration.ofSeconds(60)));
    }

    @Test
    void wrongCorsSettingsAreNamedAsTheEnvironmentSpellsThem() {
        assertThatThrownBy(() -> CorsPolicy.fromSettings(Map.of("CORS_ALLOW_ORIGINS", "app.example.com", "CORS_MAX_AGE_SECONDS", "90000")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("CORS_ALLOW_ORIGINS: 'app.example.com' must be scheme://host[:port], *.host for any subdomain, or *; "
                        + "CORS_MAX_AGE_SECONDS: must be a whole number of seconds from 0 to 86400, was number 90000");
    }

    @Test
    void credentialsForAnyOriginAreRefusedNamingTheSetting() {
        assertThatThrownBy(() -> CorsPolicy.fromSettings(Map.of("CORS_ALLOW_ORIGINS", "*", "CORS_ALLOW_CREDENTIALS", "true")))
                .hasMessageStartingWith("CORS_ALLOW_CREDENTIALS: cannot be true with allowOrigins '*'");
    }
}
