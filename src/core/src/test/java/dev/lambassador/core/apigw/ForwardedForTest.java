package dev.lambassador.core.apigw;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.lambassador.core.Gateway;
import dev.lambassador.core.route.RouteTable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** API Gateway puts the caller in X-Forwarded-For itself; the router appends it only when it is not there. */
class ForwardedForTest {

    private HttpServer backend;
    private final List<String> received = new CopyOnWriteArrayList<>();
    private ProxyIntegration integration;

    @BeforeEach
    void start() throws IOException {
        backend = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        backend.createContext("/", exchange -> {
            received.add(String.join(" | ", exchange.getRequestHeaders().get("X-Forwarded-For")));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        backend.start();
        integration = new ProxyIntegration(Gateway.builder().routes(RouteTable.compileItems(List.of(Map.of("id", "all",
                "path", "/{proxy+}", "backend", "http://127.0.0.1:" + backend.getAddress().getPort(), "auth", "none"))).table()).build());
    }

    @AfterEach
    void stop() {
        backend.stop(0);
    }

    @ParameterizedTest(name = "{0} from {1}")
    @CsvSource(delimiter = '|', value = {
            // An edge-optimized REST API: the caller, then the CloudFront edge that forwarded the request.
            "198.51.100.23, 70.132.20.86|198.51.100.23|198.51.100.23, 70.132.20.86",
            // A regional REST API, with and without a claim of the client's own before it.
            "198.51.100.23|198.51.100.23|198.51.100.23",
            "203.0.113.7, 198.51.100.23|198.51.100.23|203.0.113.7, 198.51.100.23",
            // A header that does not end with the caller (as no API Gateway sends it) gets the caller appended.
            "203.0.113.7|198.51.100.23|203.0.113.7, 198.51.100.23",
            "198.51.100.23, 203.0.113.7, 203.0.113.8|198.51.100.23|198.51.100.23, 203.0.113.7, 203.0.113.8, 198.51.100.23"})
    void theCallerIsListedOnce(String header, String sourceIp, String forwarded) {
        String event = """
                {"httpMethod":"GET","path":"/x","multiValueHeaders":{"X-Forwarded-For":["%s"]},
                 "requestContext":{"requestId":"r","identity":{"sourceIp":"%s"}}}""".formatted(header, sourceIp);

        integration.handle(event.getBytes(StandardCharsets.UTF_8), "lambda-id");

        assertThat(received).containsExactly(forwarded);
    }
}
