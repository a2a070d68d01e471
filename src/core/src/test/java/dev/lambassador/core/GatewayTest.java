package dev.lambassador.core;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.lambassador.core.backend.Backend;
import dev.lambassador.core.backend.BackendClient;
import dev.lambassador.core.backend.BackendFactory;
import dev.lambassador.core.backend.Backends;
import dev.lambassador.core.backend.HttpBackend;
import dev.lambassador.core.filter.Filter;
import dev.lambassador.core.filter.FilterFactory;
import dev.lambassador.core.route.Items;
import dev.lambassador.core.route.PathTemplate;
import dev.lambassador.core.route.Problems;
import dev.lambassador.core.route.RouteFactories;
import dev.lambassador.core.route.RouteTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class GatewayTest {

    @RegisterExtension
    static final WireMockExtension backend = WireMockExtension.newInstance()
            .options(options().dynamicPort().bindAddress("127.0.0.1")).build();

    /** A filter made for this test: one class and one registration, as any new filter is. */
    static final class AddQuery implements FilterFactory {
        @Override
        public String name() {
            return "addQuery";
        }

        @Override
        public Filter create(Map<String, Object> args, Problems problems) {
            String pair = Items.requiredString(args, "pair", problems);
            return pair == null ? null : (request, chain) -> chain.proceed(new GatewayRequest(request.method(), request.path(),
                    request.rawQuery().isEmpty() ? pair : request.rawQuery() + "&" + pair, request.query(), request.headers(),
                    request.body(), request.sourceIp(), request.requestId(), request.authorizer()));
        }
    }

    private static GatewayRequest get(String path) {
        return new GatewayRequest("GET", path, "", Map.of(), Headers.of("Host", "api.example.com"), null, "", "req-1", Map.of());
    }

    private static RouteTable table(RouteFactories factories, List<Map<String, Object>> items) {
        RouteTable.Compiled compiled = RouteTable.compileItems(items, factories);
        assertThat(compiled.rejected()).isEmpty();
        return compiled.table();
    }

    private static LoggedRequest received() {
        assertThat(backend.getAllServeEvents()).hasSize(1);
        return backend.getAllServeEvents().getFirst().getRequest();
    }

    @Test
    void pathAndQueryAsTheRouteFiltersLeftThemReachTheBackend() {
        backend.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200)));
        RouteTable routes = table(RouteFactories.DEFAULT.withFilter(new AddQuery()), List.of(Map.of(
                "id", "api", "path", "/api/{proxy+}", "backend", backend.baseUrl(), "auth", "none",
                "filters", List.of(Map.of("name", "stripPrefix", "args", Map.of("parts", 1)),
                        Map.of("name", "addQuery", "args", Map.of("pair", "tenant=acme")),
                        Map.of("name", "setRequestHeader", "args", Map.of("name", "X-Tenant", "value", "acme"))))));

        GatewayResponse response = Gateway.builder().routes(routes).build().handle(get("/api/orders/42"));

        assertThat(response.status()).isEqualTo(200);
        assertThat(received().getUrl()).isEqualTo("/orders/42?tenant=acme");
        assertThat(received().getHeader("X-Tenant")).isEqualTo("acme");
    }

    @Test
    void gatewaysSharingATableEachRunTheirOwnFiltersAfterRoutingThenTheRoutesAsOften() {
        backend.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200)));
        RouteTable routes = table(RouteFactories.DEFAULT, List.of(Map.of(
                "id", "api", "path", "/api/{proxy+}", "backend", backend.baseUrl(), "auth", "none",
                "filters", List.of(Map.of("name", "setRequestHeader", "args", Map.of("name", "X-Route", "value", "api"))))));
        List<String> ran = new CopyOnWriteArrayList<>();
        Gateway first = Gateway.builder().routes(routes).afterRouting((request, chain) -> {
            ran.add("first");
            return chain.proceed(request.withHeaders(request.headers().toBuilder().set("X-Gateway", "first").build()));
        }).build();
        Gateway second = Gateway.builder().routes(routes).afterRouting((request, chain) -> {
            ran.add("second");
            return chain.proceed(request.withHeaders(request.headers().toBuilder().set("X-Gateway", "second").build()));
        }).build();

        List<String> received = new ArrayList<>();
        for (Gateway gateway : List.of(first, first, second, first, second, second)) {
            backend.resetRequests();
            assertThat(gateway.handle(get("/api/orders")).status()).isEqualTo(200);
            received.add(received().getHeader("X-Gateway") + "+" + received().getHeader("X-Route"));
        }

        assertThat(ran).containsExactly("first", "first", "second", "first", "second", "second");
        assertThat(received).containsExactly("first+api", "first+api", "second+api", "first+api", "second+api", "second+api");
    }

    @Test
    void responseFiltersChangeWhatTheClientSees() {
        backend.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withHeader("Cache-Control", "public")));
        RouteTable routes = table(RouteFactories.DEFAULT, List.of(Map.of(
                "id", "r", "path", "/r", "backend", backend.baseUrl(),
                "filters", List.of(Map.of("name", "setResponseHeader", "args", Map.of("name", "Cache-Control", "value", "no-store"))))));

        GatewayResponse response = Gateway.builder().routes(routes).build().handle(get("/r"));

        assertThat(response.headers().all("Cache-Control")).containsExactly("no-store");
    }

    @Test
    void globalFiltersSeeEveryAnswerIncludingA404() {
        List<Integer> seen = new ArrayList<>();
        Gateway gateway = Gateway.builder()
                .routes(table(RouteFactories.DEFAULT, List.of()))
                .globalFilter((request, chain) -> {
                    GatewayResponse response = chain.proceed(request);
                    seen.add(response.status());
                    return new GatewayResponse(response.status(), response.headers().toBuilder().set("Vary", "Origin").build(),
                            response.body());
                })
                .build();

        GatewayResponse response = gateway.handle(get("/nowhere"));

        assertThat(seen).containsExactly(404);
        assertThat(response.headers().first("Vary")).hasValue("Origin");
        assertThat(response.bodyAsString()).contains("no route matches GET /nowhere");
    }

    @Test
    void aGlobalFilterCanAnswerForAPathWithoutARoute() {
        Gateway gateway = Gateway.builder()
                .routes(table(RouteFactories.DEFAULT, List.of()))
                .globalFilter((request, chain) -> new GatewayResponse(204, Headers.of("Access-Control-Allow-Origin", "*"), null))
                .build();

        assertThat(gateway.handle(get("/nowhere")).status()).isEqualTo(204);
    }

    @Test
    void theListenerHearsOfEveryRequestInOrderFailedOrNot() {
        backend.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(201)));
        List<String> events = new CopyOnWriteArrayList<>();
        Gateway gateway = Gateway.builder()
                .routes(table(RouteFactories.DEFAULT, List.of(Map.of("id", "r", "path", "/r", "backend", backend.baseUrl()))))
                .listener(new GatewayListener() {
                    @Override
                    public void requestStart(Exchange exchange) {
                        events.add("start " + exchange.requestId());
                    }

                    @Override
                    public void routeMatched(Exchange exchange) {
                        events.add("route " + exchange.route().id());
                    }

                    @Override
                    public void backendStart(Exchange exchange, Backend backend) {
                        events.add("backend " + backend.type());
                    }

                    @Override
                    public void backendEnd(Exchange exchange, Backend backend, GatewayResponse response, Throwable failure) {
                        events.add("backend end " + response.status());
                    }

                    @Override
                    public void requestEnd(Exchange exchange, GatewayResponse response, Throwable failure) {
                        events.add("end " + response.status() + (failure == null ? "" : " " + failure.getClass().getSimpleName()));
                    }
                })
                .build();

        gateway.handle(get("/r"));
        gateway.handle(get("/missing"));

        assertThat(events).containsExactly(
                "start req-1", "route r", "backend http", "backend end 201", "end 201",
                "start req-1", "end 404 GatewayException");
    }

    @Test
    void aListenerThatThrowsChangesNoAnswer() {
        backend.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200)));
        Gateway gateway = Gateway.builder()
                .routes(table(RouteFactories.DEFAULT, List.of(Map.of("id", "r", "path", "/r", "backend", backend.baseUrl()))))
                .listener(new GatewayListener() {
                    @Override
                    public void routeMatched(Exchange exchange) {
                        throw new IllegalStateException("broken listener");
                    }
                })
                .build();

        assertThat(gateway.handle(get("/r")).status()).isEqualTo(200);
    }

    @Test
    void aBackendTypeWithoutAClientIs502() {
        Gateway gateway = Gateway.builder()
                .routes(table(withSmtp(), List.of(Map.of("id", "mail", "path", "/mail", "backend", Map.of("type", "smtp")))))
                .build();

        GatewayResponse response = gateway.handle(get("/mail"));

        assertThat(response.status()).isEqualTo(502);
        assertThat(response.bodyAsString()).contains("cannot call backends of type smtp");
    }

    private static BackendClient answering(String type, int status) {
        return BackendClient.of(type, (request, exchange, backend) -> new GatewayResponse(status, Headers.EMPTY, null));
    }

    private static RouteFactories withSmtp() {
        Backend smtp = () -> "smtp";
        return RouteFactories.DEFAULT.withBackends(RouteFactories.DEFAULT.backends().with(new BackendFactory() {
            @Override
            public String type() {
                return "smtp";
            }

            @Override
            public Backend create(Map<String, Object> args, PathTemplate template, Backends backends, Problems problems) {
                return smtp;
            }
        }));
    }

    @Test
    void aClientForAnotherTypeLeavesTheDefaultHttpClientInPlace() {
        backend.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200)));
        Gateway gateway = Gateway.builder()
                .routes(table(withSmtp(), List.of(Map.of("id", "r", "path", "/r", "backend", backend.baseUrl()))))
                .backendClient(answering("smtp", 250))
                .build();

        assertThat(gateway.handle(get("/r")).status()).isEqualTo(200);
        assertThat(received().getUrl()).isEqualTo("/r");
    }

    @Test
    void aLaterClientForATypeReplacesTheEarlierOneAndNoOther() {
        Gateway gateway = Gateway.builder()
                .routes(table(withSmtp(), List.of(Map.of("id", "web", "path", "/web", "backend", "http://web"),
                        Map.of("id", "mail", "path", "/mail", "backend", Map.of("type", "smtp")))))
                .backendClient(answering("smtp", 250))
                .backendClient(answering(HttpBackend.TYPE, 201))
                .backendClient(answering(HttpBackend.TYPE, 202))
                .build();

        assertThat(gateway.handle(get("/web")).status()).isEqualTo(202);
        assertThat(gateway.handle(get("/mail")).status()).isEqualTo(250);
    }

    @Test
    void aFailingGlobalFilterIsAnsweredAndReportedToTheListener() {
        List<Throwable> failures = new ArrayList<>();
        Gateway gateway = Gateway.builder()
                .routes(table(RouteFactories.DEFAULT, List.of()))
                .globalFilter((request, chain) -> {
                    throw new GatewayException(429, "slow down");
                })
                .listener(new GatewayListener() {
                    @Override
                    public void requestEnd(Exchange exchange, GatewayResponse response, Throwable failure) {
                        failures.add(failure);
                    }
                })
                .build();

        assertThat(gateway.handle(get("/r")).status()).isEqualTo(429);
        assertThat(failures).singleElement().isInstanceOf(GatewayException.class);
    }

    @Test
    void aListenerThatThrowsIsLogged() {
        java.util.logging.Logger log = java.util.logging.Logger.getLogger(Gateway.class.getName());
        List<java.util.logging.LogRecord> records = new CopyOnWriteArrayList<>();
        java.util.logging.Handler handler = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        log.addHandler(handler);
        try {
            Gateway.builder().routes(table(RouteFactories.DEFAULT, List.of())).listener(new GatewayListener() {
                @Override
                public void requestStart(Exchange exchange) {
                    throw new IllegalStateException("broken listener");
                }
            }).build().handle(get("/r"));
        } finally {
            log.removeHandler(handler);
        }

        assertThat(records).singleElement().satisfies(record -> {
            assertThat(record.getLevel()).isEqualTo(java.util.logging.Level.WARNING);
            assertThat(record.getThrown()).hasMessage("broken listener");
        });
    }
}
