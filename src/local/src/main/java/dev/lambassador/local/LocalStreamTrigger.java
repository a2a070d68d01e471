package dev.lambassador.local;

import dev.lambassador.dynamodb.DynamoDbClients;
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
 * means moves the revision the router checks, as it does when deployed. A table without a stream gets a
 * {@code KEYS_ONLY} one. A batch whose invocation fails is delivered again on the next poll, as Lambda retries it;
 * a table that cannot be read yet (not created, the emulator not up) is tried again on every poll, and the
 * failure is logged once.
 */
final class LocalStreamTrigger implements AutoCloseable {

    static final Duration POLL = Duration.ofMillis(250);

    private static final Logger LOG = System.getLogger(LocalStreamTrigger.class.getName());

    private final DynamoDbClient client;
    private final DynamoDbStreamsClient streams;
    private final String table;
    private final RevisionHandler function;
    private final Thread poller;
    private final List<Record> pending = new ArrayList<>();
    private TableStream stream;
    private volatile boolean closed;
    private boolean failing;

    private LocalStreamTrigger(DynamoDbClient client, DynamoDbStreamsClient streams, String table, Duration poll) {
        this.client = client;
        this.streams = streams;
        this.table = table;
        this.function = new RevisionHandler(DynamoDbClients.jsonClient(client));
        this.poller = new Thread(() -> run(poll), "lambassador-stream-trigger");
        poller.setDaemon(true);
    }

    /**
     * Starts reading the table's stream: opened here when the table can be read, else on a later poll, from its oldest
     * records either way, so that no edit made before the stream was open is missed (a table created or given its
     * stream after the start included).
     */
    static LocalStreamTrigger start(DynamoDbClient client, DynamoDbStreamsClient streams, String table, Duration poll) {
        LocalStreamTrigger trigger = new LocalStreamTrigger(client, streams, table, poll);
        trigger.deliver();
        trigger.poller.start();
        return trigger;
    }

    /** Says where changes come from, for the banner. */
    String describe() {
        return "the table's stream, read every " + POLL.toMillis() + " ms";
    }

    private void run(Duration poll) {
        while (!closed) {
            try {
                Thread.sleep(poll);
            } catch (InterruptedException e) {
                return;
            }
            deliver();
        }
    }

    /** One poll: opens the stream if it is not open yet, and hands what it holds to the function. */
    private void deliver() {
        try {
            if (stream == null) {
                stream = open();
            }
            pending.addAll(stream.poll());
            if (!pending.isEmpty()) {
                function.handleRequest(new ByteArrayInputStream(stream.lambdaEvent(pending)), new ByteArrayOutputStream(), null);
                pending.clear();
            }
            if (failing) {
                failing = false;
                LOG.log(Level.INFO, "reading the stream of table {0} again", table);
            }
        } catch (Exception e) {
            // Closing interrupts a call in flight: that is no failure to report.
            if (!failing && !closed) {
                failing = true;
                LOG.log(Level.WARNING, "could not read the stream of table {0} for the revision function (trying again every {1} ms;"
                        + " logged once): {2}", table, POLL.toMillis(), e.toString());
            }
        }
    }

    private TableStream open() {
        if (client.describeTable(describe -> describe.tableName(table)).table().latestStreamArn() == null) {
            client.updateTable(update -> update.tableName(table)
                    .streamSpecification(spec -> spec.streamEnabled(true).streamViewType(StreamViewType.KEYS_ONLY)));
            LOG.log(Level.INFO, "enabled a KEYS_ONLY stream on table {0}: the local gateway reads it to see edits", table);
        }
        return TableStream.fromOldest(client, streams, table);
    }

    @Override
    public void close() {
        closed = true;
        poller.interrupt();
    }
}
