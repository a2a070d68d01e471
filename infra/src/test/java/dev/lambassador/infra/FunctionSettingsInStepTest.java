package dev.lambassador.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.lambassador.core.settings.FunctionSettings;
import dev.lambassador.core.settings.Setting;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The functions' settings have one home, {@link FunctionSettings}; this holds the CDK construct,
 * {@code template.yaml} and docs/deploy.md to it. Every variable a stack sets is a setting of that
 * function, by its name; every value set is of the setting's type; where a stack leaves a setting at its
 * default (the CDK app's defaults, the SAM parameters' defaults), that is the function's default; and
 * the docs list every setting with its default.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FunctionSettingsInStepTest {

    private static final Path TEMPLATE = Synthesized.REPOSITORY_ROOT.resolve("template.yaml");
    private static final Path DEPLOY_DOC = Synthesized.REPOSITORY_ROOT.resolve("docs/deploy.md");

    private Synthesized defaults;
    /** Every option that adds or changes a variable: JWT, a custom domain's base path, API Gateway's own keys. */
    private Synthesized everything;
    private Map<String, Object> template;

    @BeforeAll
    void synthesizeAndRead(@TempDir Path workDir) {
        defaults = Synthesized.synth(workDir.resolve("defaults"), Synthesized.withJars(workDir, Map.of()), LambassadorApp::stack);
        everything = Synthesized.synth(workDir.resolve("everything"), Synthesized.withJars(workDir, Map.of(
                "jwtIssuers", "https://issuer.example.com/",
                "jwtAudiences", "lambassador",
                "domainName", "api.example.com",
                "certificateArn", "arn:aws:acm:eu-west-1:123456789012:certificate/8d0c1f3e-1111-2222-3333-444455556666",
                "basePath", "v1",
                "routesTtlSeconds", "60",
                "anonymousAccess", "false",
                "defaultRouteAuth", "jwt",
                "backendAllowedHosts", "*.internal.example.com,10.0.4.17",
                "apiKeyRequired", "true")), LambassadorApp::stack);
        template = CloudFormationYaml.read(TEMPLATE);
    }

    @Test
    void cdkStacksSetOnlyTheFunctionsSettingsWithValuesOfTheirType() {
        for (Synthesized stack : List.of(defaults, everything)) {
            assertSettings("the CDK router", variables(stack.function(LambassadorGateway.ROUTER_HANDLER)), FunctionSettings.ROUTER);
            assertSettings("the CDK authorizer", variables(stack.function(LambassadorGateway.AUTHORIZER_HANDLER)),
                    FunctionSettings.AUTHORIZER);
            assertSettings("the CDK revision function", variables(stack.function(LambassadorGateway.REVISION_HANDLER)),
                    FunctionSettings.REVISION);
        }
        assertThat(variables(everything.function(LambassadorGateway.ROUTER_HANDLER)))
                .containsKey(FunctionSettings.BASE_PATH.name())
                .containsEntry(FunctionSettings.BACKEND_ALLOWED_HOSTS.name(), "*.internal.example.com,10.0.4.17");
        assertThat(variables(everything.function(LambassadorGateway.AUTHORIZER_HANDLER)))
                .containsKeys(FunctionSettings.JWT_ISSUERS.name(), FunctionSettings.API_KEY_HEADER.name());
    }

    @Test
    void cdkAppsDefaultsAreTheFunctionsDefaults() {
        Map<String, Object> router = variables(defaults.function(LambassadorGateway.ROUTER_HANDLER));
        Map<String, Object> authorizer = variables(defaults.function(LambassadorGateway.AUTHORIZER_HANDLER));

        assertThat(router).containsEntry(FunctionSettings.ROUTES_TTL_SECONDS.name(), FunctionSettings.ROUTES_TTL_SECONDS.defaultText())
                .containsEntry(FunctionSettings.DEFAULT_ROUTE_AUTH.name(), FunctionSettings.DEFAULT_ROUTE_AUTH.defaultText());
        assertThat(authorizer).containsEntry(FunctionSettings.ANONYMOUS_ACCESS.name(), FunctionSettings.ANONYMOUS_ACCESS.defaultText());
    }

    @Test
    void samTemplateSetsOnlyTheFunctionsSettingsWithValuesOfTheirType() {
        assertSettings("RouterFunction", templateVariables("RouterFunction"), FunctionSettings.ROUTER);
        assertSettings("AuthorizerFunction", templateVariables("AuthorizerFunction"), FunctionSettings.AUTHORIZER);
        assertSettings("RevisionFunction", templateVariables("RevisionFunction"), FunctionSettings.REVISION);
    }

    /** A parameter passed straight on to a variable defaults to what the function does without it, and allows only values it accepts. */
    @Test
    void samParametersPassedToAVariableDefaultToTheFunctionsDefault() {
        Map<String, Map<String, Object>> parameters = cast(template.get("Parameters"));
        Map<String, Setting<?>> settings = byName(Stream.concat(FunctionSettings.ROUTER.stream(), FunctionSettings.AUTHORIZER.stream()));
        List<Map.Entry<String, Object>> passedOn = Stream.of("RouterFunction", "AuthorizerFunction")
                .flatMap(function -> templateVariables(function).entrySet().stream())
                .filter(variable -> variable.getValue() instanceof Map<?, ?> ref && parameters.containsKey(String.valueOf(ref.get("Ref"))))
                .toList();

        assertThat(passedOn).extracting(Map.Entry::getKey).contains(FunctionSettings.ROUTES_TTL_SECONDS.name(),
                FunctionSettings.DEFAULT_ROUTE_AUTH.name(), FunctionSettings.ANONYMOUS_ACCESS.name(), FunctionSettings.JWT_ISSUERS.name());
        for (Map.Entry<String, Object> variable : passedOn) {
            Setting<?> setting = settings.get(variable.getKey());
            Map<String, Object> parameter = parameters.get(String.valueOf(((Map<?, ?>) variable.getValue()).get("Ref")));
            assertThat(String.valueOf(parameter.get("Default"))).as("default of the parameter behind %s", setting.name())
                    .isEqualTo(setting.defaultText());
            List<Object> allowed = parameter.get("AllowedValues") instanceof List<?> values ? List.copyOf(values) : List.of();
            for (Object value : allowed) {
                assertThatCode(() -> setting.read(Map.of(setting.name(), String.valueOf(value)))).doesNotThrowAnyException();
            }
        }
    }

    @Test
    void deployDocListsEverySettingWithItsDefault() throws IOException {
        List<String> rows = Files.readAllLines(DEPLOY_DOC).stream().filter(line -> line.startsWith("| `")).toList();
        for (Setting<?> setting : byName(Stream.concat(FunctionSettings.ROUTER.stream(), FunctionSettings.AUTHORIZER.stream())).values()) {
            List<String> row = rows.stream().filter(line -> line.startsWith("| `" + setting.name() + "` |")).toList();
            assertThat(row).as("docs/deploy.md's row of %s", setting.name()).hasSize(1);
            if (!setting.defaultText().isEmpty()) {
                assertThat(row.getFirst()).as("docs/deploy.md's row of %s", setting.name()).contains("`" + setting.defaultText() + "`");
            }
        }
    }

    /** Names are the settings' of that function; literal values parse (references to the table are tokens). */
    private static void assertSettings(String function, Map<String, Object> variables, List<Setting<?>> settings) {
        Map<String, Setting<?>> byName = byName(settings.stream());
        assertThat(byName.keySet()).as("settings read by %s", function).containsAll(variables.keySet());
        variables.forEach((name, value) -> {
            if (value instanceof String text) {
                assertThatCode(() -> byName.get(name).read(Map.of(name, text))).as("%s of %s", name, function)
                        .doesNotThrowAnyException();
            }
        });
    }

    private static Map<String, Setting<?>> byName(Stream<Setting<?>> settings) {
        return settings.collect(Collectors.toMap(Setting::name, Function.identity(), (a, b) -> a));
    }

    private static Map<String, Object> variables(Map<String, Object> function) {
        Map<String, Object> environment = cast(function.getOrDefault("Environment", Map.of()));
        return cast(environment.getOrDefault("Variables", Map.of()));
    }

    private Map<String, Object> templateVariables(String functionId) {
        Map<String, Map<String, Object>> resources = cast(template.get("Resources"));
        return variables(cast(resources.get(functionId).get("Properties")));
    }

    @SuppressWarnings("unchecked")
    private static <T> T cast(Object value) {
        return (T) value;
    }
}
