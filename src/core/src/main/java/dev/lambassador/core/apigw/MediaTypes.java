package dev.lambassador.core.apigw;

import java.util.Locale;

/** Which content types API Gateway's payloads carry as text rather than base64. */
public final class MediaTypes {

    private MediaTypes() {
    }

    /** {@code application/json}, or any {@code +json} type such as {@code application/vnd.orders.v2+json}. */
    public static boolean isJson(String contentType) {
        String type = essence(contentType);
        return type.equals("application/json") || type.startsWith("application/") && type.endsWith("+json");
    }

    public static boolean isText(String contentType) {
        String type = essence(contentType);
        return type.startsWith("text/") || type.endsWith("/json") || type.endsWith("+json")
                || type.endsWith("/xml") || type.endsWith("+xml") || type.equals("application/javascript")
                || type.equals("application/x-www-form-urlencoded") || type.equals("application/graphql");
    }

    /** The type and subtype, lower-case, without parameters. */
    private static String essence(String contentType) {
        String lower = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        int semicolon = lower.indexOf(';');
        return (semicolon < 0 ? lower : lower.substring(0, semicolon)).trim();
    }
}
