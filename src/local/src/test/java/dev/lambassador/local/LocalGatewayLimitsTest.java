package dev.lambassador.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.jr.ob.JSON;
import dev.lambassador.core.apigw.PayloadVersion;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The local gateway holds requests to API Gateway's quotas, reads no more of a body than they
 * allow, and answers its own refusals, malformed HTTP included, as JSON.
 */
@Timeout(60)
class LocalGatewayLimitsTest {

    /** Events the function was invoked with. */
    private final List<Map<String, Object>> events = new CopyOnWriteArrayList<>();
    private LocalApiGateway gateway;

    @BeforeEach
    void start() throws IOException {
        RequestStreamHandler function = (in, out, context) -> {
            events.add(JSON.std.mapFrom(in.readAllBytes()));
            out.write("{\"statusCode\":200,\"body\":\"ok\"}".getBytes(StandardCharsets.UTF_8));
        };
        gateway = LocalApiGateway.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), function, null, PayloadVersion.V1, null);
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    /** What came back: the status line's code and the body. */
    private record Answer(int status, String contentType, String body) {
        Map<String, Object> json() throws IOException {
            assertThat(contentType).startsWith("application/json");
            return JSON.std.mapFrom(body);
        }
    }

    /** Sends the bytes as they are, half-closes, and reads the answer to the first request. */
    private Answer send(byte[]... parts) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), gateway.uri().getPort())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            for (byte[] part : parts) {
                out.write(part);
            }
            out.flush();
            return read(socket.getInputStream());
        }
    }

    private static Answer read(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed within the response head: " + head);
            }
            head.write(b);
        }
        String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        int length = 0;
        String contentType = "";
        for (String line : lines) {
            String lower = line.toLowerCase();
            if (lower.startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            } else if (lower.startsWith("content-type:")) {
                contentType = line.substring(13).trim();
            }
        }
        return new Answer(status, contentType, new String(in.readNBytes(length), StandardCharsets.UTF_8));
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void aBodyDeclaredLargerThanTheQuotaIs413WithoutReadingIt() throws IOException {
        // Only the head is sent: the answer cannot wait for the 100 MB it announces.
        Answer answer = send(ascii("POST /upload HTTP/1.1\r\nHost: localhost\r\nContent-Length: 104857600\r\n\r\n"));

        assertThat(answer.status()).isEqualTo(413);
        assertThat((String) answer.json().get("message")).contains("payload quota of " + LocalApiGateway.MAX_BODY_BYTES + " bytes");
        assertThat(events).isEmpty();
    }

    @Test
    void aChunkedBodyIsReadNoFurtherThanTheQuota() throws IOException {
        int size = LocalApiGateway.MAX_BODY_BYTES + 1;
        // One chunk a byte over the quota and no last chunk: an answer proves the rest was never waited for.
        Answer answer = send(ascii("POST /upload HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n"
                + Integer.toHexString(size) + "\r\n"), new byte[size], ascii("\r\n"));

        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.json()).containsKey("message");
        assertThat(events).isEmpty();
    }

    @Test
    void aBodyWithinApiGatewaysQuotaButNotLambdasIs413NamingLambda() throws IOException {
        int size = 5 * 1024 * 1024;
        Answer answer = send(ascii("POST /upload HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/octet-stream\r\n"
                + "Content-Length: " + size + "\r\n\r\n"), new byte[size]);

        assertThat(answer.status()).isEqualTo(413);
        assertThat((String) answer.json().get("message")).contains("Lambda's quota of " + LocalApiGateway.MAX_EVENT_BYTES + " bytes");
        assertThat(events).isEmpty();
    }

    @Test
    void aBodyWithinBothQuotasReachesTheFunctionWhole() throws IOException {
        byte[] body = new byte[3 * 1024 * 1024];
        body[body.length - 1] = 7;
        Answer answer = send(ascii("POST /upload HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/octet-stream\r\n"
                + "Content-Length: " + body.length + "\r\n\r\n"), body);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(Base64.getDecoder().decode((String) events.getFirst().get("body"))).isEqualTo(body);
    }

    @Test
    void headersLargerThanTheQuotaAre431() throws IOException {
        Answer answer = send(ascii("GET /x HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "a".repeat(LocalApiGateway.MAX_REQUEST_HEAD_BYTES)
                + "\r\n\r\n"));

        assertThat(answer.status()).isEqualTo(431);
        assertThat((String) answer.json().get("message")).contains(LocalApiGateway.MAX_REQUEST_HEAD_BYTES + " bytes");
        assertThat(events).isEmpty();
    }

    @Test
    void headersWithinTheQuotaPass() throws IOException {
        Answer answer = send(ascii("GET /x HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "a".repeat(9000) + "\r\n\r\n"));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(events).hasSize(1);
    }

    @Test
    void aRequestLineLargerThanTheQuotaIs414() throws IOException {
        Answer answer = send(ascii("GET /" + "a".repeat(LocalApiGateway.MAX_REQUEST_HEAD_BYTES) + " HTTP/1.1\r\nHost: localhost\r\n\r\n"));

        assertThat(answer.status()).isEqualTo(414);
        assertThat(answer.json()).containsKey("message");
        assertThat(events).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "GET /a b HTTP/1.1\r\nHost: localhost\r\n\r\n",
            "NONSENSE\r\n\r\n",
            "GET /x HTTP/1.1\r\nHost: localhost\r\n folded: header\r\n\r\n",
            "POST /x HTTP/1.1\r\nHost: localhost\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab",
            "GET /x HTTP/1.1\r\n\r\n"})
    void malformedHttpIsAnsweredAsJson(String request) throws IOException {
        Answer answer = send(ascii(request));

        assertThat(answer.status()).isEqualTo(400);
        assertThat((String) answer.json().get("message")).startsWith("bad request");
        assertThat(events).isEmpty();
    }

    @Test
    void aPathStartingWithTwoSlashesIsAPathNotAHost() throws IOException {
        Answer answer = send(ascii("GET //evil.example.com/admin?x=1 HTTP/1.1\r\nHost: localhost\r\n\r\n"));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(events.getFirst()).containsEntry("path", "//evil.example.com/admin");
        assertThat(events.getFirst().get("headers")).asString().contains("Host=localhost");
    }
}
