package dev.lambassador.authorizer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/** What a class logs (through java.util.logging, where System.Logger goes by default) while the capture is open. */
final class LogCapture extends Handler implements AutoCloseable {

    private final Logger logger;
    private final List<LogRecord> records = Collections.synchronizedList(new ArrayList<>());

    private LogCapture(Logger logger) {
        this.logger = logger;
        logger.addHandler(this);
    }

    static LogCapture of(Class<?> type) {
        return new LogCapture(Logger.getLogger(type.getName()));
    }

    /** Each record as its level and formatted message, with the message of any exception attached. */
    List<String> lines() {
        SimpleFormatter formatter = new SimpleFormatter();
        synchronized (records) {
            return records.stream()
                    .map(r -> r.getLevel() + " " + formatter.formatMessage(r) + (r.getThrown() == null ? "" : " " + r.getThrown()))
                    .toList();
        }
    }

    List<Level> levels() {
        synchronized (records) {
            return records.stream().map(LogRecord::getLevel).toList();
        }
    }

    @Override
    public void publish(LogRecord record) {
        records.add(record);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
    }
}
