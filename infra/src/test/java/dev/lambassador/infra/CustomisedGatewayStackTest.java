package dev.lambassador.infra;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lambassador.core.auth.RouteAuth;
import dev.lambassador.core.settings.FunctionSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.logs.RetentionDays;

/**
 * The construct as an embedding app would use it, with every optional setting changed from its
 * default: a throwaway dev stage on x86 without SnapStart, usage plans behind required API keys that the
 * authorizer supplies, CORS, a custom domain, JWT settings, a cached authorizer without anonymous access.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CustomisedGatewayStackTest {

    private static final String CERTIFICATE_ARN =
            "arn:aws:acm:eu-west-1:123456789012:certificate/8d0c1f3e-1111-2222-3333-444455556666";

    private Synthesized stack;

    @BeforeAll
    void synthesizeOnce(@TempDir Path workDir) {
        Path jar = Synthesized.routerJar(workDir);
        LambassadorGatewayProps props = LambassadorGatewayProps.builder()
                .stageName("dev")
                .routerCode(Code.fromAsset(jar.toString()))
                .authorizerCode(Code.fromAsset(jar.toString()))
                .authorizerMemoryMb(256)
                .architecture(Architecture.X86_64)
                .snapStart(false)
                .routerMemoryMb(2048)
                .routesTtl(Duration.ofSeconds(60))
                .logRetention(RetentionDays.ONE_WEEK)
                .throttling(Throttling.of(50, 100))
                .apiKeyRequired(true)
                .apiKeySource(ApiKeySource.AUTHORIZER)
                .addUsagePlan(UsagePlan.named("basic").withThrottling(Throttling.of(5, 10)).withQuota(Quota.perDay(10_000)))
                .addUsagePlan(UsagePlan.named("partner").withQuota(Quota.perMonth(1_000_000)))
                .cors(Cors.allowOrigins("https://app.example.com").withCredentials(true))
                .customDomain(CustomDomain.of("api.example.com", CERTIFICATE_ARN).withBasePath("v1"))
                .jwtIssuers(List.of("https://issuer.example.com/", "urn:example:idp https://idp.example.com/keys.json"))
                .jwtAudiences(List.of("lambassador", "lambassador-admin"))
                .authorizerCacheTtl(Duration.ofMinutes(10))
                .anonymousAccess(false)
                .defaultRouteAuth(RouteAuth.JWT)
                .build();
        stack = Synthesized.synth(workDir, Map.of(),
                app -> new LambassadorStack(app, "embedded", StackProps.builder().build(), props));
    }

    @Test
    void devStageTableHasNoDeletionProtectionAndGoesWithTheStack() {
        stack.template().hasResource("AWS::DynamoDB::Table", Map.of(
                "Properties", Match.objectLike(Map.of("DeletionProtectionEnabled", false)),
                "DeletionPolicy", "Delete"));
        assertThat(stack.resources("AWS::Logs::LogGroup").values())
                .allSatisfy(group -> assertThat(group).containsEntry("DeletionPolicy", "Delete"));
    }

    @Test
    void constructLeavesTheTableNameToCloudFormation() {
        assertThat(Synthesized.properties(stack.only("AWS::DynamoDB::Table").getValue())).doesNotContainKey("TableName");
    }

    @Test
    void withoutSnapStartTheApiInvokesTheFunctionsThemselves() {
        String routerId = stack.functionId(LambassadorGateway.ROUTER_HANDLER);
        String authorizerId = stack.functionId(LambassadorGateway.AUTHORIZER_HANDLER);
        stack.template().resourceCountIs("AWS::Lambda::Alias", 0);
        stack.template().resourceCountIs("AWS::Lambda::Version", 0);
        assertThat(stack.resources("AWS::Lambda::Function").values())
                .hasSize(3)
                .allSatisfy(function -> assertThat(Synthesized.properties(function)).doesNotContainKey("SnapStart"));
        assertThat(Synthesized.properties(stack.only("AWS::Lambda::EventSourceMapping").getValue()).get("FunctionName"))
                .isEqualTo(Map.of("Ref", stack.functionId(LambassadorGateway.REVISION_HANDLER)));
        assertThat(stack.resources("AWS::ApiGateway::Method").values())
                .extracting(Synthesized::properties)
                .filteredOn(method -> "ANY".equals(method.get("HttpMethod")))
                .hasSize(2)
                .allSatisfy(method -> assertThat(method.get("Integration").toString())
                        .contains("Fn::GetAtt=[" + routerId + ", Arn]"));
        assertThat(Synthesized.properties(stack.only("AWS::ApiGateway::Authorizer").getValue()).get("AuthorizerUri").toString())
                .contains("Fn::GetAtt=[" + authorizerId + ", Arn]");
    }

    @Test
    void settingsReachTheRouterFunction() {
        stack.template().hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Architectures", List.of("x86_64"),
                "MemorySize", 2048,
                "Environment", Map.of("Variables", Match.objectLike(Map.of(
                        "ROUTES_TTL_SECONDS", "60",
                        FunctionSettings.DEFAULT_ROUTE_AUTH.name(), "jwt")))));
        assertThat(stack.resources("AWS::Logs::LogGroup").values())
                .hasSize(4)
                .allSatisfy(group -> assertThat(Synthesized.properties(group)).containsEntry("RetentionInDays", 7));
    }

    @Test
    void settingsReachTheAuthorizerFunction() {
        assertThat(stack.function(LambassadorGateway.AUTHORIZER_HANDLER))
                .containsEntry("Architectures", List.of("x86_64"))
                .containsEntry("MemorySize", 256)
                .containsEntry("TracingConfig", Map.of("Mode", "Active"));
        assertThat(stack.function(LambassadorGateway.AUTHORIZER_HANDLER).get("Environment").toString())
                .contains("JWT_ISSUERS=https://issuer.example.com/,urn:example:idp https://idp.example.com/keys.json")
                .contains("JWT_AUDIENCES=lambassador,lambassador-admin")
                .contains("ANONYMOUS_ACCESS=false");
    }

    @Test
    void cachedAuthorizerDecisionsAreKeyedByTheAuthorizationHeader() {
        assertThat(Synthesized.properties(stack.only("AWS::ApiGateway::Authorizer").getValue()))
                .containsEntry("AuthorizerResultTtlInSeconds", 600)
                .containsEntry("IdentitySource", LambassadorGateway.REST_IDENTITY_SOURCE);
    }

    @Test
    void anyMethodsPassTheAuthorizerAndPreflightDoesNot() {
        String authorizerId = stack.only("AWS::ApiGateway::Authorizer").getKey();
        List<Map<String, Object>> methods = stack.resources("AWS::ApiGateway::Method").values().stream()
                .map(Synthesized::properties).toList();
        assertThat(methods).filteredOn(method -> "ANY".equals(method.get("HttpMethod")))
                .hasSize(2)
                .allSatisfy(method -> assertThat(method).containsEntry("AuthorizationType", "CUSTOM")
                        .containsEntry("AuthorizerId", Map.of("Ref", authorizerId)));
        assertThat(methods).filteredOn(method -> "OPTIONS".equals(method.get("HttpMethod")))
                .hasSize(2)
                .allSatisfy(method -> assertThat(method).containsEntry("AuthorizationType", "NONE")
                        .doesNotContainKey("AuthorizerId"));
    }

    /** A browser can read a 401 or 429 only when the answer carries the CORS headers. */
    @Test
    void apiGatewayErrorsCarryTheCorsHeadersOfTheOneAllowedOrigin() {
        Map<String, Object> cors = Map.of(
                "gatewayresponse.header.Access-Control-Allow-Origin", "'https://app.example.com'",
                "gatewayresponse.header.Access-Control-Allow-Credentials", "'true'");
        assertThat(stack.resources("AWS::ApiGateway::GatewayResponse").values())
                .extracting(Synthesized::properties)
                .hasSize(3)
                .allSatisfy(response -> assertThat(response.get("ResponseParameters"))
                        .asInstanceOf(InstanceOfAssertFactories.MAP)
                        .containsAllEntriesOf(cors));
        stack.template().hasResourceProperties("AWS::ApiGateway::GatewayResponse", Map.of(
                "ResponseType", "UNAUTHORIZED",
                "ResponseParameters", Match.objectLike(Map.of("gatewayresponse.header.WWW-Authenticate", "'Bearer'"))));
    }

    @Test
    void stageThrottlingIsTheConfiguredOne() {
        stack.template().hasResourceProperties("AWS::ApiGateway::Stage", Map.of(
                "StageName", "dev",
                "MethodSettings", List.of(Match.objectLike(Map.of(
                        "ThrottlingRateLimit", 50,
                        "ThrottlingBurstLimit", 100)))));
    }

    @Test
    void usagePlansAttachToTheStageAndMethodsRequireAnApiKey() {
        stack.template().resourceCountIs("AWS::ApiGateway::UsagePlan", 2);
        stack.template().hasResourceProperties("AWS::ApiGateway::UsagePlan", Map.of(
                "UsagePlanName", "basic",
                "Throttle", Map.of("RateLimit", 5, "BurstLimit", 10),
                "Quota", Map.of("Limit", 10_000, "Period", "DAY"),
                "ApiStages", List.of(Match.objectLike(Map.of("Stage", Match.anyValue())))));
        stack.template().hasResourceProperties("AWS::ApiGateway::UsagePlan", Map.of(
                "UsagePlanName", "partner",
                "Quota", Map.of("Limit", 1_000_000, "Period", "MONTH")));
        // The authorizer hands API Gateway the Lambassador key the caller presented.
        stack.template().hasResourceProperties("AWS::ApiGateway::RestApi", Map.of("ApiKeySourceType", "AUTHORIZER"));
        assertThat(stack.resources("AWS::ApiGateway::Method").values())
                .extracting(Synthesized::properties)
                .filteredOn(method -> "ANY".equals(method.get("HttpMethod")))
                .allSatisfy(method -> assertThat(method.get("ApiKeyRequired")).isEqualTo(true));
    }

    @Test
    void withUsagePlansOfItsOwnTheAppIssuesTheKeys() {
        stack.template().resourceCountIs("AWS::ApiGateway::ApiKey", 0);
        assertThat(stack.template().findOutputs("ApiKeyId")).isEmpty();
    }

    @Test
    void corsPreflightIsAnsweredByApiGatewayOnEveryResource() {
        List<Map<String, Object>> options = stack.resources("AWS::ApiGateway::Method").values().stream()
                .map(Synthesized::properties)
                .filter(method -> "OPTIONS".equals(method.get("HttpMethod")))
                .toList();
        assertThat(options).hasSize(2).allSatisfy(method -> {
            assertThat(method.get("Integration").toString()).contains("Type=MOCK").contains("https://app.example.com");
            // Browsers send no API key or credentials on preflight, so it must not require one.
            assertThat(method.get("ApiKeyRequired")).isNotEqualTo(true);
        });
    }

    @Test
    void corsPreflightTakesItsRequestForTextDespiteBinaryMediaTypes() {
        stack.template().hasResourceProperties("AWS::ApiGateway::RestApi", Map.of("BinaryMediaTypes", List.of("*/*")));
        assertThat(stack.resources("AWS::ApiGateway::Method").values())
                .extracting(Synthesized::properties)
                .filteredOn(method -> "OPTIONS".equals(method.get("HttpMethod")))
                .hasSize(2)
                .allSatisfy(method -> assertThat(method).extractingByKey("Integration").asInstanceOf(InstanceOfAssertFactories.MAP)
                        .containsEntry("Type", "MOCK")
                        .containsEntry("ContentHandling", "CONVERT_TO_TEXT"));
    }

    @Test
    void customDomainMapsTheBasePathToTheStage() {
        stack.template().hasResourceProperties("AWS::ApiGateway::DomainName", Map.of(
                "DomainName", "api.example.com",
                "RegionalCertificateArn", CERTIFICATE_ARN,
                "EndpointConfiguration", Map.of("Types", List.of("REGIONAL")),
                "SecurityPolicy", "TLS_1_2"));
        stack.template().hasResourceProperties("AWS::ApiGateway::BasePathMapping", Map.of("BasePath", "v1"));
        stack.template().hasOutput("CustomDomainTarget", Match.anyValue());
    }

    @Test
    void routerIsToldTheBasePathThatEventPathsStillCarry() {
        stack.template().hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Environment", Map.of("Variables", Match.objectLike(Map.of(FunctionSettings.BASE_PATH.name(), "/v1")))));
    }

    @Test
    void synthesizedTemplatePassesCfnLint() {
        CfnLint.assertCleanCdkTemplate(stack.templateFile());
    }
}
