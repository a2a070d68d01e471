package dev.lambassador.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code lambassador apply}: makes the table hold what a gateway file says. Validates first (nothing
 * is written while an item is invalid), prints the diff, then writes each change on condition that
 * the item is still as it was read.
 */
@Command(name = "apply", sortOptions = false,
        description = {"Make the table hold the items of a gateway file, printing the diff.",
                "The diff: + added, ~ changed (field by field), - removed, ! conflict. Each item is written on condition",
                "that nobody changed it since it was read, so a concurrent edit is reported rather than overwritten.",
                "Items the file leaves out stay, unless --prune. Nothing is written while an item is invalid.",
                "Exit code: 0 applied, 1 an item is invalid or in conflict, 2 the file or the table cannot be read."})
final class ApplyCommand implements Callable<Integer> {

    @Parameters(paramLabel = "FILE", description = "the gateway file; ${NAME} in it is taken from the environment")
    Path file;

    @Mixin
    TableOptions options;

    @Option(names = "--dry-run", description = "print the diff and write nothing")
    boolean dryRun;

    @Option(names = "--prune", description = "also remove the table's items (of the kinds a file holds) that the file leaves out")
    boolean prune;

    private final Console console;

    private static long written(Sync.Plan plan, List<Sync.Failure> failed, Sync.Action action) {
        return plan.count(action) - failed.stream().filter(failure -> failure.change().action() == action).count();
    }

    ApplyCommand(Console console) {
        this.console = console;
    }

    @Override
    public Integer call() {
        List<Map<String, Object>> wanted = GatewayFile.read(file, console.environment());
        TableItems table = options.open(console);
        List<Map<String, Object>> current = table.listManaged();
        List<Validation.Finding> findings = Sync.check(wanted, current, prune);
        if (!findings.isEmpty()) {
            findings.forEach(finding -> console.out().println(finding));
            console.err().println(file + ": " + findings.size() + " invalid items; nothing was written to " + table.where() + ".");
            return CliException.FAILED;
        }
        Sync.Plan plan = Sync.plan(wanted, current, prune);
        Sync.print(plan, console.out());
        String counts = plan.count(Sync.Action.ADD) + " to add, " + plan.count(Sync.Action.CHANGE) + " to change, "
                + plan.count(Sync.Action.REMOVE) + " to remove, " + plan.unchanged() + " unchanged";
        long conflicts = plan.count(Sync.Action.CONFLICT);
        if (dryRun) {
            console.out().println("Dry run: " + counts + (conflicts > 0 ? ", " + conflicts + " in conflict" : "") + "; nothing written.");
            return conflicts > 0 ? CliException.FAILED : 0;
        }
        List<Sync.Failure> failed = Sync.apply(plan, table);
        failed.forEach(failure -> console.out().println("! " + failure.message()));
        long total = conflicts + failed.size();
        console.out().println("Applied to " + table.where() + ": " + written(plan, failed, Sync.Action.ADD) + " added, "
                + written(plan, failed, Sync.Action.CHANGE) + " changed, " + written(plan, failed, Sync.Action.REMOVE) + " removed, "
                + plan.unchanged() + " unchanged" + (total > 0 ? "; " + total + " in conflict, not written" : "") + ".");
        return total > 0 ? CliException.FAILED : 0;
    }
}
