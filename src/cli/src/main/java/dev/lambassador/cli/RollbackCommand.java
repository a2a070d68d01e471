package dev.lambassador.cli;

import dev.lambassador.core.store.TableSchema;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code lambassador rollback}: an item as it was at an earlier revision, from its history, written
 * as {@code put} writes (validated, on condition of the revision read, and recorded in the history).
 */
@Command(name = "rollback", sortOptions = false,
        description = {"Restore an item as it was at a revision of its history (see 'history --item').",
                "The restored item is validated and written as 'put' writes it, as a new revision; restoring a revision",
                "from before the item existed removes it."})
final class RollbackCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "KIND/ID", description = "the item, e.g. route/orders-get")
    String item;

    @Option(names = "--to", paramLabel = "REV", required = true, description = "the revision to restore")
    long revision;

    @Option(names = "--dry-run", description = "print the change and write nothing")
    boolean dryRun;

    @Mixin
    TableOptions options;

    private final Console console;

    RollbackCommand(Console console) {
        this.console = console;
    }

    @Override
    public Integer call() {
        int slash = item.indexOf('/');
        if (slash < 1 || slash == item.length() - 1) {
            throw new ParameterException(spec.commandLine(), "KIND/ID must be a kind and an id, such as route/orders-get, was '" + item + "'");
        }
        String kind = item.substring(0, slash);
        String id = item.substring(slash + 1);
        try {
            Kinds.of(kind);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "unknown kind '" + kind + "'; use one of " + Kinds.SECTIONS.values());
        }
        TableItems table = options.open(console);
        List<Audit.Entry> history = Audit.history(table, item);
        Audit.State state = Audit.at(history, revision).orElseThrow(() -> new CliException("no revision " + revision + " of " + item
                + " in its history" + (history.isEmpty() ? " (it has none: changes are recorded when made through the CLI,"
                + " and kept " + Audit.RETENTION.toDays() + " days)" : "; 'history --item " + item + "' lists what there is")));
        List<Map<String, Object>> current = table.listManaged();
        Optional<Map<String, Object>> now = current.stream()
                .filter(candidate -> kind.equals(candidate.get(TableSchema.PARTITION_KEY)) && id.equals(candidate.get(TableSchema.SORT_KEY)))
                .findFirst();
        if (state.item() == null) {
            if (now.isEmpty()) {
                console.out().println("= " + kind + " '" + id + "' is absent, as at revision " + revision);
                return 0;
            }
            console.out().println("- " + kind + " '" + id + "'");
            if (!dryRun) {
                delete(table, now.get());
            }
            return 0;
        }
        Map<String, Object> wanted = Sync.content(state.item());
        List<Validation.Finding> findings = Sync.check(List.of(wanted), current, false);
        if (!findings.isEmpty()) {
            findings.forEach(finding -> console.out().println(finding));
            console.err().println(item + " at revision " + revision + " is not valid with the table as it is now; nothing was written.");
            return CliException.FAILED;
        }
        Sync.Plan plan = Sync.plan(List.of(wanted), current, false);
        if (plan.changes().isEmpty()) {
            console.out().println("= " + kind + " '" + id + "' is as it was at revision " + revision);
            return 0;
        }
        Sync.print(plan, console.out());
        if (dryRun) {
            return 0;
        }
        List<Sync.Failure> conflicts = Sync.apply(plan, table);
        conflicts.forEach(conflict -> console.out().println("! " + conflict.message()));
        return conflicts.isEmpty() ? 0 : CliException.FAILED;
    }

    private static void delete(TableItems table, Map<String, Object> item) {
        try {
            table.delete(item);
        } catch (TableItems.Conflict e) {
            throw new CliException(e.getMessage());
        }
    }
}
