package dev.lambassador.infra;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import com.fasterxml.jackson.jr.ob.JSON;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.cxapi.CloudAssembly;

/**
 * One stack synthesized once into a folder, as {@code cdk synth} would: the template for
 * {@link Template} assertions and the file on disk for cfn-lint. Synthesis takes seconds, so each
 * test class synthesizes its configuration once and shares the result.
 *
 * @param stack        the synthesized stack, for reading back construct-level facts
 * @param template     the stack's template, for assertions
 * @param templateFile the stack's template as written to the cloud assembly
 */
record Synthesized(Stack stack, Template template, Path templateFile) {

    /** The repository root, where cdk.json and template.yaml live; tests run in infra/. */
    static final Path REPOSITORY_ROOT = Path.of("..").toAbsolutePath().normalize();

    /**
     * Synthesizes the stack that {@code addStack} adds to an app configured like {@code cdk synth}:
     * the feature flags of the repository's cdk.json plus the given context.
     */
    static Synthesized synth(Path workDir, Map<String, Object> context, Function<App, Stack> addStack) {
        Map<String, Object> fullContext = new LinkedHashMap<>(cdkJsonContext());
        fullContext.putAll(context);
        App app = new App(AppProps.builder()
                .outdir(workDir.resolve("cdk.out").toString())
                .context(fullContext)
                .build());
        Stack stack = addStack.apply(app);
        CloudAssembly assembly = app.synth();
        Path templateFile = Path.of(assembly.getStackByName(stack.getStackName()).getTemplateFullPath());
        try {
            return new Synthesized(stack, Template.fromString(Files.readString(templateFile)), templateFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Resources of one type, by logical ID. */
    Map<String, Map<String, Object>> resources(String type) {
        return new LinkedHashMap<>(template.findResources(type));
    }

    /** The one resource of a type, failing when there is not exactly one. */
    Map.Entry<String, Map<String, Object>> only(String type) {
        Map<String, Map<String, Object>> found = resources(type);
        if (found.size() != 1) {
            throw new AssertionError("expected exactly one " + type + ", found " + found.keySet());
        }
        return found.entrySet().iterator().next();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> properties(Map<String, Object> resource) {
        return (Map<String, Object>) resource.getOrDefault("Properties", Map.of());
    }

    /** The logical ID of the function with this handler, e.g. {@link LambassadorGateway#ROUTER_HANDLER}. */
    String functionId(String handler) {
        return resources("AWS::Lambda::Function").entrySet().stream()
                .filter(f -> handler.equals(properties(f.getValue()).get("Handler")))
                .map(Map.Entry::getKey)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no function with handler " + handler + " in the template"));
    }

    /** The properties of the function with this handler. */
    Map<String, Object> function(String handler) {
        return properties(resources("AWS::Lambda::Function").get(functionId(handler)));
    }

    /** The logical ID of the one resource of a type whose ID contains {@code part}, e.g. "RouterLive". */
    String idContaining(String type, String part) {
        List<String> ids = resources(type).keySet().stream().filter(id -> id.contains(part)).toList();
        if (ids.size() != 1) {
            throw new AssertionError("expected exactly one " + type + " with '" + part + "' in its ID, found " + ids);
        }
        return ids.getFirst();
    }

    /** Every IAM statement attached to the router's role, inline or through AWS::IAM::Policy. */
    List<Map<String, Object>> routerRoleStatements() {
        return roleStatements(LambassadorGateway.ROUTER_HANDLER);
    }

    /** Every IAM statement attached to the authorizer's role. */
    List<Map<String, Object>> authorizerRoleStatements() {
        return roleStatements(LambassadorGateway.AUTHORIZER_HANDLER);
    }

    /** Every IAM statement attached to the role of the function with this handler. */
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> roleStatements(String handler) {
        Map<String, Object> function = function(handler);
        String roleId = ((List<Object>) ((Map<String, Object>) function.get("Role")).get("Fn::GetAtt")).get(0).toString();
        List<Map<String, Object>> statements = new ArrayList<>();
        Map<String, Object> role = properties(resources("AWS::IAM::Role").get(roleId));
        for (Object inline : (List<Object>) role.getOrDefault("Policies", List.of())) {
            statements.addAll(statementsOf(((Map<String, Object>) inline).get("PolicyDocument")));
        }
        for (Map<String, Object> policy : resources("AWS::IAM::Policy").values()) {
            List<Object> roles = (List<Object>) properties(policy).getOrDefault("Roles", List.of());
            if (roles.contains(Map.of("Ref", roleId))) {
                statements.addAll(statementsOf(properties(policy).get("PolicyDocument")));
            }
        }
        return statements;
    }

    /** The router role's statements that allow anything in DynamoDB. */
    List<Map<String, Object>> dynamoDbStatements() {
        return dynamoDbStatements(routerRoleStatements());
    }

    /** The authorizer role's statements that allow anything in DynamoDB. */
    /** The authorizer function's environment variables. */
    @SuppressWarnings("unchecked")
    Map<String, Object> authorizerEnvironment() {
        Map<String, Object> environment = (Map<String, Object>) function(LambassadorGateway.AUTHORIZER_HANDLER).getOrDefault("Environment", Map.of());
        return (Map<String, Object>) environment.getOrDefault("Variables", Map.of());
    }

    List<Map<String, Object>> authorizerDynamoDbStatements() {
        return dynamoDbStatements(authorizerRoleStatements());
    }

    private static List<Map<String, Object>> dynamoDbStatements(List<Map<String, Object>> statements) {
        return statements.stream()
                .filter(statement -> listOf(statement.get("Action")).stream()
                        .anyMatch(action -> action.toString().startsWith("dynamodb:")))
                .toList();
    }

    /** A statement's Action or Resource as a list, whether the template holds one value or many. */
    @SuppressWarnings("unchecked")
    static List<Object> listOf(Object value) {
        return value instanceof List<?> list ? (List<Object>) list : value == null ? List.of() : List.of(value);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> statementsOf(Object document) {
        return (List<Map<String, Object>>) ((Map<String, Object>) document).get("Statement");
    }

    /**
     * Context that points both {@code routerJar} and {@code authorizerJar} at a {@link #routerJar(Path)}
     * stand-in, plus the given settings.
     */
    static Map<String, Object> withJars(Path dir, Map<String, Object> settings) {
        String jar = routerJar(dir).toString();
        Map<String, Object> context = new LinkedHashMap<>(settings);
        context.put("routerJar", jar);
        context.put("authorizerJar", jar);
        return context;
    }

    /**
     * A small but real Lambda deployment package: a jar with a manifest. The tests assert the
     * template, never run the code, so neither function's own jar is needed to build infra; the same
     * stand-in serves as the authorizer's.
     */
    static Path routerJar(Path dir) {
        Path jar = dir.resolve("router-under-test.jar");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream zip = new JarOutputStream(out, manifest)) {
            zip.putNextEntry(new JarEntry("lambassador-router.txt"));
            zip.write("stands in for the router's classes in template tests\n".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return jar;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cdkJsonContext() {
        try {
            Map<String, Object> cdkJson = JSON.std.mapFrom(Files.readString(REPOSITORY_ROOT.resolve("cdk.json")));
            return (Map<String, Object>) cdkJson.getOrDefault("context", Map.of());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read cdk.json at the repository root", e);
        }
    }
}
