package dev.lambassador.cli;

import dev.lambassador.core.store.TableSchema;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code lambassador history}: the changes the CLI made, newest first, with who made them. */
@Command(name = "history", sortOptions = false,
        description = {"List the changes made through the CLI, newest first: who, when, which item, which fields.",
                "Each change is kept 90 days (the table's TTL attribute '" + TableSchema.EXPIRES_AT + "');"
                        + " 'rollback' restores an item as it was at a revision."})
final class HistoryCommand implements Callable<Integer> {

    @Option(names = "--item", paramLabel = "KIND/ID", description = "only the changes of this item, e.g. route/orders-get")
    String item;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "50", description = "at most this many changes (default ${DEFAULT-VALUE})")
    int limit;

    @Mixin
    TableOptions options;

    @Mixin
    Output output;

    private final Console console;

    HistoryCommand(Console console) {
        this.console = console;
    }

    @Override
    public Integer call() {
        List<Audit.Entry> history = Audit.history(options.open(console), item);
        List<Audit.Entry> shown = history.subList(0, Math.min(Math.max(limit, 0), history.size()));
        PrintStream out = console.out();
        if (output.format != Output.Format.TABLE) {
            List<Map<String, Object>> entries = new ArrayList<>();
            for (Audit.Entry entry : shown) {
                Map<String, Object> map = new LinkedHashMap<>();
                map.put("id", entry.id());
                map.put("when", entry.when().toString());
                map.put("who", entry.who());
                map.put("action", entry.action());
                map.put("item", entry.item());
                if (entry.before() != null) {
                    map.put("before", entry.before());
                }
                if (entry.after() != null) {
                    map.put("after", entry.after());
                }
                entries.add(map);
            }
            out.print(output.format == Output.Format.JSON ? Documents.json(entries) + "\n" : Documents.yaml(entries));
            return 0;
        }
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("WHEN", "WHO", "ACTION", "ITEM", "REVISION", "FIELDS"));
        for (Audit.Entry entry : shown) {
            String revision = (entry.before() == null ? "-" : String.valueOf(TableItems.revision(entry.before()))) + " -> "
                    + (entry.after() == null ? "-" : String.valueOf(TableItems.revision(entry.after())));
            String fields = entry.before() == null || entry.after() == null ? ""
                    : String.join(",", Sync.fields(entry.before(), entry.after()).stream()
                            .map(line -> line.substring(2, line.indexOf(':'))).toList());
            rows.add(List.of(entry.when().toString(), entry.who(), entry.action(), entry.item(), revision, fields));
        }
        Output.print(out, rows);
        return 0;
    }
}
