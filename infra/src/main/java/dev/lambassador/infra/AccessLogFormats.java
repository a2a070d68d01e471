package dev.lambassador.infra;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SequencedMap;

/**
 * JSON access-log lines, one object per request, so CloudWatch Logs Insights can query fields by
 * name. Values are API Gateway {@code $context} variables; both API types share the field names.
 * {@code auth} and {@code consumer} come from the context the authorizer returns.
 */
final class AccessLogFormats {

    private AccessLogFormats() {
    }

    static SequencedMap<String, String> restFields() {
        SequencedMap<String, String> fields = common();
        fields.put("resourcePath", "$context.resourcePath");
        fields.put("apiKeyId", "$context.identity.apiKeyId");
        fields.put("xrayTraceId", "$context.xrayTraceId");
        fields.put("principalId", "$context.authorizer.principalId");
        fields.put("authorizerLatency", "$context.authorizer.latency");
        return fields;
    }

    static SequencedMap<String, String> httpFields() {
        SequencedMap<String, String> fields = common();
        fields.put("routeKey", "$context.routeKey");
        // Simple authorizer responses carry no principalId; the context's subject is the same but empty,
        // rather than "anonymous", for anonymous callers (auth tells them apart).
        fields.put("principalId", "$context.authorizer.subject");
        return fields;
    }

    static String json(Map<String, String> fields) {
        StringBuilder json = new StringBuilder("{");
        fields.forEach((name, value) -> {
            if (json.length() > 1) {
                json.append(',');
            }
            json.append(quote(name)).append(':').append(quote(value));
        });
        return json.append('}').toString();
    }

    private static SequencedMap<String, String> common() {
        SequencedMap<String, String> fields = new LinkedHashMap<>();
        fields.put("requestId", "$context.requestId");
        fields.put("extendedRequestId", "$context.extendedRequestId");
        fields.put("requestTime", "$context.requestTime");
        fields.put("requestTimeEpoch", "$context.requestTimeEpoch");
        fields.put("ip", "$context.identity.sourceIp");
        fields.put("userAgent", "$context.identity.userAgent");
        fields.put("httpMethod", "$context.httpMethod");
        fields.put("path", "$context.path");
        fields.put("protocol", "$context.protocol");
        fields.put("stage", "$context.stage");
        fields.put("domainName", "$context.domainName");
        fields.put("status", "$context.status");
        fields.put("responseLength", "$context.responseLength");
        fields.put("responseLatency", "$context.responseLatency");
        fields.put("integrationLatency", "$context.integrationLatency");
        fields.put("integrationStatus", "$context.integrationStatus");
        fields.put("integrationError", "$context.integrationErrorMessage");
        fields.put("errorMessage", "$context.error.message");
        fields.put("errorType", "$context.error.responseType");
        fields.put("auth", "$context.authorizer.auth");
        fields.put("consumer", "$context.authorizer.consumer");
        fields.put("authorizerError", "$context.authorizer.error");
        return fields;
    }

    private static String quote(String text) {
        return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
