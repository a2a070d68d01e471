package dev.lambassador.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import dev.lambassador.core.auth.RouteAuth;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.logs.RetentionDays;

/** How {@code -c key=value} context becomes gateway settings; no synthesis needed. */
class LambassadorAppTest {

    @TempDir
    Path workDir;

    @Test
    void contextKeysSetTheSettingsOfTheSameName() {
        LambassadorGatewayProps props = propsFrom(Map.of(
                "stage", "staging",
                "apiType", "HTTP",
                "routerMemoryMb", "2048",
                "architecture", "x86_64",
                "snapStart", "false",
                "logRetentionDays", "14",
                "routesTtlSeconds", "60",
                "jwtIssuers", "https://a.example.com/, https://b.example.com/",
                "jwtAudiences", "api",
                "throttleRateLimit", "25.5"));

        assertThat(props.stageName()).isEqualTo("staging");
        assertThat(props.apiType()).isEqualTo(ApiType.HTTP);
        assertThat(props.routerMemoryMb()).isEqualTo(2048);
        assertThat(props.architecture().getName()).isEqualTo(Architecture.X86_64.getName());
        assertThat(props.snapStart()).isFalse();
        assertThat(props.logRetention()).isEqualTo(RetentionDays.TWO_WEEKS);
        assertThat(props.routesTtl()).isEqualTo(Duration.ofSeconds(60));
        assertThat(props.jwtIssuers()).containsExactly("https://a.example.com/", "https://b.example.com/");
        assertThat(props.jwtAudiences()).containsExactly("api");
        assertThat(props.throttling()).isEqualTo(Throttling.of(25.5, LambassadorGatewayProps.DEFAULT_THROTTLING.burstLimit()));
    }

    @Test
    void authorizerContextKeysSetTheSettingsOfTheSameName() {
        LambassadorGatewayProps props = propsFrom(Map.of(
                "authorizerMemoryMb", "768",
                "authorizerCacheTtlSeconds", "120",
                "anonymousAccess", "false",
                "defaultRouteAuth", "apiKey"));

        assertThat(props.authorizerMemoryMb()).isEqualTo(768);
        assertThat(props.authorizerCacheTtl()).isEqualTo(Duration.ofSeconds(120));
        assertThat(props.anonymousAccess()).isFalse();
        assertThat(props.defaultRouteAuth()).isEqualTo(RouteAuth.API_KEY);
    }

    @Test
    void apiKeySourceIsReadWithApiKeyRequired() {
        LambassadorGatewayProps props = propsFrom(Map.of("apiKeyRequired", "true", "apiKeySource", "authorizer"));

        assertThat(props.apiKeySource()).isEqualTo(ApiKeySource.AUTHORIZER);
        assertThatIllegalArgumentException()
                .isThrownBy(() -> propsFrom(Map.of("apiKeyRequired", "true", "apiKeySource", "query")))
                .withMessageContaining("context apiKeySource");
    }

    @Test
    void unknownDefaultRouteAuthIsRejectedNamingTheKey() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> propsFrom(Map.of("defaultRouteAuth", "basic")))
                .withMessageStartingWith("context defaultRouteAuth");
    }

    @Test
    void typedValuesFromCdkJsonWorkLikeCommandLineStrings() {
        LambassadorGatewayProps props = propsFrom(Map.of(
                "routerMemoryMb", 512,
                "snapStart", false,
                "corsAllowOrigins", List.of("https://app.example.com")));

        assertThat(props.routerMemoryMb()).isEqualTo(512);
        assertThat(props.snapStart()).isFalse();
        assertThat(props.cors()).hasValueSatisfying(cors -> assertThat(cors.allowOrigins()).containsExactly("https://app.example.com"));
    }

    @Test
    void unsetKeysKeepTheDefaults() {
        LambassadorGatewayProps props = propsFrom(Map.of());

        assertThat(props.stageName()).isEqualTo(LambassadorGatewayProps.DEFAULT_STAGE_NAME);
        assertThat(props.apiType()).isEqualTo(LambassadorGatewayProps.DEFAULT_API_TYPE);
        assertThat(props.routerCode()).isPresent();
        assertThat(props.authorizerCode()).isPresent();
        assertThat(props.authorizerCacheTtl()).isEqualTo(LambassadorGatewayProps.DEFAULT_AUTHORIZER_CACHE_TTL);
    }

    @Test
    void unknownApiTypeIsRejectedNamingTheKey() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> propsFrom(Map.of("apiType", "websocket")))
                .withMessageContaining("context apiType");
    }

    @Test
    void logRetentionMustBeACloudWatchPeriod() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> propsFrom(Map.of("logRetentionDays", "10")))
                .withMessageContaining("context logRetentionDays");
    }

    @Test
    void malformedNumbersAndBooleansAreRejectedNamingTheKey() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> propsFrom(Map.of("routerMemoryMb", "lots")))
                .withMessageContaining("context routerMemoryMb");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> propsFrom(Map.of("snapStart", "yes")))
                .withMessageContaining("context snapStart");
    }

    @Test
    void customDomainNeedsBothNameAndCertificate() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> propsFrom(Map.of("domainName", "api.example.com")))
                .withMessageContaining("domainName and certificateArn");
    }

    @Test
    void missingRouterJarFailsWithTheBuildCommand() {
        Map<String, Object> context = Map.of("routerJar", workDir.resolve("absent.jar").toString());
        assertThatIllegalStateException()
                .isThrownBy(() -> LambassadorApp.gatewayProps(contextOf(context)))
                .withMessageContaining("absent.jar")
                .withMessageContaining("mvn -B package -DskipTests");
    }

    @Test
    void missingAuthorizerJarFailsWithTheBuildCommand() {
        Map<String, Object> context = Map.of(
                "routerJar", Synthesized.routerJar(workDir).toString(),
                "authorizerJar", workDir.resolve("no-authorizer.jar").toString());
        assertThatIllegalStateException()
                .isThrownBy(() -> LambassadorApp.gatewayProps(contextOf(context)))
                .withMessageStartingWith("Authorizer jar not found")
                .withMessageContaining("no-authorizer.jar")
                .withMessageContaining("mvn -B package -DskipTests")
                .withMessageContaining("-c authorizerJar=PATH");
    }

    private LambassadorGatewayProps propsFrom(Map<String, Object> context) {
        return LambassadorApp.gatewayProps(contextOf(Synthesized.withJars(workDir, context)));
    }

    private static LambassadorApp.Context contextOf(Map<String, Object> context) {
        return new LambassadorApp.Context(new App(AppProps.builder().context(context).build()).getNode());
    }
}
