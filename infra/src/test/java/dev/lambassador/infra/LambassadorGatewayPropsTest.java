package dev.lambassador.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.lambassador.core.auth.RouteAuth;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.logs.RetentionDays;

class LambassadorGatewayPropsTest {

    @Test
    void defaultsAreARestApiOnArm64WithSnapStartOnStageProd() {
        LambassadorGatewayProps props = LambassadorGatewayProps.defaults();

        assertThat(props.apiType()).isEqualTo(ApiType.REST);
        assertThat(props.stageName()).isEqualTo("prod");
        assertThat(props.architecture().getName()).isEqualTo(Architecture.ARM_64.getName());
        assertThat(props.snapStart()).isTrue();
        assertThat(props.tracing()).isTrue();
        assertThat(props.routerMemoryMb()).isEqualTo(1024);
        assertThat(props.routesTtl()).isEqualTo(Duration.ofSeconds(2));
        assertThat(props.authorizerCacheTtl()).isZero();
        assertThat(props.anonymousAccess()).isTrue();
        assertThat(props.defaultRouteAuth()).isEqualTo(RouteAuth.ANY);
        assertThat(props.apiKeySource()).isEqualTo(ApiKeySource.HEADER);
        assertThat(props.authorizerMemoryMb()).isEqualTo(512);
        assertThat(props.logRetention()).isEqualTo(RetentionDays.ONE_MONTH);
        assertThat(props.throttling()).isEqualTo(Throttling.of(1000, 2000));
        assertThat(props.usagePlans()).isEmpty();
        assertThat(props.apiKeyRequired()).isFalse();
        assertThat(props.cors()).isEmpty();
        assertThat(props.customDomain()).isEmpty();
        assertThat(props.routerCode()).isEmpty();
        assertThat(props.authorizerCode()).isEmpty();
        assertThat(props.tableName()).isEmpty();
    }

    @Test
    void deletionProtectionIsOnOutsideDevelopmentStagesAndOffInThem() {
        assertThat(LambassadorGatewayProps.builder().stageName("prod").build().deletionProtection()).isTrue();
        assertThat(LambassadorGatewayProps.builder().stageName("staging").build().deletionProtection()).isTrue();
        for (String stage : LambassadorGatewayProps.DEVELOPMENT_STAGE_NAMES) {
            assertThat(LambassadorGatewayProps.builder().stageName(stage).build().deletionProtection()).as(stage).isFalse();
        }
    }

    @Test
    void explicitDeletionProtectionWinsOverTheStageDefault() {
        assertThat(LambassadorGatewayProps.builder().stageName("dev").deletionProtection(true).build().deletionProtection())
                .isTrue();
    }

    @Test
    void listsAreCopiedSoTheBuiltPropsCannotChange() {
        List<String> issuers = new ArrayList<>(List.of("https://issuer.example.com/"));
        LambassadorGatewayProps props = LambassadorGatewayProps.builder().jwtIssuers(issuers).jwtAudiences(List.of("api")).build();
        issuers.add("https://other.example.com/");

        assertThat(props.jwtIssuers()).containsExactly("https://issuer.example.com/");
    }

    @Test
    void toBuilderKeepsEverySetting() {
        LambassadorGatewayProps props = LambassadorGatewayProps.builder()
                .apiType(ApiType.HTTP).stageName("staging").routerMemoryMb(2048).snapStart(false)
                .jwtIssuers(List.of("https://issuer.example.com/")).jwtAudiences(List.of("api"))
                .anonymousAccess(false).defaultRouteAuth(RouteAuth.NONE).backendAllowedHosts(List.of("*.internal")).build();

        LambassadorGatewayProps copy = props.toBuilder().build();

        assertThat(copy).usingRecursiveComparison().isEqualTo(props);
    }

    @Test
    void invalidStageNameIsRejectedNamingTheField() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> LambassadorGatewayProps.builder().stageName("prod/v1").build())
                .withMessageStartingWith("stageName ");
    }

    @Test
    void memoryOutsideLambdaLimitsIsRejectedNamingTheField() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> LambassadorGatewayProps.builder().routerMemoryMb(64).build())
                .withMessageStartingWith("routerMemoryMb ");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> LambassadorGatewayProps.builder().authorizerMemoryMb(20_000).build())
                .withMessageStartingWith("authorizerMemoryMb ");
    }

    @Test
    void routerTimeoutMustBeWholeSecondsWithinLambdasLimit() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> LambassadorGatewayProps.builder().routerTimeout(Duration.ofMinutes(16)).build())
                .withMessageStartingWith("routerTimeout ");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> LambassadorGatewayProps.builder().routerTimeout(Duration.ofMillis(1500)).build())
                .withMessageStartingWith("routerTimeout ");
    }

    @Test
    void routesTtlBelowOneSecondIsRejected() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> LambassadorGatewayProps.builder().routesTtl(Duration.ZERO).build())
                .withMessageStartingWith("routesTtl ");
    }

    @Test
    void newAndExistingTableSettingsAreExclusive() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> LambassadorGatewayProps.builder().tableName("routes").existingTableName("shared").build())
                .withMessageStartingWith("tableName ");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> LambassadorGatewayProps.builder().existingTableName("shared").deletionProtection(true).build())
                .withMessageStartingWith("deletionProtection ");
    }

    @Test
    void tableNameMustBeAValidDynamoDbName() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> LambassadorGatewayProps.builder().tableName("my routes").build())
                .withMessageStartingWith("tableName ");
    }

    @Test
    void jwtIssuersMustBeHttpsUrls() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> LambassadorGatewayProps.builder().jwtIssuers(List.of("http://issuer.example.com/")).build())
                .withMessageStartingWith("jwtIssuers ");
    }

    @Test
    void anIssuerMayNameItsJwksUrlAfterASpace() {
        LambassadorGatewayProps props = LambassadorGatewayProps.builder()
                .jwtIssuers(List.of("urn:example:idp https://idp.example.com/keys.json"))
                .jwtAudiences(List.of("api"))
                .build();

        assertThat(props.jwtIssuers()).containsExactly("urn:example:idp https://idp.example.com/keys.json");
    }

    @Test
    void issuerEntriesThatWouldNotSurviveTheCommaSeparatedVariableAreRejected() {
        for (String entry : List.of("https://a.example.com,https://b.example.com", "urn:idp http://idp.example.com/keys",
                "urn:idp", "https://a.example.com  https://a.example.com/keys", "")) {
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> LambassadorGatewayProps.builder().jwtIssuers(List.of(entry)).jwtAudiences(List.of("api")).build())
                    .as(entry)
                    .withMessageStartingWith("jwtIssuers ");
        }
        assertThatIllegalArgumentException()
                .isThrownBy(() -> LambassadorGatewayProps.builder().jwtIssuers(List.of("https://a.example.com"))
                        .jwtAudiences(List.of("api,admin")).build())
                .withMessageStartingWith("jwtAudiences ");
    }

    @Test
    void jwtIssuersWithoutAnAudienceAreRejected() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> LambassadorGatewayProps.builder().jwtIssuers(List.of("https://issuer.example.com/")).build())
                .withMessageStartingWith("jwtAudiences must name at least one audience");
    }

    @Test
    void apiKeysFromTheAuthorizerNeedMethodsThatRequireKeys() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> LambassadorGatewayProps.builder().apiKeySource(ApiKeySource.AUTHORIZER).build())
                .withMessageStartingWith("apiKeySource ");
        assertThat(LambassadorGatewayProps.builder().apiKeyRequired(true).apiKeySource(ApiKeySource.AUTHORIZER).build()
                .apiKeySource()).isEqualTo(ApiKeySource.AUTHORIZER);
    }

    @Test
    void defaultRouteAuthMustBeAModeThatRoutesCanName() {
        assertThatIllegalArgumentException().isThrownBy(() -> LambassadorGatewayProps.builder().defaultRouteAuth(RouteAuth.DEFAULT))
                .withMessage("defaultRouteAuth is the default itself: one of none, jwt, apiKey, any");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> LambassadorGatewayProps.builder().defaultRouteAuth(null).build())
                .withMessageStartingWith("defaultRouteAuth ");
    }

    @Test
    void backendAllowedHostsAreReadAsTheRouterReadsThem() {
        assertThat(LambassadorGatewayProps.builder().backendAllowedHosts(List.of("*.internal.example.com", "10.0.4.17")).build()
                .backendAllowedHosts()).containsExactly("*.internal.example.com", "10.0.4.17");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> LambassadorGatewayProps.builder().backendAllowedHosts(List.of("https://orders.internal")).build())
                .withMessageStartingWith("backendAllowedHosts must be comma-separated host names, IP addresses or *.domain");
    }

    @Test
    void jwtAudiencesWithoutAnIssuerAreRejected() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> LambassadorGatewayProps.builder().jwtAudiences(List.of("api")).build())
                .withMessageStartingWith("jwtAudiences ");
    }

    @Test
    void authorizerCacheTtlIsCappedAtApiGatewaysHour() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> LambassadorGatewayProps.builder().authorizerCacheTtl(Duration.ofMinutes(61)).build())
                .withMessageStartingWith("authorizerCacheTtl ");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> LambassadorGatewayProps.builder().authorizerCacheTtl(Duration.ofSeconds(-1)).build())
                .withMessageStartingWith("authorizerCacheTtl ");
        assertThat(LambassadorGatewayProps.builder().authorizerCacheTtl(Duration.ofHours(1)).build().authorizerCacheTtl())
                .isEqualTo(Duration.ofSeconds(3600));
        assertThat(LambassadorGatewayProps.builder().authorizerCacheTtl(Duration.ZERO).build().authorizerCacheTtl())
                .isZero();
    }

    @Test
    void usagePlansAndApiKeysNeedARestApi() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> LambassadorGatewayProps.builder().apiType(ApiType.HTTP)
                        .addUsagePlan(UsagePlan.named("basic")).build())
                .withMessageStartingWith("usagePlans ");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> LambassadorGatewayProps.builder().apiType(ApiType.HTTP).apiKeyRequired(true).build())
                .withMessageStartingWith("apiKeyRequired ");
    }

    @Test
    void usagePlanNamesMustBeUnique() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> LambassadorGatewayProps.builder()
                        .addUsagePlan(UsagePlan.named("basic")).addUsagePlan(UsagePlan.named("basic")).build())
                .withMessageStartingWith("usagePlans names ");
    }

    @Test
    void throttlingAndQuotaRejectNonPositiveLimits() {
        assertThatIllegalArgumentException().isThrownBy(() -> Throttling.of(0, 10)).withMessageStartingWith("throttling.rateLimit ");
        assertThatIllegalArgumentException().isThrownBy(() -> Throttling.of(10, 0)).withMessageStartingWith("throttling.burstLimit ");
        assertThatIllegalArgumentException().isThrownBy(() -> Quota.perDay(0)).withMessageStartingWith("quota.limit ");
    }

    @Test
    void corsRejectsCredentialsWithAWildcardOrigin() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Cors.allowOrigins("*").withCredentials(true))
                .withMessageStartingWith("cors.allowCredentials ");
    }

    @Test
    void corsOriginsAreSchemeAndHostWithoutAPath() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Cors.allowOrigins("https://app.example.com/login"))
                .withMessageStartingWith("cors.allowOrigins ");
        assertThat(Cors.allowOrigins("https://app.example.com", "http://localhost:3000").allowOrigins()).hasSize(2);
    }

    @Test
    void customDomainNeedsAnAcmCertificateArn() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> CustomDomain.of("api.example.com", "arn:aws:iam::123456789012:server-certificate/api"))
                .withMessageStartingWith("customDomain.certificateArn ");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> CustomDomain.of("API.example.com", "arn:aws:acm:us-east-1:123456789012:certificate/abc"))
                .withMessageStartingWith("customDomain.domainName ");
    }
}
