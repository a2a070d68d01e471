package dev.lambassador.core.observe;

import static dev.lambassador.core.settings.FunctionSettings.POWERTOOLS_SERVICE_NAME;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.text.MessageFormat;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Makes the functions' own log records (route loads, refused items, unexpected failures) JSON lines
 * like their access lines: {@code timestamp}, {@code level}, {@code message}, {@code service},
 * {@code logger}, and the stack trace as {@code error}. Lambda's advanced logging controls then
 * filter them by the function's application log level, which Lambda passes in
 * {@code AWS_LAMBDA_LOG_LEVEL}; the same level is applied here, so that records Lambda would drop are
 * not even formatted. Installed by the functions' Lambda constructors only: code that embeds the
 * handlers (the local gateway) keeps its own logging.
 */
public final class JsonLogging extends Handler {

    /** What Lambda sets from the function's application log level, when one is configured. */
    public static final String LOG_LEVEL_VARIABLE = "AWS_LAMBDA_LOG_LEVEL";

    private static final JsonFactory FACTORY = new JsonFactory();

    private final OutputStream out;
    private final String service;

    JsonLogging(OutputStream out, String service, Level level) {
        this.out = out;
        this.service = service;
        setLevel(level);
    }

    /** Replaces the root logger's handlers with one that writes JSON lines to {@code out}. */
    public static void install(Map<String, String> environment, OutputStream out) {
        Level level = level(environment.get(LOG_LEVEL_VARIABLE));
        Logger root = LogManager.getLogManager().getLogger("");
        for (Handler handler : root.getHandlers()) {
            root.removeHandler(handler);
        }
        root.addHandler(new JsonLogging(out, POWERTOOLS_SERVICE_NAME.read(environment), level));
        root.setLevel(level);
    }

    /** Lambda's level names (TRACE, DEBUG, INFO, WARN, ERROR, FATAL) as java.util.logging levels; INFO when unset. */
    static Level level(String lambdaLevel) {
        if (lambdaLevel == null) {
            return Level.INFO;
        }
        return switch (lambdaLevel.strip().toUpperCase(Locale.ROOT)) {
            case "TRACE" -> Level.FINEST;
            case "DEBUG" -> Level.FINE;
            case "WARN" -> Level.WARNING;
            case "ERROR", "FATAL" -> Level.SEVERE;
            default -> Level.INFO;
        };
    }

    /** java.util.logging's levels in Lambda's names, which its log-level filter reads from {@code level}. */
    static String lambdaLevel(Level level) {
        int value = level.intValue();
        if (value >= Level.SEVERE.intValue()) {
            return "ERROR";
        }
        if (value >= Level.WARNING.intValue()) {
            return "WARN";
        }
        if (value >= Level.INFO.intValue()) {
            return "INFO";
        }
        return value >= Level.FINE.intValue() ? "DEBUG" : "TRACE";
    }

    @Override
    public void publish(LogRecord record) {
        if (!isLoggable(record)) {
            return;
        }
        ByteArrayOutputStream line = new ByteArrayOutputStream(256);
        try {
            try (JsonGenerator json = FACTORY.createGenerator(line)) {
                json.writeStartObject();
                json.writeStringField("timestamp", Instant.ofEpochMilli(record.getMillis()).toString());
                json.writeStringField("level", lambdaLevel(record.getLevel()));
                json.writeStringField("message", message(record));
                json.writeStringField("service", service);
                json.writeStringField("logger", record.getLoggerName() == null ? "" : record.getLoggerName());
                String requestId = Invocation.current().functionRequestId();
                if (!requestId.isEmpty()) {
                    json.writeStringField("function_request_id", requestId);
                }
                if (record.getThrown() != null) {
                    StringWriter trace = new StringWriter();
                    record.getThrown().printStackTrace(new PrintWriter(trace));
                    json.writeStringField("error", trace.toString());
                }
                json.writeEndObject();
            }
            line.write('\n');
            synchronized (out) {
                line.writeTo(out);
                out.flush();
            }
        } catch (IOException | RuntimeException e) {
            reportError("cannot write a log line", e, 0);
        }
    }

    private static String message(LogRecord record) {
        String message = record.getMessage() == null ? "" : record.getMessage();
        Object[] parameters = record.getParameters();
        if (parameters == null || parameters.length == 0 || !message.contains("{")) {
            return message;
        }
        try {
            return new MessageFormat(message, Locale.ROOT).format(parameters);
        } catch (IllegalArgumentException e) {
            return message;
        }
    }

    @Override
    public void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            reportError("cannot flush the log", e, 0);
        }
    }

    @Override
    public void close() {
        flush();
    }
}
