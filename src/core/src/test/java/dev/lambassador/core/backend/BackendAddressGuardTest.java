package dev.lambassador.core.backend;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.jr.ob.JSON;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.lambassador.core.Gateway;
import dev.lambassador.core.GatewayException;
import dev.lambassador.core.GatewayRequest;
import dev.lambassador.core.GatewayResponse;
import dev.lambassador.core.Headers;
import dev.lambassador.core.guard.IpAddress;
import dev.lambassador.core.route.RouteTable;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class BackendAddressGuardTest {

    @RegisterExtension
    static final WireMockExtension ipv4 = WireMockExtension.newInstance()
            .options(options().dynamicPort().bindAddress("127.0.0.1")).build();
    @RegisterExtension
    static final WireMockExtension ipv6 = WireMockExtension.newInstance()
            .options(options().dynamicPort().bindAddress("::1")).build();

    @BeforeEach
    void answer() {
        ipv4.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("ipv4")));
        ipv6.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("ipv6")));
    }

    private static Gateway gateway(String backendUrl, BackendAddressGuard guard) {
        RouteTable.Compiled compiled = RouteTable.compileItems(List.of(Map.of("id", "r", "path", "/x", "backend", backendUrl)));
        assertThat(compiled.rejected()).isEmpty();
        return Gateway.builder().routes(compiled.table()).backendClient(HttpForwarder.create(Duration.ofSeconds(1), guard)).build();
    }

    private static GatewayResponse get(Gateway gateway) {
        return gateway.handle(new GatewayRequest("GET", "/x", "", Map.of(), Headers.EMPTY, null, "203.0.113.9", "req-7", Map.of()));
    }

    private static Map<String, Object> json(GatewayResponse response) throws Exception {
        return JSON.std.mapFrom(response.bodyAsString());
    }

    /** A resolver standing in for DNS, for names that must resolve to addresses no test machine serves. */
    private static BackendAddressGuard resolving(List<String> allowedHosts, boolean allowLoopback, Map<String, String> names) {
        return new BackendAddressGuard(allowedHosts, allowLoopback, host -> {
            String addresses = IpAddress.parse(host) != null ? host : names.get(host);
            if (addresses == null) {
                throw new UnknownHostException(host);
            }
            List<InetAddress> resolved = new ArrayList<>();
            for (String address : addresses.split(" ")) {
                resolved.add(InetAddress.getByName(address));
            }
            return resolved.toArray(InetAddress[]::new);
        });
    }

    private static String url(String host) {
        return "http://" + host + ":" + (host.startsWith("[") ? ipv6.getPort() : ipv4.getPort());
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "127.0.0.1", "[::1]", "LOCALHOST", "localhost.", "[0:0:0:0:0:0:0:1]"})
    void loopbackBackendIsRefusedAndReceivesNothingWhereLoopbackIsNotAllowed(String host) throws Exception {
        GatewayResponse response = get(gateway(url(host), BackendAddressGuard.DEFAULT));

        assertThat(response.status()).isEqualTo(502);
        assertThat(response.headers().first("Content-Type")).hasValue("application/json");
        assertThat(json(response)).containsEntry("reason", "loopback-address").containsEntry("requestId", "req-7")
                .containsEntry("message", "the route's backend was not called: its host is or resolves to a loopback address, "
                        + "which this deployment does not allow");
        assertThat(response.bodyAsString()).doesNotContain("127.0.0.1", "::1", "localhost");
        assertThat(ipv4.getAllServeEvents()).isEmpty();
        assertThat(ipv6.getAllServeEvents()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"localhost, ipv4", "127.0.0.1, ipv4", "[::1], ipv6"})
    void loopbackBackendAnswersWhereLoopbackIsAllowed(String host, String body) {
        GatewayResponse response = get(gateway(url(host), BackendAddressGuard.LOOPBACK_ALLOWED));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.bodyAsString()).isEqualTo(body);
    }

    @Test
    void defaultHttpClientOfTheGatewayAllowsLoopbackForEmbeddingAndTests() {
        RouteTable.Compiled compiled = RouteTable.compileItems(List.of(Map.of("id", "r", "path", "/x", "backend", url("localhost"))));

        assertThat(get(Gateway.builder().routes(compiled.table()).build()).status()).isEqualTo(200);
    }

    @ParameterizedTest
    @CsvSource({
            "instance-metadata.example, 169.254.169.254, link-local-address",
            "ecs-metadata.example, 169.254.170.2, link-local-address",
            "ipv6-metadata.example, fd00:ec2::254, link-local-address",
            "link-local.example, fe80::1, link-local-address",
            "nat64.example, 64:ff9b::a9fe:a9fe, link-local-address",
            "unspecified.example, 0.0.0.0, unspecified-address",
            "unspecified6.example, ::, unspecified-address",
            "this-network.example, 0.1.2.3, unspecified-address",
            "rebound.example, 10.0.0.7 169.254.169.254, link-local-address",
            "loopback-too.example, 10.0.0.7 127.0.0.53, loopback-address",
            "compatible-loopback.example, ::127.0.0.1, loopback-address",
    })
    void nameIsJudgedByEveryAddressItResolvesTo(String name, String addresses, String reason) throws Exception {
        BackendAddressGuard guard = resolving(List.of(), false, Map.of(name, addresses));

        GatewayResponse response = get(gateway("http://" + name + ":" + ipv4.getPort(), guard));

        assertThat(response.status()).isEqualTo(502);
        assertThat(json(response)).containsEntry("reason", reason);
        assertThat(response.bodyAsString()).doesNotContain(name).doesNotContain(addresses.split(" ")[addresses.split(" ").length - 1]);
    }

    @Test
    void addressWrittenAsOneDecimalNumberIsJudgedByWhatItResolvesTo() throws Exception {
        // 2852039166 is 169.254.169.254: the JDK reads it as that address, and so does the check.
        GatewayResponse response = get(gateway("http://2852039166:" + ipv4.getPort() + "/latest/meta-data/", BackendAddressGuard.LOOPBACK_ALLOWED));

        assertThat(response.status()).isEqualTo(502);
        assertThat(json(response)).containsEntry("reason", "link-local-address");
        assertThat(get(gateway("http://2130706433:" + ipv4.getPort(), BackendAddressGuard.DEFAULT)).status())
                .as("127.0.0.1 as one number").isEqualTo(502);
        assertThat(ipv4.getAllServeEvents()).isEmpty();
    }

    @Test
    void privateAddressesAreBackendsLikeAnyOther() {
        BackendAddressGuard guard = resolving(List.of(), false, Map.of("orders.internal", "10.0.0.7 fd12:3456::7"));

        guard.check("orders.internal", "req");
        guard.check("[2001:db8::1]", "req");
        guard.check("203.0.113.9", "req");
    }

    @Test
    void loopbackAllowedStillRefusesMetadataAndUnspecifiedAddresses() {
        BackendAddressGuard guard = resolving(List.of(), true, Map.of("imds.example", "169.254.169.254", "any.example", "0.0.0.0"));

        assertThatThrownBy(() -> guard.check("imds.example", "req")).isInstanceOf(GatewayException.class)
                .satisfies(e -> assertThat(((GatewayException) e).details()).containsEntry("reason", "link-local-address"));
        assertThatThrownBy(() -> guard.check("any.example", "req"))
                .satisfies(e -> assertThat(((GatewayException) e).details()).containsEntry("reason", "unspecified-address"));
    }

    @Test
    void unresolvableHostIsA502ThatSaysSo() throws Exception {
        GatewayResponse response = get(gateway("http://nowhere.example:" + ipv4.getPort(), resolving(List.of(), false, Map.of())));

        assertThat(response.status()).isEqualTo(502);
        assertThat(json(response)).containsEntry("reason", "unresolved-host")
                .containsEntry("message", "the route's backend was not called: its host does not resolve");
    }

    @Test
    void allowListAdmitsOnlyTheHostsItNames() throws Exception {
        BackendAddressGuard guard = BackendAddressGuard.of(List.of("localhost"), true);

        assertThat(get(gateway(url("localhost"), guard)).status()).isEqualTo(200);
        GatewayResponse refused = get(gateway(url("127.0.0.1"), guard));

        assertThat(refused.status()).isEqualTo(502);
        assertThat(json(refused)).containsEntry("reason", "host-not-allowed");
        assertThat(ipv4.getAllServeEvents()).hasSize(1);
    }

    @ParameterizedTest
    @CsvSource({
            "orders.example.internal, true",
            "a.b.example.internal, true",
            "Orders.Example.Internal, true",
            "orders.example.internal., true",
            "example.internal, false",
            "evil-example.internal, false",
            "orders.example.internal.evil.com, false",
            "payments.internal, true",
            "payments.internal.evil.com, false",
            "x.payments.internal, false",
            "10.0.0.7, true",
            "10.0.0.8, false",
            "[2001:db8::1], true",
            "[2001:db8:0:0:0:0:0:1], true",
            "[2001:db8::2], false",
    })
    void allowListTakesExactNamesWildcardDomainsAndAddresses(String host, boolean allowed) {
        BackendAddressGuard guard = resolving(List.of("*.example.internal", "PAYMENTS.internal.", "10.0.0.7", "[2001:DB8::1]"), false,
                Map.of("orders.example.internal", "10.0.0.1", "a.b.example.internal", "10.0.0.1", "payments.internal", "10.0.0.2",
                        "example.internal", "10.0.0.1", "evil-example.internal", "10.0.0.1", "orders.example.internal.evil.com", "10.0.0.1",
                        "payments.internal.evil.com", "10.0.0.1", "x.payments.internal", "10.0.0.1", "10.0.0.7", "10.0.0.7",
                        "10.0.0.8", "10.0.0.8"));
        Map<String, String> literals = Map.of("[2001:db8::1]", "2001:db8::1", "[2001:db8:0:0:0:0:0:1]", "2001:db8::1",
                "[2001:db8::2]", "2001:db8::2");
        BackendAddressGuard withLiterals = new BackendAddressGuard(guard.allowedHosts(), false,
                name -> new InetAddress[] {InetAddress.getByName(literals.getOrDefault("[" + name + "]", name.startsWith("2001") ? name : "10.0.0.1"))});

        if (allowed) {
            withLiterals.check(host, "req");
        } else {
            assertThatThrownBy(() -> withLiterals.check(host, "req")).isInstanceOf(GatewayException.class)
                    .satisfies(e -> assertThat(((GatewayException) e).details()).containsEntry("reason", "host-not-allowed"));
        }
    }

    @Test
    void allowListOfAddressesAloneRefusesEveryName() {
        BackendAddressGuard guard = resolving(List.of("10.0.0.7"), false, Map.of("orders.internal", "10.0.0.7"));

        guard.check("10.0.0.7", "req");
        assertThatThrownBy(() -> guard.check("orders.internal", "req"))
                .satisfies(e -> assertThat(((GatewayException) e).details()).containsEntry("reason", "host-not-allowed"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://orders", "orders/x", "*", "*.", "a.*.internal", "-orders.internal", "orders_1.internal", "[::1"})
    void allowListEntriesThatAreNoHostsAreRefused(String entry) {
        assertThatThrownBy(() -> BackendAddressGuard.of(List.of("orders.internal", entry), false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'" + entry + "' is not a host name, an IP address or *.domain");
    }

    @Test
    void settingsBuildTheGuardAndNameAWrongValue() {
        BackendAddressGuard guard = BackendAddressGuard.fromSettings(Map.of("BACKEND_ALLOWED_HOSTS", "*.internal, api.example.com",
                "BACKEND_ALLOW_LOOPBACK", "TRUE"));

        assertThat(guard.allowedHosts()).containsExactly("*.internal", "api.example.com");
        assertThat(guard.allowsLoopback()).isTrue();
        assertThat(BackendAddressGuard.fromSettings(Map.of()).allowsLoopback()).isFalse();
        assertThat(BackendAddressGuard.fromSettings(Map.of()).allowedHosts()).isEmpty();
        assertThatThrownBy(() -> BackendAddressGuard.fromSettings(Map.of("BACKEND_ALLOWED_HOSTS", "https://api.example.com")))
                .hasMessageStartingWith("BACKEND_ALLOWED_HOSTS must be comma-separated host names, IP addresses or *.domain, was");
        assertThatThrownBy(() -> BackendAddressGuard.fromSettings(Map.of("BACKEND_ALLOW_LOOPBACK", "yes")))
                .hasMessageStartingWith("BACKEND_ALLOW_LOOPBACK must be true or false");
    }

    @Test
    void refusalIsLoggedWithTheHostAndAddressTheClientDoesNotSee() {
        List<LogRecord> records = new ArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger logger = Logger.getLogger(BackendAddressGuard.class.getName());
        logger.addHandler(handler);
        try {
            get(gateway(url("localhost"), BackendAddressGuard.DEFAULT));
        } finally {
            logger.removeHandler(handler);
        }

        assertThat(records).singleElement().satisfies(record -> assertThat(
                java.text.MessageFormat.format(record.getMessage(), record.getParameters()))
                .isEqualTo("request req-7: backend host localhost (127.0.0.1) refused: loopback-address"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "http://169.254.169.254/latest/meta-data/|169.254.169.254: link-local-address",
            "http://169.254.170.2/v2/credentials|169.254.170.2: link-local-address",
            "http://[fd00:ec2::254]/latest|[fd00:ec2::254]: link-local-address",
            "http://[fe80::1]:8080|[fe80::1]: link-local-address",
            "http://[::ffff:169.254.169.254]|[::ffff:169.254.169.254]: link-local-address",
            "http://[64:ff9b::a9fe:a9fe]|[64:ff9b::a9fe:a9fe]: link-local-address",
            "http://0.0.0.0:8080|0.0.0.0: unspecified-address",
            "http://[::]:8080|[::]: unspecified-address",
    })
    void literalAddressesNoDeploymentCallsAreRefusedWhenTheItemLoads(String url, String message) {
        RouteTable.Compiled compiled = RouteTable.compileItems(List.of(Map.of("id", "imds", "path", "/x", "backend", url)));

        assertThat(compiled.rejected()).singleElement().satisfies(rejection -> assertThat(rejection.toString())
                .contains("backend.url: the gateway never calls " + message + " (docs/reliability.md)"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:8080", "http://[::1]:8080", "http://localhost:8080", "http://10.0.0.7", "http://metadata.example"})
    void loopbackAndNamesAreLeftToTheDeploymentWhenTheItemLoads(String url) {
        assertThat(RouteTable.compileItems(List.of(Map.of("id", "r", "path", "/x", "backend", url))).rejected()).isEmpty();
    }
}
