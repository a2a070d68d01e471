package dev.lambassador.cli;

import dev.lambassador.core.store.ItemKind;
import dev.lambassador.core.store.TableSchema;
import dev.lambassador.dynamodb.AttributeValues;
import java.io.PrintStream;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The history of the changes the CLI makes: for every item it writes or deletes, an item of kind
 * {@code audit} in the same table saying who (the caller's identity, from STS GetCallerIdentity),
 * when, and the item before and after. Audit items expire through the table's TTL attribute
 * ({@link TableSchema#EXPIRES_AT}) after {@link #RETENTION}. Their ids sort by time, so the
 * history is one Query, newest first.
 */
final class Audit {

    /** How long a change stays in the history. */
    static final Duration RETENTION = Duration.ofDays(90);
    /** Records nothing: for code that writes items without a history. */
    static final Audit NONE = new Audit(null, null, () -> "", Clock.systemUTC(), System.err);

    private static final SecureRandom RANDOM = new SecureRandom();

    /** One change: its id, who made it, when, to which item, and the item before and after (null: absent). */
    record Entry(String id, String who, Instant when, String action, String kind, String itemId,
                 Map<String, Object> before, Map<String, Object> after) {

        String item() {
            return kind + "/" + itemId;
        }
    }

    private final DynamoDbClient client;
    private final String table;
    private final Supplier<String> who;
    private final Clock clock;
    private final PrintStream warnings;

    /**
     * @param who      the caller's identity, asked for on the first change (and remembered)
     * @param warnings told when a change was written but its history could not be
     */
    Audit(DynamoDbClient client, String table, Supplier<String> who, Clock clock, PrintStream warnings) {
        this.client = client;
        this.table = table;
        this.who = who;
        this.clock = clock;
        this.warnings = warnings;
    }

    /** Records a change that was written: {@code before} or {@code after} is null for an item added or removed. */
    void record(Map<String, Object> before, Map<String, Object> after) {
        if (client == null) {
            return;
        }
        Map<String, Object> item = before != null ? before : after;
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Map<String, Object> entry = TableSchema.item(ItemKind.AUDIT, now + "~" + HexFormat.of().toHexDigits((short) RANDOM.nextInt()));
        entry.put("who", who.get());
        entry.put("when", now.toString());
        entry.put("action", before == null ? "add" : after == null ? "remove" : "change");
        entry.put("itemKind", item.get(TableSchema.PARTITION_KEY));
        entry.put("itemId", item.get(TableSchema.SORT_KEY));
        if (before != null) {
            entry.put("before", before);
        }
        if (after != null) {
            entry.put("after", after);
        }
        entry.put(TableSchema.EXPIRES_AT, now.plus(RETENTION).getEpochSecond());
        try {
            client.putItem(put -> put.tableName(table).item(AttributeValues.fromJava(entry)));
        } catch (SdkException e) {
            warnings.println("warning: " + entry.get("itemKind") + " '" + entry.get("itemId") + "' was written, but its history"
                    + " could not be: " + TableItems.rootMessage(e));
        }
    }

    /** The history, newest first: of one item ({@code kind/id}), or of all. */
    static List<Entry> history(TableItems table, String item) {
        List<Entry> entries = new ArrayList<>();
        for (Map<String, Object> audit : table.list(ItemKind.AUDIT).reversed()) {
            Entry entry = entry(audit);
            if (item == null || entry.item().equals(item)) {
                entries.add(entry);
            }
        }
        return entries;
    }

    /** An item as it was at some revision; {@code item} null: it did not exist. */
    record State(Map<String, Object> item) {
    }

    /**
     * The item as it was at a revision, from its history: the state after the change that made that
     * revision, or before the change that moved on from it (which covers revision 0, the item as it
     * was before the CLI first wrote it), or absent before the change that added it. Empty when the
     * history does not go back that far.
     */
    static Optional<State> at(List<Entry> history, long revision) {
        for (Entry entry : history) {
            if (entry.after() != null && TableItems.revision(entry.after()) == revision) {
                return Optional.of(new State(entry.after()));
            }
            if (entry.before() != null && TableItems.revision(entry.before()) == revision) {
                return Optional.of(new State(entry.before()));
            }
            if (entry.before() == null && revision < TableItems.revision(entry.after())) {
                // Added at a later revision: at this one, the item did not exist.
                return Optional.of(new State(null));
            }
        }
        return Optional.empty();
    }

    @SuppressWarnings("unchecked")
    private static Entry entry(Map<String, Object> audit) {
        return new Entry((String) audit.get(TableSchema.SORT_KEY), String.valueOf(audit.get("who")),
                Instant.parse(String.valueOf(audit.get("when"))), String.valueOf(audit.get("action")),
                String.valueOf(audit.get("itemKind")), String.valueOf(audit.get("itemId")),
                audit.get("before") instanceof Map<?, ?> before ? new LinkedHashMap<>((Map<String, Object>) before) : null,
                audit.get("after") instanceof Map<?, ?> after ? new LinkedHashMap<>((Map<String, Object>) after) : null);
    }
}
