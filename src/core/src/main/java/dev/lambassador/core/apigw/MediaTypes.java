package dev.lambassador.core.apigw;

import java.util.Locale;

/** Which content types API Gateway's payloads carry as text rather than base64. */
public final class MediaTypes {

    private MediaTypes() {
    }

    public static boolean isText(String contentType) {
        String lower = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        int semicolon = lower.indexOf(';');
        String type = (semicolon < 0 ? lower : lower.substring(0, semicolon)).trim();
        return type.startsWith("text/") || type.endsWith("/json") || type.endsWith("+json")
                || type.endsWith("/xml") || type.endsWith("+xml") || type.equals("application/javascript")
                || type.equals("application/x-www-form-urlencoded") || type.equals("application/graphql");
    }
}
