package dev.lambassador.core.route;

import java.util.List;
import java.util.Map;

/**
 * Items of every kind the table holds, as a YAML file or DynamoDB would give them: routes with
 * conditions, each filter, templates, JSON transforms, matrix parameters, a weighted split, auth and
 * scopes, and an API with current, deprecated and retired versions. The fuzz tests start from them.
 */
public final class SampleItems {

    private SampleItems() {
    }

    /** One route of each kind the gateway has, all served by one backend. */
    public static List<Map<String, Object>> all(String url) {
        return List.of(
                Map.of("id", "echo", "path", "/echo/{proxy+}", "backend", url + "/{proxy}", "auth", "none"),
                Map.of("id", "echo-beta", "path", "/echo/{proxy+}", "backend", url + "/beta/{proxy}", "auth", "none",
                        "headers", List.of(Map.of("name", "X-Beta", "value", "on")), "query", List.of(Map.of("name", "beta", "regex", "[a-z]+"))),
                Map.of("id", "orders", "path", "/orders/{id}", "methods", List.of("GET", "POST"), "backend", url, "auth", "jwt",
                        "scopes", List.of("orders:read"), "timeoutMs", 2000, "filters", List.of(
                                filter("setRequestHeader", Map.of("name", "X-Tenant", "value", "${header.x-tenant}-${path.id}")),
                                filter("addQueryParameter", Map.of("name", "q2", "value", "${query.q}")),
                                filter("rewritePath", Map.of("path", "/internal/${path.id}/${caller.subject}")),
                                filter("renameRequestHeader", Map.of("from", "X-A", "to", "X-B")),
                                filter("transformRequestJson", Map.of("operations", List.of(
                                        Map.of("op", "move", "from", "/a", "path", "/b"),
                                        Map.of("op", "add", "path", "/meta/id", "template", "${requestId}")))),
                                filter("transformResponseJson", Map.of("operations", List.of(Map.of("op", "wrap", "path", "/data")))),
                                filter("setResponseHeader", Map.of("name", "X-Out", "value", "${header.x-tenant}")))),
                Map.of("id", "public", "path", "/public/{proxy+}", "backend", url, "auth", "none", "filters", List.of(
                        filter("stripPrefix", Map.of("parts", 1)),
                        filter("prefixPath", Map.of("prefix", "/v2")),
                        filter("setQueryParameter", Map.of("name", "tenant", "value", "${header.x-tenant}")),
                        filter("removeQueryParameter", Map.of("name", "debug")),
                        filter("renameQueryParameter", Map.of("from", "q", "to", "search")),
                        filter("mapStatus", Map.of("statuses", Map.of("404", 410))))),
                Map.of("id", "files", "path", "/files/{proxy+}", "backend", url + "/store/{proxy}?fixed=1", "auth", "none",
                        "matrixParameters", true),
                Map.of("id", "split", "path", "/split/{proxy+}", "auth", "none", "backend", Map.of("type", "weighted",
                        "stickyHeader", "X-User", "stickyCookie", "session", "targets", List.of(
                                Map.of("name", "blue", "weight", 90, "backend", url + "/blue/{proxy}"),
                                Map.of("name", "green", "weight", 10, "backend", Map.of("type", "http", "url", url + "/green"))))),
                Map.of("id", "keyed", "path", "/keyed", "backend", url, "auth", "apiKey"),
                Map.of("kind", "api", "id", "shop", "basePath", "/shop", "defaultVersion", "v2", "auth", "none"),
                Map.of("kind", "version", "id", "shop:v2", "status", "current", "aliases", List.of("2"), "backend", url + "/shop-v2"),
                Map.of("kind", "version", "id", "shop:v1", "status", "deprecated", "deprecation", "2026-06-30", "sunset", "2027-06-30",
                        "link", "https://example.com/migrate", "backend", url + "/shop-v1"),
                Map.of("kind", "version", "id", "shop:v0", "status", "retired", "link", "https://example.com/migrate"));
    }

    private static Map<String, Object> filter(String name, Map<String, Object> args) {
        return Map.of("name", name, "args", args);
    }
}
