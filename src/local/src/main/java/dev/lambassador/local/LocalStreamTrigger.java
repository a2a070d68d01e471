package dev.lambassador.local;

import dev.lambassador.dynamodb.TableStream;
import dev.lambassador.router.RevisionHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * Does for {@code lambassador dev --table} against an emulator what Lambda does for the stacks: reads the table's
 * stream every {@link #POLL} (as Lambda's event source mapping polls a shard four times a second) and invokes the
 * real stream function, {@link RevisionHandler}, with the records in Lambda's event shape. So an edit made by any
 * means moves the revision the router checks, as it does when deployed. A batch whose invocation fails is delivered
 * again on the next poll, as Lambda retries it.
 */
final class LocalStreamTrigger implements AutoCloseable {

    static final Duration POLL = Duration.ofMillis(250);

    private static final Logger LOG = System.getLogger(LocalStreamTrigger.class.getName());

    private final TableStream stream;
    private final RevisionHandler function;
    private final boolean enabledTheStream;
    private final Thread poller;
    private final List<Record> pending = new ArrayList<>();
    private volatile boolean closed;
    private boolean failing;

    private LocalStreamTrigger(TableStream stream, RevisionHandler function, boolean enabledTheStream, Duration poll) {
        this.stream = stream;
        this.function = function;
        this.enabledTheStream = enabledTheStream;
        this.poller = new Thread(() -> run(poll), "lambassador-stream-trigger");
        poller.setDaemon(true);
    }

    /**
     * Starts reading the table's stream from now on, enabling a {@code KEYS_ONLY} stream first on a table that has
     * none (an emulator's table made without one).
     */
    static LocalStreamTrigger start(DynamoDbClient client, DynamoDbStreamsClient streams, String table, Duration poll) {
        boolean enable = client.describeTable(describe -> describe.tableName(table)).table().latestStreamArn() == null;
        if (enable) {
            client.updateTable(update -> update.tableName(table)
                    .streamSpecification(spec -> spec.streamEnabled(true).streamViewType(StreamViewType.KEYS_ONLY)));
        }
        LocalStreamTrigger trigger = new LocalStreamTrigger(TableStream.fromNow(client, streams, table), new RevisionHandler(client),
                enable, poll);
        trigger.poller.start();
        return trigger;
    }

    /** Says where changes come from, for the banner. */
    String describe() {
        return "the table's stream, read every " + POLL.toMillis() + " ms" + (enabledTheStream ? " (enabled it: KEYS_ONLY)" : "");
    }

    private void run(Duration poll) {
        while (!closed) {
            try {
                pending.addAll(stream.poll());
                if (!pending.isEmpty()) {
                    function.handleRequest(new ByteArrayInputStream(stream.lambdaEvent(pending)), new ByteArrayOutputStream(), null);
                    pending.clear();
                }
                if (failing) {
                    failing = false;
                    LOG.log(Level.INFO, "reading the stream of the routes table again");
                }
            } catch (Exception e) {
                if (!failing) {
                    failing = true;
                    LOG.log(Level.WARNING, "could not deliver the routes table's stream (retrying every {0} ms; logged once): {1}",
                            poll.toMillis(), e.toString());
                }
            }
            try {
                Thread.sleep(poll);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        poller.interrupt();
    }
}
