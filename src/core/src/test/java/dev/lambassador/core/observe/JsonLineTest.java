package dev.lambassador.core.observe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class JsonLineTest {

    /** What a line holds: the text escaped as RFC 8259 wants it, then encoded as String.getBytes encodes UTF-8. */
    private static byte[] expected(String name, String value) {
        StringBuilder text = new StringBuilder("{\"").append(name).append("\":\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> text.append("\\\"");
                case '\\' -> text.append("\\\\");
                case '\n' -> text.append("\\n");
                case '\r' -> text.append("\\r");
                case '\t' -> text.append("\\t");
                default -> text.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return text.append("\"}\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] written(JsonLine line, String name, String value) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        line.reset().start().field(name, value).end().newline().writeTo(out);
        return out.toByteArray();
    }

    @Test
    void valuesAreEscapedAndEncodedAsStringGetBytesEncodesThem() throws IOException {
        JsonLine line = new JsonLine(4);
        String[] samples = {"", "plain", "quote \" and \\ backslash", "line\nbreak\r\ttab\u0001\u001f", "café ünïcödé",
            "中文 path", "emoji \uD83D\uDE00 pair", "lone \uD800 high", "lone \uDC00 low", "end \uD83D", "\u007f\u0080\u07ff\u0800\uffff"};
        for (String sample : samples) {
            assertArrayEquals(expected("error_message", sample), written(line, "error_message", sample), sample);
        }
    }

    @Test
    void randomStringsMatchTheReferenceEncoding() throws IOException {
        Random random = new Random(13);
        JsonLine line = new JsonLine(16);
        char[] alphabet = {'a', 'Z', '0', ' ', '"', '\\', '\n', '\u0000', '\u001b', 'é', '\u00ff', '\u0100', '中', '\uD83D', '\uDE00', '\uFFFD'};
        for (int round = 0; round < 2_000; round++) {
            char[] chars = new char[random.nextInt(40)];
            for (int i = 0; i < chars.length; i++) {
                chars[i] = alphabet[random.nextInt(alphabet.length)];
            }
            String value = new String(chars);
            assertArrayEquals(expected("v", value), written(line, "v", value), value);
        }
    }

    @Test
    void numbersHundredthsAndPartsAreWrittenAsTheirText() throws IOException {
        JsonLine line = new JsonLine(1);
        line.reset().start().field("zero", 0).field("neg", -1234567890123L).field("min", Long.MIN_VALUE).field("max", Long.MAX_VALUE)
                .hundredths("a", 0.0).hundredths("b", 3.05).hundredths("c", 12.5).hundredths("d", 1234.999)
                .field("t", true).field("f", false).open("m").part("GET ").part("/x\"y").part(" ").part(404).close()
                .object("o").raw("r", "[1,2]").end().end().newline();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        line.writeTo(out);
        assertEquals("{\"zero\":0,\"neg\":-1234567890123,\"min\":-9223372036854775808,\"max\":9223372036854775807,"
                + "\"a\":0.00,\"b\":3.05,\"c\":12.50,\"d\":1235.00,\"t\":true,\"f\":false,\"m\":\"GET /x\\\"y 404\","
                + "\"o\":{\"r\":[1,2]}}\n", out.toString(StandardCharsets.UTF_8));
    }
}
