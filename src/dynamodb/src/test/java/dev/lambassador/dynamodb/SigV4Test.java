package dev.lambassador.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

/**
 * The signer against the AWS SDK's own SigV4 signer, byte for byte, and against AWS's published
 * SigV4 test suite (aws-sig-v4-test-suite: example key AKIDEXAMPLE, 2015-08-30T12:36:00Z,
 * us-east-1, service "service").
 */
class SigV4Test {

    private static final String TARGET = "DynamoDB_20120810.GetItem";

    static Stream<Arguments> requests() {
        String item = "{\"TableName\":\"routes\",\"Key\":{\"kind\":{\"S\":\"route\"},\"id\":{\"S\":\"orders\"}}}";
        return Stream.of(
                Arguments.of("long-term key", URI.create("https://dynamodb.us-east-1.amazonaws.com/"), item,
                        new AwsCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", null), "us-east-1"),
                Arguments.of("session token", URI.create("https://dynamodb.eu-west-1.amazonaws.com/"), item,
                        new AwsCredentials("ASIAEXAMPLE", "secret/with+signs=", "IQoJb3JpZ2luX2VjE//token+with/signs=="), "eu-west-1"),
                Arguments.of("emulator port, no path", URI.create("http://127.0.0.1:4566"), "{}",
                        new AwsCredentials("test", "test", null), "us-east-1"),
                Arguments.of("query string, unsorted and encoded", URI.create("https://example.amazonaws.com/path/to?b=2&a=x%20y&a=1&c=%2F~"),
                        "", new AwsCredentials("AKID", "secret", "token"), "ap-southeast-2"),
                Arguments.of("non-ASCII body, path and query", URI.create("https://example.amazonaws.com/r%C3%A9sum%C3%A9?q=%E2%82%AC%20%C3%A9t%C3%A9"),
                        "{\"TableName\":\"routes\",\"Key\":{\"id\":{\"S\":\"caf\u00e9 \u20ac \ud83d\ude00\"}}}",
                        new AwsCredentials("AKID", "s\u00e9cret", null), "us-west-2"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("requests")
    void signsAsTheSdkDoes(String name, URI uri, String body, AwsCredentials credentials, String region) {
        Instant now = Instant.parse("2026-03-04T05:06:07Z");
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Host", uri.getPort() == -1 ? uri.getHost() : uri.getHost() + ":" + uri.getPort());
        headers.put("Content-Type", "application/x-amz-json-1.0");
        headers.put("X-Amz-Target", TARGET);
        // The SDK's signer, used on its own, adds the body's hash as a header and signs it; so both sign it here.
        headers.put("X-Amz-Content-Sha256", java.util.HexFormat.of().formatHex(SigV4.sha256(bytes)));

        Map<String, String> ours = SigV4.sign("POST", uri, headers, bytes, credentials, region, "dynamodb", now);

        SdkHttpRequest.Builder request = SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(uri);
        headers.forEach(request::putHeader);
        AwsCredentialsIdentity identity = credentials.sessionToken() == null
                ? AwsCredentialsIdentity.create(credentials.accessKeyId(), credentials.secretAccessKey())
                : AwsSessionCredentialsIdentity.create(credentials.accessKeyId(), credentials.secretAccessKey(), credentials.sessionToken());
        SignedRequest sdk = AwsV4HttpSigner.create().sign(sign -> sign
                .identity(identity)
                .request(request.build())
                .payload(ContentStreamProvider.fromByteArray(bytes))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "dynamodb")
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(now, ZoneOffset.UTC)));

        assertThat(ours.get("Authorization")).isEqualTo(sdk.request().firstMatchingHeader("Authorization").orElseThrow());
        assertThat(ours.get("X-Amz-Date")).isEqualTo(sdk.request().firstMatchingHeader("X-Amz-Date").orElseThrow());
        assertThat(ours.get("X-Amz-Security-Token")).isEqualTo(sdk.request().firstMatchingHeader("X-Amz-Security-Token").orElse(null));
    }

    @org.junit.jupiter.api.Test
    void encodingKeepsLettersDigitsAndFourMarksOnly() {
        assertThat(SigV4.encode("AZaz09-_.~", true)).isEqualTo("AZaz09-_.~");
        assertThat(SigV4.encode("@[`{/:/ +", true)).isEqualTo("%40%5B%60%7B%2F%3A%2F%20%2B");
        assertThat(SigV4.encode("/a b/\u00e9", false)).isEqualTo("/a%20b/%C3%A9");
    }

    private static final AwsCredentials EXAMPLE = new AwsCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", null);
    private static final Instant SUITE_TIME = Instant.parse("2015-08-30T12:36:00Z");

    private static String suite(String method, URI uri, Map<String, String> headers, String body) {
        return SigV4.sign(method, uri, headers, body.getBytes(StandardCharsets.UTF_8), EXAMPLE, "us-east-1", "service", SUITE_TIME)
                .get("Authorization");
    }

    @org.junit.jupiter.api.Test
    void getVanilla() {
        assertThat(suite("GET", URI.create("https://example.amazonaws.com/"), Map.of("Host", "example.amazonaws.com"), ""))
                .isEqualTo("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date,"
                        + " Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
    }

    @org.junit.jupiter.api.Test
    void getVanillaQueryOrderKeyCase() {
        assertThat(suite("GET", URI.create("https://example.amazonaws.com/?Param2=value2&Param1=value1"),
                Map.of("Host", "example.amazonaws.com"), ""))
                .endsWith("Signature=b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500");
    }

    @org.junit.jupiter.api.Test
    void getUtf8() {
        // The suite's request line is "GET /\u1234": the path is encoded once, as sent.
        assertThat(suite("GET", URI.create("https://example.amazonaws.com/\u1234"), Map.of("Host", "example.amazonaws.com"), ""))
                .endsWith("Signature=8318018e0b0f223aa2bbf98705b62bb787dc9c0e678f255a891fd03141be5d85");
    }

    @org.junit.jupiter.api.Test
    void postXWwwFormUrlencoded() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/x-www-form-urlencoded");
        headers.put("Host", "example.amazonaws.com");
        headers.put("Content-Length", "13");
        headers.put("X-Amz-Content-Sha256", "9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e");

        assertThat(suite("POST", URI.create("https://example.amazonaws.com/"), headers, "Param1=value1"))
                .isEqualTo("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request,"
                        + " SignedHeaders=content-length;content-type;host;x-amz-content-sha256;x-amz-date,"
                        + " Signature=d3875051da38690788ef43de4db0d8f280229d82040bfac253562e56c3f20e0b");
    }
}
