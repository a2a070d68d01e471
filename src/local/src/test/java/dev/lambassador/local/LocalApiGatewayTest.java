package dev.lambassador.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.lambassador.core.apigw.PayloadVersion;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The local API Gateway reads a function's proxy response the way API Gateway does. */
class LocalApiGatewayTest {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private static HttpResponse<String> call(PayloadVersion version, String answer) throws Exception {
        return call(version, (in, out, context) -> out.write(answer.getBytes(StandardCharsets.UTF_8)));
    }

    private static HttpResponse<String> call(PayloadVersion version, RequestStreamHandler function) throws Exception {
        try (LocalApiGateway gateway = LocalApiGateway.start(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), function, null, version, null)) {
            return CLIENT.send(HttpRequest.newBuilder(URI.create(gateway.uri() + "/x")).build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    @Test
    void restResponseMergesHeadersAndMultiValueHeaders() throws Exception {
        HttpResponse<String> response = call(PayloadVersion.V1, """
                {"statusCode":201,"headers":{"X-One":"1"},"multiValueHeaders":{"Set-Cookie":["a=1","b=2"]},
                 "body":"aGk=","isBase64Encoded":true}
                """);

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.headers().firstValue("X-One")).contains("1");
        assertThat(response.headers().allValues("Set-Cookie")).containsExactly("a=1", "b=2");
        assertThat(response.body()).isEqualTo("hi");
    }

    @Test
    void httpResponseCookiesBecomeSetCookieHeaders() throws Exception {
        HttpResponse<String> response = call(PayloadVersion.V2, """
                {"statusCode":200,"headers":{"content-type":"text/plain"},"cookies":["a=1","b=2"],"body":"ok"}
                """);

        assertThat(response.headers().allValues("Set-Cookie")).containsExactly("a=1", "b=2");
        assertThat(response.body()).isEqualTo("ok");
    }

    @Test
    void httpApiTakesAnyOtherJsonAsA200() throws Exception {
        HttpResponse<String> response = call(PayloadVersion.V2, "{\"hello\":\"world\"}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"hello\":\"world\"}");
    }

    @ParameterizedTest
    @EnumSource(PayloadVersion.class)
    void everyAnswerNamesTheRequestIdTheFunctionSaw(PayloadVersion version) throws Exception {
        java.util.concurrent.atomic.AtomicReference<String> seen = new java.util.concurrent.atomic.AtomicReference<>();
        HttpResponse<String> answered = call(version, (in, out, context) -> {
            Map<?, ?> requestContext = (Map<?, ?>) com.fasterxml.jackson.jr.ob.JSON.std.mapFrom(in).get("requestContext");
            seen.set((String) requestContext.get("requestId"));
            out.write("{\"statusCode\":204}".getBytes(StandardCharsets.UTF_8));
        });
        HttpResponse<String> failed = call(version, (in, out, context) -> {
            throw new IOException("boom");
        });

        String header = version == PayloadVersion.V1 ? "x-amzn-RequestId" : "apigw-requestid";
        assertThat(answered.headers().firstValue(header)).hasValue(seen.get());
        assertThat(failed.headers().firstValue(header)).hasValueSatisfying(id -> assertThat(id).isNotBlank().isNotEqualTo(seen.get()));
    }

    @Test
    void malformedProxyResponseIs502() throws Exception {
        assertThat(call(PayloadVersion.V1, "{\"hello\":\"world\"}").statusCode()).isEqualTo(502);
        assertThat(call(PayloadVersion.V1, "not json").statusCode()).isEqualTo(502);
        assertThat(call(PayloadVersion.V1, "{\"statusCode\":\"ok\"}").statusCode()).isEqualTo(502);
    }

    @Test
    void functionThatThrowsIs502() throws Exception {
        HttpResponse<String> response = call(PayloadVersion.V1, (in, out, context) -> {
            throw new IOException("boom");
        });

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(response.body()).isEqualTo("{\"message\":\"Internal server error\"}");
    }

    @Test
    void functionGetsALambdaContext() throws Exception {
        HttpResponse<String> response = call(PayloadVersion.V1, (in, out, context) -> out.write(
                ("{\"statusCode\":200,\"body\":\"" + context.getFunctionName() + " " + (context.getRemainingTimeInMillis() > 0)
                        + " " + !context.getAwsRequestId().isEmpty() + "\"}").getBytes(StandardCharsets.UTF_8)));

        assertThat(response.body()).isEqualTo("lambassador-router true true");
    }
}
