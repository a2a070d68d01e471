package dev.lambassador.cli;

import dev.lambassador.core.auth.RouteAuth;
import dev.lambassador.core.route.Route;
import dev.lambassador.core.route.RouteDefinition;
import dev.lambassador.core.route.RouteTable;
import dev.lambassador.core.store.ItemKind;
import dev.lambassador.core.store.TableSchema;
import dev.lambassador.core.version.Api;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An OpenAPI 3.1 document of what the gateway serves: the routes the router compiles from the items
 * (an API's versions included, as {@link RouteTable#compileItems} makes their routes), each path's
 * parameters and conditions, and who may call (bearer JWT with scopes, API key, or anyone).
 * Invalid items are left out, as the router leaves them out.
 */
final class OpenApi {

    private static final Pattern PARAMETER = Pattern.compile("\\{([^}+]+)(\\+?)}");
    /** What {@code ANY} stands for in a document: the methods a client sends with a body or without. */
    private static final List<String> ANY_METHODS = List.of("get", "put", "post", "delete", "patch");
    private static final String BEARER = "bearerAuth";
    private static final String API_KEY = "apiKey";

    private OpenApi() {
    }

    /**
     * @param defaultAuth what routes without {@code auth} need: the deployment's {@code DEFAULT_ROUTE_AUTH}
     * @param title       the document's title
     */
    static Map<String, Object> document(List<Map<String, Object>> items, RouteAuth defaultAuth, String title, String server) {
        List<Map<String, Object>> router = items.stream().filter(item -> TableSchema.ROUTER_READS.stream()
                .anyMatch(kind -> kind.value().equals(item.get(TableSchema.PARTITION_KEY)))).toList();
        Set<String> aliases = aliases(items);
        List<Route> routes = new ArrayList<>(RouteTable.compileItems(router).table().routes().stream()
                .filter(route -> !route.unavailable() && !aliases.contains(apiVersion(route.id())))
                .toList());
        routes.sort(Comparator.comparing((Route route) -> route.definition().path()).thenComparing(Route::id));
        Map<String, Object> paths = new LinkedHashMap<>();
        for (Route route : routes) {
            RouteDefinition definition = route.definition();
            @SuppressWarnings("unchecked")
            Map<String, Object> path = (Map<String, Object>) paths.computeIfAbsent(openApiPath(definition.path()), p -> new LinkedHashMap<>());
            List<String> methods = definition.methods().contains(RouteDefinition.ANY) ? ANY_METHODS
                    : definition.methods().stream().map(method -> method.toLowerCase(Locale.ROOT)).sorted().toList();
            for (String method : methods) {
                path.putIfAbsent(method, operation(route, method, items, defaultAuth));
            }
        }
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("openapi", "3.1.0");
        document.put("info", Map.of("title", title, "version", "1"));
        if (server != null) {
            document.put("servers", List.of(Map.of("url", server)));
        }
        document.put("paths", paths);
        document.put("components", Map.of("securitySchemes", Map.of(
                BEARER, Map.of("type", "http", "scheme", "bearer", "bearerFormat", "JWT"),
                API_KEY, Map.of("type", "apiKey", "in", "header", "name", "x-api-key"))));
        return document;
    }

    /** {@code /files/{proxy+}} becomes {@code /files/{proxy}}: OpenAPI names a parameter, whatever it spans. */
    static String openApiPath(String template) {
        return PARAMETER.matcher(template).replaceAll(match -> Matcher.quoteReplacement("{" + match.group(1) + "}"));
    }

    private static Map<String, Object> operation(Route route, String method, List<Map<String, Object>> items, RouteAuth defaultAuth) {
        RouteDefinition definition = route.definition();
        Map<String, Object> operation = new LinkedHashMap<>();
        operation.put("operationId", (definition.id() + "-" + method).replaceAll("[^A-Za-z0-9._-]+", "-"));
        operation.put("summary", summary(definition));
        List<Map<String, Object>> parameters = new ArrayList<>();
        Matcher matcher = PARAMETER.matcher(definition.path());
        while (matcher.find()) {
            parameters.add(parameter(matcher.group(1), "path", true, matcher.group(2).isEmpty() ? "a path segment"
                    : "the rest of the path, slashes included", null));
        }
        for (RouteDefinition.Condition condition : definition.conditions()) {
            String in = condition.attribute().equals("headers") ? "header" : condition.attribute().equals("query") ? "query" : null;
            if (in != null && condition.args().get("name") instanceof String name) {
                Object value = condition.args().get("value");
                parameters.add(parameter(name, in, true, "a condition of the route" + (value == null ? "" : ": " + value),
                        value == null ? null : List.of(value)));
            }
        }
        parameters.addAll(versionParameters(definition.id(), items));
        if (!parameters.isEmpty()) {
            operation.put("parameters", parameters);
        }
        RouteAuth auth = definition.auth() == RouteAuth.DEFAULT ? defaultAuth : definition.auth();
        List<String> scopes = List.copyOf(definition.scopes());
        List<Map<String, Object>> security = switch (auth) {
            case NONE -> List.of();
            case JWT -> List.of(Map.of(BEARER, scopes));
            case API_KEY -> List.of(Map.of(API_KEY, List.of()));
            default -> List.of(Map.of(BEARER, scopes), Map.of(API_KEY, List.of()));
        };
        operation.put("security", security);
        Map<String, Object> responses = new LinkedHashMap<>();
        responses.put("default", Map.of("description", "the backend's answer"));
        if (auth != RouteAuth.NONE) {
            responses.put("401", Map.of("description", "no valid credentials"));
        }
        if (!scopes.isEmpty()) {
            responses.put("403", Map.of("description", "the caller lacks a scope: " + String.join(" ", scopes)));
        }
        operation.put("responses", responses);
        return operation;
    }

    /**
     * An API's route's API and the version its path names, {@code shop v1} for {@code api shop v1 /{proxy+}};
     * null for other routes.
     */
    private static String apiVersion(String routeId) {
        String[] parts = routeId.split(" ");
        return parts.length >= 3 && parts[0].equals("api") && !parts[2].startsWith("/") ? parts[1] + " " + parts[2] : null;
    }

    /** Each API's version aliases ({@code shop 2}): their paths answer as the version's do, so the document names them once. */
    private static Set<String> aliases(List<Map<String, Object>> items) {
        Set<String> aliases = new java.util.HashSet<>();
        for (Map<String, Object> item : items) {
            if (ItemKind.VERSION.value().equals(item.get(TableSchema.PARTITION_KEY)) && item.get(TableSchema.SORT_KEY) instanceof String id
                    && id.contains(":") && item.get("aliases") instanceof List<?> names) {
                names.forEach(alias -> aliases.add(id.substring(0, id.indexOf(':')) + " " + alias));
            }
        }
        return aliases;
    }

    private static String summary(RouteDefinition definition) {
        if (!definition.description().isEmpty()) {
            return definition.description();
        }
        String[] parts = definition.id().split(" ");
        if (parts.length >= 2 && parts[0].equals("api")) {
            String version = apiVersion(definition.id());
            return "API " + parts[1] + (version == null ? "" : ", version " + version.substring(version.indexOf(' ') + 1));
        }
        return definition.id();
    }

    /** An API's routes ({@code api shop ...}) take its version as a header or query parameter, as its item says. */
    private static List<Map<String, Object>> versionParameters(String routeId, List<Map<String, Object>> items) {
        if (!routeId.startsWith("api ")) {
            return List.of();
        }
        String apiId = routeId.substring(4).split(" ")[0];
        Map<String, Object> api = items.stream().filter(item -> ItemKind.API.value().equals(item.get(TableSchema.PARTITION_KEY))
                && apiId.equals(item.get(TableSchema.SORT_KEY))).findFirst().orElse(null);
        if (api == null || routeId.split(" ").length > 2 && !routeId.endsWith("/{proxy+}")
                || routeId.split(" ").length > 3) {
            return List.of();
        }
        Set<String> names = new java.util.TreeSet<>();
        items.stream().filter(item -> ItemKind.VERSION.value().equals(item.get(TableSchema.PARTITION_KEY)))
                .map(item -> String.valueOf(item.get(TableSchema.SORT_KEY)))
                .filter(id -> id.startsWith(apiId + ":")).forEach(id -> names.add(id.substring(apiId.length() + 1)));
        List<?> selectBy = api.get("selectBy") instanceof List<?> list ? list : Api.SELECTORS;
        List<Map<String, Object>> parameters = new ArrayList<>();
        String description = "the version to answer, else " + api.get("defaultVersion");
        if (selectBy.contains("header")) {
            parameters.add(parameter(api.get("header") instanceof String header ? header : Api.DEFAULT_HEADER, "header", false, description,
                    List.copyOf(names)));
        }
        if (selectBy.contains("query")) {
            parameters.add(parameter(api.get("query") instanceof String query ? query : Api.DEFAULT_QUERY, "query", false, description,
                    List.copyOf(names)));
        }
        return parameters;
    }

    private static Map<String, Object> parameter(String name, String in, boolean required, String description, List<?> values) {
        Map<String, Object> parameter = new LinkedHashMap<>();
        parameter.put("name", name);
        parameter.put("in", in);
        parameter.put("required", required);
        parameter.put("description", description);
        Map<String, Object> schema = new TreeMap<>();
        schema.put("type", "string");
        if (values != null && !values.isEmpty()) {
            schema.put("enum", values);
        }
        parameter.put("schema", schema);
        return parameter;
    }
}
