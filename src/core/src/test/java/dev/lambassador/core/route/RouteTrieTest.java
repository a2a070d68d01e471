package dev.lambassador.core.route;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lambassador.core.GatewayException;
import dev.lambassador.core.GatewayRequest;
import dev.lambassador.core.Headers;
import dev.lambassador.testing.fuzz.Fuzz;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The flattened trie against a plain reading of the precedence rules ({@code docs/routes.md}) over every
 * route of the table: random tables of templates made of segments of every kind the trie stores
 * differently (packed in a {@code long} or compared by equals, hash twins, one or many siblings), routes
 * of one or several methods or {@code ANY}, with or without conditions, for a host or any host, asked
 * random requests. Runs: see {@link Fuzz}.
 */
class RouteTrieTest {

    /**
     * Short, exactly 8 and 9 characters, hash twins ({@code Aa}, {@code BB}), a first half of {@code 0xFF}s,
     * Latin-1 and wider characters: each kind of segment the trie packs, or does not.
     */
    private static final List<String> SEGMENTS = List.of("a", "b", "Aa", "BB", "items", "abcdefgh", "abcdefgi", "abcdefghi",
            "\u00ff\u00ff\u00ff\u00ffabcd", "\u00ff\u00ff\u00ff\u00ffabce", "caf\u00e9", "\u65e5\u672c", "x.json");
    private static final List<String> METHODS = List.of("GET", "POST", "DELETE", "PUT");
    private static final String HOST = "shop.example.com";

    record Case(List<Map<String, Object>> items, List<GatewayRequest> requests) {
        @Override
        public String toString() {
            return items.stream().map(item -> item.get("id") + " " + item.get("methods") + " " + item.get("host") + " "
                            + item.get("path") + " " + item.get("headers")).collect(Collectors.joining("\n", "routes:\n", "\n"))
                    + requests.stream().map(r -> r.method() + " " + r.host() + " " + r.path() + " " + r.headers())
                            .collect(Collectors.joining("\n", "requests:\n", ""));
        }
    }

    static Case generate(Random random) {
        List<Map<String, Object>> items = new ArrayList<>();
        int routes = 1 + random.nextInt(random.nextInt(4) == 0 ? 40 : 12);
        for (int i = 0; i < routes; i++) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("id", "r" + i);
            item.put("path", template(random));
            item.put("backend", "http://b");
            if (random.nextInt(4) > 0) {
                List<String> methods = new ArrayList<>();
                for (int m = random.nextInt(3) == 0 ? 2 : 1; m > 0; m--) {
                    methods.add(METHODS.get(random.nextInt(METHODS.size())));
                }
                item.put("methods", methods);
            }
            if (random.nextInt(5) == 0) {
                item.put("host", HOST);
            }
            if (random.nextInt(4) == 0) {
                item.put("headers", List.of(Map.of("name", random.nextBoolean() ? "X-A" : "X-B")));
            }
            items.add(item);
        }
        List<GatewayRequest> requests = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            StringBuilder path = new StringBuilder();
            for (int s = random.nextInt(5); s >= 0; s--) {
                path.append('/').append(PercentCoding.encodeSegment(SEGMENTS.get(random.nextInt(SEGMENTS.size()))));
            }
            Map<String, String> headers = new HashMap<>();
            if (random.nextBoolean()) {
                headers.put("X-A", "1");
            }
            if (random.nextBoolean()) {
                headers.put("X-B", "1");
            }
            if (random.nextInt(3) == 0) {
                headers.put("Host", random.nextBoolean() ? HOST : HOST.toUpperCase(Locale.ROOT));
            }
            Headers.Builder builder = Headers.EMPTY.toBuilder();
            headers.forEach(builder::set);
            requests.add(new GatewayRequest(METHODS.get(random.nextInt(METHODS.size())), path.toString(), "", Map.of(),
                    builder.build(), null, "", "r", Map.of()));
        }
        return new Case(items, requests);
    }

    private static String template(Random random) {
        StringBuilder out = new StringBuilder();
        int length = 1 + random.nextInt(4);
        for (int i = 0; i < length; i++) {
            int kind = random.nextInt(10);
            if (kind == 0 && i == length - 1) {
                out.append("/{rest+}");
            } else if (kind <= 2) {
                out.append("/{p").append(i).append('}');
            } else {
                out.append('/').append(PercentCoding.encodeSegment(SEGMENTS.get(random.nextInt(SEGMENTS.size()))));
            }
        }
        return out.toString();
    }

    @Test
    void theTrieAnswersWhatThePrecedenceRulesSayForEveryRequest() {
        Fuzz.check("route trie against the precedence rules", 3_000, RouteTrieTest::generate, input -> {
            RouteTable table = RouteTable.compileItems(input.items()).table();
            for (GatewayRequest request : input.requests()) {
                RequestPath path = RequestPath.parse(request.path());
                assertThat(outcome(table, request, path)).as(request.method() + " " + request.path() + " " + request.headers())
                        .isEqualTo(reference(table.routes(), request, path.segments()));
            }
        });
    }

    private static String outcome(RouteTable table, GatewayRequest request, RequestPath path) {
        try {
            return "route " + table.match(request, path).route().id();
        } catch (GatewayException e) {
            return e.status() == 405 ? "405 " + e.headers().first("Allow").orElse("") : String.valueOf(e.status());
        }
    }

    /**
     * The precedence rules read plainly, over every route: the request's host's routes before any host's; among
     * the routes whose template fits the path, by specificity from the first segment on (literal, then
     * parameter, then greedy); among those of the same shape, the request's method before {@code ANY}, each by
     * conditions and id, passing over routes whose conditions the request does not meet; 405 with the methods
     * of the routes that fit the path and the request's conditions, when none takes its method; else 404.
     */
    private static String reference(List<Route> routes, GatewayRequest request, List<String> path) {
        TreeSet<String> allowed = new TreeSet<>();
        String host = request.host().toLowerCase(Locale.ROOT);
        for (boolean hosted : new boolean[] {true, false}) {
            Map<List<PathTemplate.Kind>, List<Route>> byShape = new HashMap<>();
            for (Route route : routes) {
                String routeHost = route.definition().host();
                if ((hosted ? !host.isEmpty() && routeHost.equals(host) : routeHost.isEmpty()) && fits(route.template(), path)) {
                    byShape.computeIfAbsent(route.template().segments().stream().map(PathTemplate.Segment::kind).toList(),
                            shape -> new ArrayList<>()).add(route);
                }
            }
            List<List<PathTemplate.Kind>> shapes = new ArrayList<>(byShape.keySet());
            shapes.sort(RouteTrieTest::bySpecificity);
            for (List<PathTemplate.Kind> shape : shapes) {
                List<Route> candidates = byShape.get(shape);
                candidates.sort(((Comparator<Route>) Route::compareConditions).thenComparing(Route::id));
                for (String method : List.of(request.method(), RouteDefinition.ANY)) {
                    for (Route route : candidates) {
                        if (route.definition().methods().contains(method) && route.accepts(request)) {
                            return "route " + route.id();
                        }
                    }
                }
                for (Route route : candidates) {
                    if (route.accepts(request)) {
                        allowed.addAll(route.definition().methods());
                    }
                }
            }
        }
        return allowed.isEmpty() ? "404" : "405 " + String.join(", ", allowed);
    }

    private static boolean fits(PathTemplate template, List<String> path) {
        List<PathTemplate.Segment> segments = template.segments();
        for (int i = 0; i < segments.size(); i++) {
            PathTemplate.Segment segment = segments.get(i);
            if (segment.kind() == PathTemplate.Kind.GREEDY) {
                return path.size() > i;
            }
            if (i >= path.size() || segment.kind() == PathTemplate.Kind.LITERAL && !segment.value().equals(path.get(i))) {
                return false;
            }
        }
        return segments.size() == path.size();
    }

    /** Literal before parameter before greedy, from the first segment on. */
    private static int bySpecificity(List<PathTemplate.Kind> a, List<PathTemplate.Kind> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int compared = a.get(i).compareTo(b.get(i));
            if (compared != 0) {
                return compared;
            }
        }
        return Integer.compare(a.size(), b.size());
    }

    @Test
    void aSegmentIsPackedOnlyWhenItsLongTellsItApart() {
        assertThat(RouteTrie.pack("a")).isEqualTo(0x61L);
        assertThat(RouteTrie.pack("svc42")).isEqualTo(0x7376633432L);
        assertThat(RouteTrie.pack("abcdefgh")).isEqualTo(0x6162636465666768L);
        assertThat(RouteTrie.pack("\u00ffbcdefgh")).isEqualTo(0xff62636465666768L);
        assertThat(RouteTrie.pack("caf\u00e9")).isEqualTo(0x636166e9L);
        // Too long, wider than a byte, a NUL (which would make "\0a" pack as "a"), or a high half of -1: by equals.
        assertThat(RouteTrie.pack("abcdefghi")).isEqualTo(RouteTrie.LONG);
        assertThat(RouteTrie.pack("\u65e5")).isEqualTo(RouteTrie.LONG);
        assertThat(RouteTrie.pack("a\u0100")).isEqualTo(RouteTrie.LONG);
        assertThat(RouteTrie.pack("\u0000a")).isEqualTo(RouteTrie.LONG);
        assertThat(RouteTrie.pack("a\u0000")).isEqualTo(RouteTrie.LONG);
        assertThat(RouteTrie.pack("\u00ff\u00ff\u00ff\u00ffabcd")).isEqualTo(RouteTrie.LONG);
        assertThat(RouteTrie.pack("\u00ff\u00ff\u00ff\u00feabcd")).isEqualTo(0xfffffffe61626364L);
        assertThat(RouteTrie.pack("\u00ff\u00ff\u00ff\u00ffabc")).isEqualTo(0xffffffff616263L);
    }

    @Test
    void aSlotIsTheHashsTopBitsAfterFibonacciHashing() {
        assertThat(RouteTrie.slot(12345, 1)).isZero();
        assertThat(RouteTrie.slot(1, 2)).isEqualTo(1);
        assertThat(RouteTrie.slot(1, 1 << 16)).isEqualTo(0x9E37);
        assertThat(RouteTrie.slot(-1, 1 << 16)).isEqualTo(0x61C8);
        assertThat(RouteTrie.hash("abcdefghi", RouteTrie.LONG)).isEqualTo("abcdefghi".hashCode());
        assertThat(RouteTrie.hash("x", 0x0102030405060708L)).isEqualTo(0x01020304 ^ 0x05060708);
    }
}
