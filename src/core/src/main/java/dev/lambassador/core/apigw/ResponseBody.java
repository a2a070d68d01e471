package dev.lambassador.core.apigw;

import dev.lambassador.core.Headers;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A response body as API Gateway wants it: text when the content type is textual and the bytes
 * are valid UTF-8, base64 otherwise, so binary answers survive the trip.
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
                return new ResponseBody(text, false);
            } catch (CharacterCodingException e) {
                // Declared as text but is not UTF-8: base64 keeps every byte.
            }
        }
        return new ResponseBody(Base64.getEncoder().encodeToString(bytes), true);
    }
}
