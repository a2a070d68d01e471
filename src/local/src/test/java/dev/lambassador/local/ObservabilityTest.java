package dev.lambassador.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.lambassador.core.apigw.PayloadVersion;
import dev.lambassador.core.auth.ApiKeys;
import dev.lambassador.core.auth.Consumer;
import dev.lambassador.core.auth.RouteAuth;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the functions write for real requests through the local gateway with {@code --log json}: the
 * router's access line and EMF document, the authorizer's decision line and document, for an answer,
 * a 404, 401s from the router and from the authorizer, a 502 and a 504; and that no credential reaches
 * any log, the functions' own log records included.
 */
@SuppressWarnings("unchecked")
class ObservabilityTest {

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    static Path home;
    private static final ByteArrayOutputStream OUT = new ByteArrayOutputStream();
    private static final List<String> RECORDS = new ArrayList<>();
    private static final Handler CAPTURE = new Handler() {
        private final SimpleFormatter formatter = new SimpleFormatter();

        @Override
        public void publish(LogRecord record) {
            synchronized (RECORDS) {
                RECORDS.add(formatter.format(record));
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private static DevServer server;
    private static DevIdentity identity;
    private static String acmeKey;

    @BeforeAll
    static void start() throws Exception {
        Map<String, String> environment = Map.of("LAMBASSADOR_HOME", home.toString(), "POWERTOOLS_SERVICE_NAME", "orders-gateway");
        identity = DevIdentity.loadOrCreate(home);
        acmeKey = ApiKeys.generate();
        new LocalApiKeyStore(home.resolve(LocalApiKeyStore.FILE))
                .save(ApiKeys.hash(acmeKey), new Consumer("acme", "Acme Ltd", "basic", Set.of("orders:read"), true));
        Path routes = Files.writeString(home.resolve("routes.yaml"), """
                routes:
                  - id: echo
                    path: /echo/{proxy+}
                    backend: ${ECHO_URL}/{proxy}
                    auth: none
                  - id: orders-get
                    path: /orders/{id}
                    methods: [GET]
                    backend: ${ECHO_URL}/internal/orders/{id}
                    auth: jwt
                    scopes: [orders:read]
                  - id: whoami
                    path: /whoami
                    backend: ${ECHO_URL}/whoami
                  - id: refused
                    path: /refused
                    backend: http://127.0.0.1:1/x
                    auth: none
                  - id: slow
                    path: /slow
                    backend: ${ECHO_URL}/delay/3000
                    timeoutMs: 300
                    auth: none
                """);
        Logger.getLogger("").addHandler(CAPTURE);
        server = DevServer.start(new DevServer.Options("127.0.0.1", 0, routes, null, PayloadVersion.V1, Duration.ofMinutes(5),
                RouteAuth.ANY, Duration.ZERO, DevServer.LogFormat.JSON), environment, new PrintStream(OUT, true, StandardCharsets.UTF_8));
    }

    @AfterAll
    static void stop() {
        server.close();
        Logger.getLogger("").removeHandler(CAPTURE);
    }

    @BeforeEach
    void forgetEarlierLines() {
        synchronized (OUT) {
            OUT.reset();
        }
    }

    private static HttpResponse<byte[]> send(String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.uri() + path)).timeout(Duration.ofSeconds(10));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String output() {
        synchronized (OUT) {
            return OUT.toString(StandardCharsets.UTF_8);
        }
    }

    /** Every line written since the test began, parsed. */
    private static List<Map<String, Object>> lines() throws Exception {
        List<Map<String, Object>> lines = new ArrayList<>();
        for (String line : output().split("\n")) {
            if (!line.isBlank()) {
                lines.add(JSON.std.mapFrom(line));
            }
        }
        return lines;
    }

    private static Map<String, Object> accessLine() throws Exception {
        List<Map<String, Object>> access = lines().stream().filter(line -> line.containsKey("status")).toList();
        assertThat(access).as(output()).hasSize(1);
        return access.getFirst();
    }

    private static Map<String, Object> routerMetrics() throws Exception {
        List<Map<String, Object>> documents = lines().stream().filter(line -> line.containsKey("_aws") && line.containsKey("Requests")).toList();
        assertThat(documents).as(output()).hasSize(1);
        return documents.getFirst();
    }

    private static Map<String, Object> decision() throws Exception {
        List<Map<String, Object>> decisions = lines().stream().filter(line -> line.containsKey("decision") && !line.containsKey("_aws")).toList();
        assertThat(decisions).as(output()).hasSize(1);
        return decisions.getFirst();
    }

    private static Map<String, Object> decisionMetrics() throws Exception {
        List<Map<String, Object>> documents = lines().stream().filter(line -> line.containsKey("AuthorizerDecisions")).toList();
        assertThat(documents).as(output()).hasSize(1);
        return documents.getFirst();
    }

    private static List<Object> metricNames(Map<String, Object> document) {
        List<Object> names = new ArrayList<>();
        for (Map<String, Object> directive : (List<Map<String, Object>>) ((Map<String, Object>) document.get("_aws")).get("CloudWatchMetrics")) {
            for (Map<String, Object> metric : (List<Map<String, Object>>) directive.get("Metrics")) {
                names.add(metric.get("Name"));
            }
        }
        return names;
    }

    @Test
    void anAnsweredRequestIsLoggedAndMeasured() throws Exception {
        HttpResponse<byte[]> response = send("/echo/hello", "X-Correlation-Id", "order-4711",
                "traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("X-Correlation-Id")).contains("order-4711");
        Map<String, Object> access = accessLine();
        assertThat(access).containsEntry("level", "INFO").containsEntry("service", "orders-gateway")
                .containsEntry("correlation_id", "order-4711").containsEntry("method", "GET").containsEntry("path", "/echo/hello")
                .containsEntry("route", "echo").containsEntry("status", 200).containsEntry("caller", "anonymous")
                .containsEntry("backend_calls", 1).containsEntry("retries", 0)
                .containsEntry("trace_id", "4bf92f3577b34da6a3ce929d0e0e4736").containsEntry("parent_span_id", "00f067aa0ba902b7")
                .containsKeys("timestamp", "request_id", "function_request_id", "latency_ms", "backend_latency_ms", "bytes_out",
                        "cold_start", "span_id")
                .doesNotContainKey("error");
        Map<String, Object> echoed = (Map<String, Object>) JSON.std.mapFrom(response.body()).get("headers");
        assertThat(echoed).containsEntry("X-Request-Id", "order-4711").containsEntry("X-Correlation-Id", "order-4711")
                .containsEntry("Traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-" + access.get("span_id") + "-01");

        Map<String, Object> metrics = routerMetrics();
        assertThat(metrics).containsEntry("service", "orders-gateway").containsEntry("route", "echo").containsEntry("version", "(none)")
                .containsEntry("status_class", "2xx").containsEntry("Requests", 1).containsEntry("4XXError", 0)
                .containsEntry("5XXError", 0).containsEntry("request_id", access.get("request_id"));
        assertThat(metricNames(metrics)).contains("Requests", "Latency", "BackendLatency", "RouteTableAge").doesNotContain("Errors");
        assertThat(decision()).containsEntry("decision", "allow").containsEntry("reason", "anonymous")
                .containsEntry("request_id", access.get("request_id"));
    }

    @Test
    void aRequestWithoutARouteIsLoggedAsA404() throws Exception {
        assertThat(send("/nowhere").statusCode()).isEqualTo(404);

        assertThat(accessLine()).containsEntry("status", 404).containsEntry("error", "no_route").containsEntry("backend_calls", 0)
                .doesNotContainKeys("route", "backend_latency_ms");
        assertThat(routerMetrics()).containsEntry("route", "(none)").containsEntry("status_class", "4xx").containsEntry("4XXError", 1)
                .containsEntry("error", "no_route").containsEntry("Errors", 1);
    }

    @Test
    void aProtectedRouteWithoutCredentialsIsLoggedAsThe401TheRouterGave() throws Exception {
        assertThat(send("/orders/42").statusCode()).isEqualTo(401);

        assertThat(accessLine()).containsEntry("status", 401).containsEntry("route", "orders-get").containsEntry("error", "unauthorized")
                .containsEntry("caller", "anonymous");
        assertThat(routerMetrics()).containsEntry("route", "orders-get").containsEntry("status_class", "4xx")
                .containsEntry("error", "unauthorized");
        assertThat(decision()).containsEntry("decision", "allow").containsEntry("reason", "anonymous");
    }

    @Test
    void aTokenTheAuthorizerRefusesIsItsDecisionAndNoAccessLine() throws Exception {
        String token = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJtYWxsb3J5In0.c2lnbmF0dXJl";

        assertThat(send("/orders/42", "Authorization", "Bearer " + token).statusCode()).isEqualTo(401);

        assertThat(lines()).noneMatch(line -> line.containsKey("status"));
        Map<String, Object> decision = decision();
        assertThat(decision).containsEntry("decision", "deny").containsEntry("reason", "token_refused").containsEntry("level", "INFO")
                .containsKeys("detail", "request_id", "latency_ms", "cold_start");
        assertThat(decisionMetrics()).containsEntry("decision", "deny").containsEntry("reason", "token_refused")
                .containsEntry("AuthorizerDecisions", 1);
        assertThat(output()).doesNotContain(token);
    }

    @Test
    void aBackendThatRefusesTheConnectionIsA502() throws Exception {
        assertThat(send("/refused").statusCode()).isEqualTo(502);

        assertThat(accessLine()).containsEntry("status", 502).containsEntry("route", "refused").containsEntry("error", "backend_refused")
                .containsEntry("backend_calls", 1).containsKey("backend_latency_ms");
        assertThat(routerMetrics()).containsEntry("status_class", "5xx").containsEntry("5XXError", 1)
                .containsEntry("error", "backend_refused").containsEntry("Errors", 1);
    }

    @Test
    void aBackendSlowerThanTheRouteAllowsIsA504() throws Exception {
        assertThat(send("/slow").statusCode()).isEqualTo(504);

        Map<String, Object> access = accessLine();
        assertThat(access).containsEntry("status", 504).containsEntry("route", "slow").containsEntry("error", "backend_timeout");
        assertThat(((Number) access.get("backend_latency_ms")).doubleValue()).isGreaterThanOrEqualTo(250);
        assertThat(routerMetrics()).containsEntry("status_class", "5xx").containsEntry("5XXError", 1).containsEntry("error", "backend_timeout");
    }

    @Test
    void noCredentialReachesAnyLog() throws Exception {
        String token = identity.mint("alice", Set.of("orders:read"), Duration.ofMinutes(5), "web-app");
        String forged = token.substring(0, token.lastIndexOf('.') + 1) + "AAAA" + token.substring(token.lastIndexOf('.') + 5);
        String basic = "Basic YWxpY2U6czNjcjN0";
        synchronized (RECORDS) {
            RECORDS.clear();
        }

        assertThat(send("/orders/42", "Authorization", "Bearer " + token).statusCode()).isEqualTo(200);
        assertThat(send("/whoami", "x-api-key", acmeKey).statusCode()).isEqualTo(200);
        assertThat(send("/orders/42", "Authorization", "Bearer " + forged).statusCode()).isEqualTo(401);
        assertThat(send("/whoami", "x-api-key", acmeKey + "x").statusCode()).isEqualTo(401);
        assertThat(send("/whoami", "Authorization", basic).statusCode()).isEqualTo(401);
        assertThat(send("/echo/x", "Authorization", "Bearer " + token, "x-api-key", acmeKey).statusCode()).isEqualTo(200);

        String everything;
        synchronized (RECORDS) {
            everything = output() + String.join("\n", RECORDS);
        }
        assertThat(lines()).filteredOn(line -> line.containsKey("decision") && !line.containsKey("_aws")).hasSize(6);
        assertThat(everything).doesNotContain(token).doesNotContain(forged).doesNotContain(acmeKey)
                .doesNotContain("YWxpY2U6czNjcjN0").doesNotContain(token.substring(token.lastIndexOf('.') + 1))
                .doesNotContain(ApiKeys.hash(acmeKey));
        assertThat(accessLineFor("/whoami", 200)).containsEntry("caller", "apiKey").containsEntry("principal", "acme");
    }

    private static Map<String, Object> accessLineFor(String path, int status) throws Exception {
        return lines().stream().filter(line -> path.equals(line.get("path")) && Integer.valueOf(status).equals(line.get("status")))
                .findFirst().orElseThrow();
    }
}
