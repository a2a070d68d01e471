package dev.lambassador.core.apigw;

import dev.lambassador.core.Headers;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A response body as API Gateway wants it: text when the content type is textual, the bytes are
 * valid UTF-8 and escaping them for JSON costs no more than base64 would; base64 otherwise, so
 * binary answers survive the trip. A text body of control characters or quotes grows up to six
 * times once escaped (each byte 0x01 is written {@code \u0001}), while base64 grows any body by a
 * third, so the smaller of the two is what keeps a response within Lambda's limit. API Gateway
 * hands the client the same bytes either way (HTTP APIs always decode base64; the REST API has
 * binary media type {@code *}{@code /*}).
 */
record ResponseBody(String body, boolean base64) {

    static ResponseBody of(Headers headers, byte[] bytes) {
        if (bytes.length == 0) {
            return new ResponseBody("", false);
        }
        if (MediaTypes.isText(headers.first("Content-Type").orElse(""))) {
            try {
                String text = StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes))
                        .toString();
                if (jsonLength(text) <= base64Length(bytes.length)) {
                    return new ResponseBody(text, false);
                }
            } catch (CharacterCodingException e) {
                // Declared as text but is not UTF-8: base64 keeps every byte.
            }
        }
        return new ResponseBody(Base64.getEncoder().encodeToString(bytes), true);
    }

    /**
     * How many UTF-8 bytes the text takes inside a JSON string (quotes left out), escaped as
     * {@link EventJson#write} escapes it: {@code "} and {@code \} and the control characters with a
     * short form take two bytes, other control characters six ({@code \u0001}), a character outside
     * the Basic Multilingual Plane twelve (the writer escapes both halves of its surrogate pair), the
     * rest their UTF-8.
     */
    static long jsonLength(String text) {
        long length = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20) {
                length += c == '\n' || c == '\r' || c == '\t' || c == '\b' || c == '\f' ? 2 : 6;
            } else if (c == '"' || c == '\\') {
                length += 2;
            } else if (c < 0x80) {
                length += 1;
            } else if (c < 0x800) {
                length += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                length += 12;
                i++;
            } else {
                length += 3;
            }
        }
        return length;
    }

    static long base64Length(int bytes) {
        return 4L * ((bytes + 2L) / 3);
    }
}
