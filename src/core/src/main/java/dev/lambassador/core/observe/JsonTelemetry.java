package dev.lambassador.core.observe;

import static dev.lambassador.core.settings.FunctionSettings.POWERTOOLS_METRICS_NAMESPACE;
import static dev.lambassador.core.settings.FunctionSettings.POWERTOOLS_SERVICE_NAME;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Objects;

/**
 * Prints what the functions observe as JSON lines, the way Lambda and CloudWatch read them: per router
 * request an access-log line with Powertools for AWS Lambda's keys ({@code timestamp}, {@code level},
 * {@code message}, {@code service}, {@code cold_start}, {@code function_request_id},
 * {@code correlation_id}, {@code xray_trace_id}, ...) and the request's own fields, then a CloudWatch
 * Embedded Metric Format document with its metrics; per authorizer decision a line and a document
 * alike. No API call: CloudWatch Logs extracts the metrics from the log. docs/observability.md lists
 * every field, metric and dimension.
 *
 * <p>The lines are written with jackson-core's generator, which jackson-jr already brings, rather than
 * with an EMF library: the documents are small and fixed, and a library's classes would load at every
 * cold start (docs/benchmarks.md has the measurement). Both lines of a request go out in one write,
 * then a flush: Lambda's Java runtime does not flush standard output by itself.
 */
public final class JsonTelemetry implements TelemetrySink {

    /** What dimensions take when a request has no route or version: CloudWatch refuses empty values. */
    public static final String NONE = "(none)";

    private static final JsonFactory FACTORY = new JsonFactory();

    private final OutputStream out;
    private final String service;
    private final String namespace;
    private final Function function;

    /**
     * The function as Lambda describes it in its reserved variables; empty outside Lambda.
     *
     * @param name     {@code AWS_LAMBDA_FUNCTION_NAME}
     * @param version  {@code AWS_LAMBDA_FUNCTION_VERSION}
     * @param memoryMb {@code AWS_LAMBDA_FUNCTION_MEMORY_SIZE}, 0 when unknown
     */
    public record Function(String name, String version, int memoryMb) {

        public static final Function NONE = new Function("", "", 0);

        public Function {
            name = name == null ? "" : name;
            version = version == null ? "" : version;
        }

        static Function fromEnvironment(Map<String, String> environment) {
            int memory;
            try {
                memory = Integer.parseInt(environment.getOrDefault("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "0"));
            } catch (NumberFormatException e) {
                memory = 0;
            }
            return new Function(environment.get("AWS_LAMBDA_FUNCTION_NAME"), environment.get("AWS_LAMBDA_FUNCTION_VERSION"), memory);
        }
    }

    public JsonTelemetry(OutputStream out, String service, String namespace, Function function) {
        this.out = Objects.requireNonNull(out, "out");
        this.service = Objects.requireNonNull(service, "service");
        this.namespace = Objects.requireNonNull(namespace, "namespace");
        this.function = Objects.requireNonNull(function, "function");
    }

    /**
     * Configured from a function's environment: {@code POWERTOOLS_SERVICE_NAME},
     * {@code POWERTOOLS_METRICS_NAMESPACE} and Lambda's own variables.
     *
     * @throws IllegalArgumentException naming a variable whose value is not acceptable
     */
    public static JsonTelemetry fromEnvironment(Map<String, String> environment, OutputStream out) {
        return new JsonTelemetry(out, POWERTOOLS_SERVICE_NAME.read(environment), POWERTOOLS_METRICS_NAMESPACE.read(environment),
                Function.fromEnvironment(environment));
    }

    public String service() {
        return service;
    }

    public String namespace() {
        return namespace;
    }

    @Override
    public void request(AccessRecord record) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(2048);
        try {
            try (JsonGenerator json = FACTORY.createGenerator(buffer)) {
                accessLine(json, record);
            }
            buffer.write('\n');
            try (JsonGenerator json = FACTORY.createGenerator(buffer)) {
                requestMetrics(json, record);
            }
            buffer.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        emit(buffer);
    }

    @Override
    public void decision(AuthorizerDecision decision) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(1024);
        try {
            try (JsonGenerator json = FACTORY.createGenerator(buffer)) {
                decisionLine(json, decision);
            }
            buffer.write('\n');
            try (JsonGenerator json = FACTORY.createGenerator(buffer)) {
                decisionMetrics(json, decision);
            }
            buffer.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        emit(buffer);
    }

    /** Writes a finished line (or lines), whole, then flushes; lines of concurrent requests never interleave. */
    void emit(ByteArrayOutputStream lines) {
        synchronized (out) {
            try {
                lines.writeTo(out);
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private void accessLine(JsonGenerator json, AccessRecord r) throws IOException {
        json.writeStartObject();
        json.writeStringField("timestamp", r.timestamp().truncatedTo(ChronoUnit.MILLIS).toString());
        json.writeStringField("level", "INFO");
        json.writeStringField("message", r.method() + " " + r.path() + " " + r.status());
        functionFields(json, r.coldStart(), r.functionRequestId());
        if (r.trace() != null && !r.trace().xrayTraceId().isEmpty()) {
            json.writeStringField("xray_trace_id", r.trace().xrayTraceId());
        }
        json.writeStringField("correlation_id", r.correlationId());
        json.writeStringField("request_id", r.requestId());
        json.writeStringField("method", r.method());
        json.writeStringField("path", r.path());
        optional(json, "route", r.route());
        optional(json, "api", r.api());
        optional(json, "version", r.version());
        json.writeNumberField("status", r.status());
        json.writeNumberField("latency_ms", r.latencyMs());
        if (r.backendMs() >= 0) {
            json.writeNumberField("backend_latency_ms", r.backendMs());
        }
        json.writeNumberField("backend_calls", r.backendCalls());
        json.writeNumberField("retries", r.retries());
        optional(json, "circuit", r.circuit());
        json.writeStringField("caller", r.caller());
        optional(json, "principal", r.principal());
        optional(json, "consumer", r.consumer());
        json.writeNumberField("bytes_in", r.bytesIn());
        json.writeNumberField("bytes_out", r.bytesOut());
        optional(json, "source_ip", r.sourceIp());
        optional(json, "error", r.error());
        optional(json, "error_message", r.errorMessage());
        if (r.trace() != null) {
            json.writeStringField("trace_id", r.trace().traceId());
            json.writeStringField("span_id", r.trace().spanId());
            optional(json, "parent_span_id", r.trace().parentSpanId());
        }
        json.writeEndObject();
    }

    private void requestMetrics(JsonGenerator json, AccessRecord r) throws IOException {
        json.writeStartObject();
        json.writeObjectFieldStart("_aws");
        json.writeNumberField("Timestamp", r.timestamp().toEpochMilli());
        json.writeArrayFieldStart("CloudWatchMetrics");

        directive(json, new String[][] {{"service"}});
        metric(json, "Requests", "Count");
        metric(json, "4XXError", "Count");
        metric(json, "5XXError", "Count");
        metric(json, "Latency", "Milliseconds");
        if (r.backendMs() >= 0) {
            metric(json, "BackendLatency", "Milliseconds");
        }
        metric(json, "Retries", "Count");
        if (r.circuitOpened()) {
            metric(json, "CircuitOpens", "Count");
        }
        if (r.routeTableAgeMs() >= 0) {
            metric(json, "RouteTableAge", "Seconds");
        }
        if (r.refreshFailures() > 0) {
            metric(json, "RouteTableRefreshFailures", "Count");
        }
        endDirective(json);

        directive(json, new String[][] {{"service", "route", "version", "status_class"}});
        metric(json, "Requests", "Count");
        metric(json, "Latency", "Milliseconds");
        if (r.backendMs() >= 0) {
            metric(json, "BackendLatency", "Milliseconds");
        }
        endDirective(json);

        if (!r.error().isEmpty()) {
            directive(json, new String[][] {{"service", "error"}});
            metric(json, "Errors", "Count");
            endDirective(json);
        }
        json.writeEndArray();
        json.writeEndObject();

        json.writeStringField("service", service);
        json.writeStringField("route", r.route().isEmpty() ? NONE : r.route());
        json.writeStringField("version", r.version().isEmpty() ? NONE : r.version());
        json.writeStringField("status_class", r.statusClass());
        if (!r.error().isEmpty()) {
            json.writeStringField("error", r.error());
        }
        json.writeNumberField("Requests", 1);
        json.writeNumberField("4XXError", r.status() >= 400 && r.status() < 500 ? 1 : 0);
        json.writeNumberField("5XXError", r.status() >= 500 ? 1 : 0);
        json.writeNumberField("Latency", r.latencyMs());
        if (r.backendMs() >= 0) {
            json.writeNumberField("BackendLatency", r.backendMs());
        }
        json.writeNumberField("Retries", r.retries());
        if (r.circuitOpened()) {
            json.writeNumberField("CircuitOpens", 1);
        }
        if (r.routeTableAgeMs() >= 0) {
            json.writeNumberField("RouteTableAge", r.routeTableAgeMs() / 1000);
        }
        if (r.refreshFailures() > 0) {
            json.writeNumberField("RouteTableRefreshFailures", r.refreshFailures());
        }
        if (!r.error().isEmpty()) {
            json.writeNumberField("Errors", 1);
        }
        // Not dimensions: they tie the document to its access line in Logs Insights.
        json.writeStringField("request_id", r.requestId());
        optional(json, "function_request_id", r.functionRequestId());
        json.writeEndObject();
    }

    private void decisionLine(JsonGenerator json, AuthorizerDecision d) throws IOException {
        json.writeStartObject();
        json.writeStringField("timestamp", d.timestamp().truncatedTo(ChronoUnit.MILLIS).toString());
        json.writeStringField("level", d.level());
        json.writeStringField("message", d.allowed() ? "allowed " + d.reason() : "denied: " + d.reason());
        functionFields(json, d.coldStart(), d.functionRequestId());
        json.writeStringField("request_id", d.requestId());
        json.writeStringField("decision", d.decision());
        json.writeStringField("reason", d.reason());
        optional(json, "detail", d.detail());
        optional(json, "principal", d.principal());
        optional(json, "consumer", d.consumer());
        json.writeNumberField("latency_ms", d.latencyMs());
        json.writeEndObject();
    }

    private void decisionMetrics(JsonGenerator json, AuthorizerDecision d) throws IOException {
        json.writeStartObject();
        json.writeObjectFieldStart("_aws");
        json.writeNumberField("Timestamp", d.timestamp().toEpochMilli());
        json.writeArrayFieldStart("CloudWatchMetrics");
        directive(json, new String[][] {{"service", "decision"}, {"service", "decision", "reason"}});
        metric(json, "AuthorizerDecisions", "Count");
        metric(json, "AuthorizerLatency", "Milliseconds");
        endDirective(json);
        json.writeEndArray();
        json.writeEndObject();
        json.writeStringField("service", service);
        json.writeStringField("decision", d.decision());
        json.writeStringField("reason", d.reason());
        json.writeNumberField("AuthorizerDecisions", 1);
        json.writeNumberField("AuthorizerLatency", d.latencyMs());
        json.writeStringField("request_id", d.requestId());
        optional(json, "function_request_id", d.functionRequestId());
        json.writeEndObject();
    }

    private void functionFields(JsonGenerator json, boolean coldStart, String functionRequestId) throws IOException {
        json.writeStringField("service", service);
        json.writeBooleanField("cold_start", coldStart);
        optional(json, "function_name", function.name());
        if (function.memoryMb() > 0) {
            json.writeNumberField("function_memory_size", function.memoryMb());
        }
        optional(json, "function_version", function.version());
        optional(json, "function_request_id", functionRequestId);
    }

    private void directive(JsonGenerator json, String[][] dimensionSets) throws IOException {
        json.writeStartObject();
        json.writeStringField("Namespace", namespace);
        json.writeArrayFieldStart("Dimensions");
        for (String[] set : dimensionSets) {
            json.writeStartArray();
            for (String dimension : set) {
                json.writeString(dimension);
            }
            json.writeEndArray();
        }
        json.writeEndArray();
        json.writeArrayFieldStart("Metrics");
    }

    private static void endDirective(JsonGenerator json) throws IOException {
        json.writeEndArray();
        json.writeEndObject();
    }

    private static void metric(JsonGenerator json, String name, String unit) throws IOException {
        json.writeStartObject();
        json.writeStringField("Name", name);
        json.writeStringField("Unit", unit);
        json.writeEndObject();
    }

    private static void optional(JsonGenerator json, String name, String value) throws IOException {
        if (value != null && !value.isEmpty()) {
            json.writeStringField(name, value);
        }
    }
}
