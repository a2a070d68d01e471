package dev.lambassador.core.apigw;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lambassador.testing.fuzz.Fuzz;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The router reads a proxy event keeping only the fields the adapters read. Whatever the bytes, it must
 * read what {@link EventJson#read} (jackson-jr, the whole event) reads with the other fields taken out,
 * and refuse what it refuses: the same fuzzed and mangled events as {@link EventFuzzTest}, and edge
 * cases of JSON hidden in the fields left out.
 */
class ProxyEventReadTest {

    private static final Set<String> TOP = Set.of("version", "httpMethod", "path", "rawPath", "rawQueryString", "headers",
            "multiValueHeaders", "queryStringParameters", "multiValueQueryStringParameters", "cookies", "body", "isBase64Encoded",
            "requestContext");
    private static final Set<String> CONTEXT = Set.of("requestId", "stage", "authorizer", "identity", "http");
    private static final Set<String> IDENTITY = Set.of("sourceIp");
    private static final Set<String> HTTP = Set.of("method", "path", "sourceIp");

    @BeforeAll
    static void samples() throws IOException {
        EventFuzzTest.setUp();
    }

    @AfterAll
    static void stop() {
        EventFuzzTest.stop();
    }

    @Test
    void fuzzedEventsReadAsTheirWholeMapsLessTheFieldsLeftOut() {
        Fuzz.check("proxy event read, mutated events", 5_000, EventFuzzTest::event, ProxyEventReadTest::readsAsJacksonJr);
    }

    @Test
    void mangledEventBytesReadAsTheirWholeMapsOrNotAtAll() {
        Fuzz.check("proxy event read, mangled bytes", 5_000, EventFuzzTest::bytes, ProxyEventReadTest::readsAsJacksonJr);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"requestContext\":{\"identity\":{\"caller\":1,\"caller\":2},\"requestId\":\"r\"}}",
        "{\"resource\":{\"a\":{\"b\":[1,{\"c\":1,\"c\":1}]}},\"path\":\"/\"}",
        "{\"path\":\"/\",\"path\":\"/x\"}",
        "{\"stageVariables\":\"\\q\",\"path\":\"/\"}",
        "{\"stageVariables\":\"\u0001\",\"path\":\"/\"}",
        "{\"resource\":01,\"path\":\"/\"}",
        "{\"resource\":[1,],\"path\":\"/\"}",
        "{\"resource\":NaN,\"path\":\"/\"}",
        "{\"path\":\"/\"} trailing",
        "{\"path\":\"/\"}}",
        "{\"path\":\"/\"",
        "{\"requestContext\":{\"identity\":{\"sourceIp\":\"1.2.3.4\",\"userArn\":null}},\"resource\":\"/\"}",
        "{\"requestContext\":{\"authorizer\":{\"n\":12345678901,\"f\":1.5,\"e\":1e400,\"b\":123456789012345678901234,\"z\":-0,"
                + "\"g\":1.0,\"t\":true,\"l\":[1,\"a\",null],\"m\":{\"x\":{}}}}}",
        "{\"requestContext\":\"x\",\"headers\":[1],\"body\":7,\"isBase64Encoded\":\"yes\"}",
        "{\"requestContext\":{\"identity\":[{\"a\":1}],\"http\":3}}",
        "[{\"path\":\"/\"}]",
        "null",
        "",
        "   ",
        "\"event\"",
    })
    void edgeCasesReadAsJacksonJrReadsThem(String event) {
        readsAsJacksonJr(event.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void invalidUtf8InAFieldLeftOutMakesTheEventUnreadable() {
        byte[] event = "{\"resource\":\"\u00e9\",\"path\":\"/\"}".getBytes(StandardCharsets.UTF_8);
        event[13] = (byte) 0xff;

        assertThat(EventJson.read(event)).isEmpty();
        assertThat(EventJson.readProxyEvent(event)).isEmpty();
    }

    @Test
    void fieldsNobodyReadsAreLeftOut() {
        Map<String, Object> read = EventJson.readProxyEvent(("{\"resource\":\"/{proxy+}\",\"path\":\"/a\",\"stageVariables\":null,"
                + "\"requestContext\":{\"requestId\":\"r-1\",\"identity\":{\"sourceIp\":\"1.2.3.4\",\"caller\":null},\"protocol\":\"HTTP/1.1\"}}")
                .getBytes(StandardCharsets.UTF_8)).orElseThrow();

        assertThat(read).isEqualTo(Map.of("path", "/a",
                "requestContext", Map.of("requestId", "r-1", "identity", Map.of("sourceIp", "1.2.3.4"))));
    }

    private static void readsAsJacksonJr(byte[] event) {
        Optional<Map<String, Object>> whole = EventJson.read(event);
        assertThat(EventJson.readProxyEvent(event)).isEqualTo(whole.map(map -> kept(map, TOP)));
    }

    /** The map with the fields left out that the adapters never read. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> kept(Map<String, Object> map, Set<String> names) {
        Map<String, Object> kept = new LinkedHashMap<>();
        map.forEach((name, value) -> {
            if (!names.contains(name)) {
                return;
            }
            Set<String> nested = switch (name) {
                case "requestContext" -> names == TOP ? CONTEXT : null;
                case "identity" -> names == CONTEXT ? IDENTITY : null;
                case "http" -> names == CONTEXT ? HTTP : null;
                default -> null;
            };
            kept.put(name, nested != null && value instanceof Map<?, ?> object ? kept((Map<String, Object>) object, nested) : value);
        });
        return kept;
    }
}
