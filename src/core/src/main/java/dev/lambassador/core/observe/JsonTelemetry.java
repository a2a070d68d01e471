package dev.lambassador.core.observe;

import static dev.lambassador.core.settings.FunctionSettings.POWERTOOLS_METRICS_NAMESPACE;
import static dev.lambassador.core.settings.FunctionSettings.POWERTOOLS_SERVICE_NAME;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
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
 * <p>No EMF library: the documents are small and mostly fixed, and a library's classes would load at
 * every cold start (docs/benchmarks.md has the measurement). The fixed parts (the metric directives)
 * are written once with jackson-core, which jackson-jr already brings, and reused; the per-request
 * fields are appended by {@link JsonLine}. Both lines of a request go out in one write, then a flush:
 * Lambda's Java runtime does not flush standard output by itself.
 */
public final class JsonTelemetry implements TelemetrySink {

    /** What dimensions take when a request has no route or version: CloudWatch refuses empty values. */
    public static final String NONE = "(none)";

    /** Two root values per generator, the line and its document, each on its own line. */
    private static final JsonFactory FACTORY = new JsonFactory().setRootValueSeparator("\n");
    /** Each thread's buffer for its lines, reused: a request's two lines are about 1.5 KB. */
    private static final ThreadLocal<JsonLine> LINES = ThreadLocal.withInitial(() -> new JsonLine(2048));

    private final OutputStream out;
    private final String service;
    private final String namespace;
    private final Function function;
    /** The formatted second of the latest timestamp: a second's requests format only their milliseconds. */
    private volatile Second second = new Second(Long.MIN_VALUE, "");
    /** {@link #requestDirectives(AccessRecord)}'s shapes; a race only writes an equal string twice. */
    private final String[] requestDirectives = new String[16];
    private final String decisionDirectives;

    private record Second(long epochSecond, String text) {
    }

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
        this.decisionDirectives = writeDecisionDirectives();
    }

    private String writeDecisionDirectives() {
        StringWriter text = new StringWriter(256);
        try (JsonGenerator json = FACTORY.createGenerator(text)) {
            json.writeStartArray();
            directive(json, new String[][] {{"service", "decision"}, {"service", "decision", "reason"}});
            metric(json, "AuthorizerDecisions", "Count");
            metric(json, "AuthorizerLatency", "Milliseconds");
            endDirective(json);
            json.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
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
        JsonLine lines = LINES.get().reset();
        accessLine(lines, record);
        lines.newline();
        requestMetrics(lines, record);
        lines.newline();
        emit(lines);
    }

    @Override
    public void decision(AuthorizerDecision decision) {
        JsonLine lines = LINES.get().reset();
        decisionLine(lines, decision);
        lines.newline();
        decisionMetrics(lines, decision);
        lines.newline();
        emit(lines);
    }

    /** Writes finished lines, whole, then flushes; lines of concurrent requests never interleave. */
    void emit(JsonLine lines) {
        synchronized (out) {
            try {
                lines.writeTo(out);
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private void accessLine(JsonLine line, AccessRecord r) {
        timestamp(line.start(), r.timestamp().toEpochMilli())
                .field("level", "INFO")
                .open("message").part(r.method()).part(" ").part(r.path()).part(" ").part(r.status()).close();
        functionFields(line, r.coldStart(), r.functionRequestId());
        if (r.trace() != null) {
            line.optional("xray_trace_id", r.trace().xrayTraceId());
        }
        line.field("correlation_id", r.correlationId())
                .field("request_id", r.requestId())
                .field("method", r.method())
                .field("path", r.path())
                .optional("route", r.route())
                .optional("api", r.api())
                .optional("version", r.version())
                .field("status", r.status())
                .hundredths("latency_ms", r.latencyMs());
        if (r.backendMs() >= 0) {
            line.hundredths("backend_latency_ms", r.backendMs());
        }
        line.field("backend_calls", r.backendCalls())
                .field("retries", r.retries())
                .optional("circuit", r.circuit())
                .field("caller", r.caller())
                .optional("principal", r.principal())
                .optional("consumer", r.consumer())
                .field("bytes_in", r.bytesIn())
                .field("bytes_out", r.bytesOut())
                .optional("source_ip", r.sourceIp())
                .optional("error", r.error())
                .optional("error_message", r.errorMessage());
        if (r.trace() != null) {
            line.field("trace_id", r.trace().traceId())
                    .field("span_id", r.trace().spanId())
                    .optional("parent_span_id", r.trace().parentSpanId());
        }
        line.end();
    }

    private void requestMetrics(JsonLine line, AccessRecord r) {
        line.start()
                .object("_aws")
                .field("Timestamp", r.timestamp().toEpochMilli())
                .raw("CloudWatchMetrics", requestDirectives(r))
                .end()
                .field("service", service)
                .field("route", r.route().isEmpty() ? NONE : r.route())
                .field("version", r.version().isEmpty() ? NONE : r.version())
                .field("status_class", r.statusClass())
                .optional("error", r.error())
                .field("Requests", 1)
                .field("4XXError", r.status() >= 400 && r.status() < 500 ? 1 : 0)
                .field("5XXError", r.status() >= 500 ? 1 : 0)
                .hundredths("Latency", r.latencyMs());
        if (r.backendMs() >= 0) {
            line.hundredths("BackendLatency", r.backendMs());
        }
        line.field("Retries", r.retries());
        if (r.circuitOpened()) {
            line.field("CircuitOpens", 1);
        }
        if (r.routeTableAgeMs() >= 0) {
            line.field("RouteTableAge", r.routeTableAgeMs() / 1000);
        }
        if (r.refreshFailures() > 0) {
            line.field("RouteTableRefreshFailures", r.refreshFailures());
        }
        if (!r.error().isEmpty()) {
            line.field("Errors", 1);
        }
        // Not dimensions: they tie the document to its access line in Logs Insights.
        line.field("request_id", r.requestId())
                .optional("function_request_id", r.functionRequestId())
                .end();
    }

    /**
     * The {@code CloudWatchMetrics} array of a request's document. It depends only on which optional metrics
     * the request has, so each of the 16 shapes is written once and then reused: most of a document's
     * bytes, without a generator call each per request.
     */
    private String requestDirectives(AccessRecord r) {
        int shape = (r.backendMs() >= 0 ? 1 : 0) | (r.circuitOpened() ? 2 : 0) | (r.refreshFailures() > 0 ? 4 : 0)
                | (!r.error().isEmpty() ? 8 : 0);
        String directives = requestDirectives[shape];
        if (directives == null) {
            directives = writeRequestDirectives((shape & 1) != 0, (shape & 2) != 0, (shape & 4) != 0, (shape & 8) != 0, r.routeTableAgeMs() >= 0);
            if (r.routeTableAgeMs() >= 0) {
                requestDirectives[shape] = directives;
            }
        }
        return directives;
    }

    private String writeRequestDirectives(boolean backend, boolean circuitOpened, boolean refreshFailures, boolean error,
                                          boolean routeTableAge) {
        StringWriter text = new StringWriter(512);
        try (JsonGenerator json = FACTORY.createGenerator(text)) {
            json.writeStartArray();
            directive(json, new String[][] {{"service"}});
            metric(json, "Requests", "Count");
            metric(json, "4XXError", "Count");
            metric(json, "5XXError", "Count");
            metric(json, "Latency", "Milliseconds");
            if (backend) {
                metric(json, "BackendLatency", "Milliseconds");
            }
            metric(json, "Retries", "Count");
            if (circuitOpened) {
                metric(json, "CircuitOpens", "Count");
            }
            if (routeTableAge) {
                metric(json, "RouteTableAge", "Seconds");
            }
            if (refreshFailures) {
                metric(json, "RouteTableRefreshFailures", "Count");
            }
            endDirective(json);
            directive(json, new String[][] {{"service", "route", "version", "status_class"}});
            metric(json, "Requests", "Count");
            metric(json, "Latency", "Milliseconds");
            if (backend) {
                metric(json, "BackendLatency", "Milliseconds");
            }
            endDirective(json);
            if (error) {
                directive(json, new String[][] {{"service", "error"}});
                metric(json, "Errors", "Count");
                endDirective(json);
            }
            json.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    private void decisionLine(JsonLine line, AuthorizerDecision d) {
        timestamp(line.start(), d.timestamp().toEpochMilli())
                .field("level", d.level())
                .open("message").part(d.allowed() ? "allowed " : "denied: ").part(d.reason()).close();
        functionFields(line, d.coldStart(), d.functionRequestId());
        line.field("request_id", d.requestId())
                .field("decision", d.decision())
                .field("reason", d.reason())
                .optional("detail", d.detail())
                .optional("principal", d.principal())
                .optional("consumer", d.consumer())
                .hundredths("latency_ms", d.latencyMs())
                .end();
    }

    private void decisionMetrics(JsonLine line, AuthorizerDecision d) {
        line.start()
                .object("_aws")
                .field("Timestamp", d.timestamp().toEpochMilli())
                .raw("CloudWatchMetrics", decisionDirectives)
                .end()
                .field("service", service)
                .field("decision", d.decision())
                .field("reason", d.reason())
                .field("AuthorizerDecisions", 1)
                .hundredths("AuthorizerLatency", d.latencyMs())
                .field("request_id", d.requestId())
                .optional("function_request_id", d.functionRequestId())
                .end();
    }

    /** RFC 3339 in UTC with milliseconds, as Powertools writes it: {@code 2026-05-24T18:17:33.774Z}. */
    public String timestamp(long epochMillis) {
        int millis = (int) Math.floorMod(epochMillis, 1000);
        return second(epochMillis) + (millis < 10 ? ".00" : millis < 100 ? ".0" : ".") + millis + "Z";
    }

    /** {@link #timestamp(long)} as a line's {@code timestamp} field, without a string of its own. */
    private JsonLine timestamp(JsonLine line, long epochMillis) {
        int millis = (int) Math.floorMod(epochMillis, 1000);
        return line.open("timestamp").part(second(epochMillis)).part(millis < 10 ? ".00" : millis < 100 ? ".0" : ".").part(millis)
                .part("Z").close();
    }

    private String second(long epochMillis) {
        long epochSecond = Math.floorDiv(epochMillis, 1000);
        Second current = second;
        if (current.epochSecond() != epochSecond) {
            current = new Second(epochSecond, isoSecond(LocalDateTime.ofEpochSecond(epochSecond, 0, ZoneOffset.UTC)));
            second = current;
        }
        return current.text();
    }

    /** {@code 2026-05-24T18:17:33}, without a DateTimeFormatter, whose first use loads a few hundred classes. */
    private static String isoSecond(LocalDateTime time) {
        StringBuilder text = new StringBuilder(19).append(time.getYear()).append('-');
        two(text, time.getMonthValue()).append('-');
        two(text, time.getDayOfMonth()).append('T');
        two(text, time.getHour()).append(':');
        two(text, time.getMinute()).append(':');
        return two(text, time.getSecond()).toString();
    }

    private static StringBuilder two(StringBuilder text, int value) {
        return (value < 10 ? text.append('0') : text).append(value);
    }

    private void functionFields(JsonLine line, boolean coldStart, String functionRequestId) {
        line.field("service", service)
                .field("cold_start", coldStart)
                .optional("function_name", function.name());
        if (function.memoryMb() > 0) {
            line.field("function_memory_size", function.memoryMb());
        }
        line.optional("function_version", function.version())
                .optional("function_request_id", functionRequestId);
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

}
