package dev.lambassador.cli;

import dev.lambassador.core.store.ItemKind;
import dev.lambassador.core.store.TableSchema;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code lambassador routes|apis|versions|backends|consumers list|get|put|delete}: one item at a
 * time. {@code put} validates the item as the router would load it with the rest of the table, and
 * writes it, as {@code apply} does, on condition that nobody changed it meanwhile.
 */
final class ItemCommands {

    static final List<ItemKind> KINDS = Kinds.MANAGED;

    private ItemCommands() {
    }

    /** The command of a kind ({@code routes}) with its four subcommands. */
    static CommandLine commandLine(ItemKind kind, Console console, CommandLine.IFactory factory) {
        CommandLine group = new CommandLine(new Group(), factory);
        group.getCommandSpec().name(Kinds.plural(kind));
        group.getCommandSpec().usageMessage().description("The table's items of kind '" + kind.value() + "': list, get, put, delete.");
        group.addSubcommand("list", new CommandLine(new ListItems(kind, console), factory));
        group.addSubcommand("get", new CommandLine(new GetItem(kind, console), factory));
        group.addSubcommand("put", new CommandLine(new PutItem(kind, console), factory));
        group.addSubcommand("delete", new CommandLine(new DeleteItem(kind, console), factory));
        if (kind == ItemKind.CONSUMER) {
            group.getCommandSpec().usageMessage().description("The table's items of kind 'consumer': list, get, put, delete, disable, enable.");
            group.addSubcommand("disable", new CommandLine(new ConsumerSwitch(false, console), factory));
            group.getSubcommands().get("disable").getCommandSpec().usageMessage().description(
                    "Disable a consumer: its keys are refused. With --rest-api-id and --stage, also flush that stage's",
                    "authorizer cache, so that decisions cached before the change stop at once.");
            group.addSubcommand("enable", new CommandLine(new ConsumerSwitch(true, console), factory));
            group.getSubcommands().get("enable").getCommandSpec().usageMessage().description("Enable a consumer again.");
        }
        return group;
    }

    @Command
    static final class Group implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            throw new ParameterException(spec.commandLine(), "use one of list, get, put, delete");
        }
    }

    @Command(description = "List the items of this kind, in id order.")
    static final class ListItems implements Callable<Integer> {
        @Mixin
        TableOptions options;
        @Mixin
        Output output;
        private final ItemKind kind;
        private final Console console;

        ListItems(ItemKind kind, Console console) {
            this.kind = kind;
            this.console = console;
        }

        @Override
        public Integer call() {
            output.list(console.out(), kind, options.open(console).list(kind));
            return 0;
        }
    }

    @Command(description = "Print one item, every attribute.")
    static final class GetItem implements Callable<Integer> {
        @Parameters(paramLabel = "ID", description = "the item's id")
        String id;
        @Mixin
        TableOptions options;
        @Mixin
        Output output;
        private final ItemKind kind;
        private final Console console;

        GetItem(ItemKind kind, Console console) {
            this.kind = kind;
            this.console = console;
        }

        @Override
        public Integer call() {
            TableItems table = options.open(console);
            Map<String, Object> item = table.require(kind, id);
            output.one(console.out(), item);
            return 0;
        }
    }

    @Command(description = {"Validate an item, then write it: add it, or change it field by field.",
            "FILE holds its attributes (YAML or JSON). It is validated as the router would load it with the rest of",
            "the table; with a revision in it, it is written only if the table's item is still at that revision."})
    static final class PutItem implements Callable<Integer> {
        @Parameters(paramLabel = "FILE", description = "the item: a YAML or JSON map of its attributes, 'kind' optional")
        Path file;
        @Mixin
        TableOptions options;
        private final ItemKind kind;
        private final Console console;

        PutItem(ItemKind kind, Console console) {
            this.kind = kind;
            this.console = console;
        }

        @Override
        public Integer call() {
            Map<String, Object> item = read();
            TableItems table = options.open(console);
            List<Map<String, Object>> current = table.listManaged();
            List<Validation.Finding> findings = Sync.check(List.of(item), current, false);
            if (!findings.isEmpty()) {
                findings.forEach(finding -> console.out().println(finding));
                console.err().println(file + ": invalid; nothing was written to " + table.where() + ".");
                return CliException.FAILED;
            }
            Sync.Plan plan = Sync.plan(List.of(item), current, false);
            if (plan.changes().isEmpty()) {
                console.out().println("= " + kind.value() + " '" + item.get(TableSchema.SORT_KEY) + "' is unchanged");
                return 0;
            }
            Sync.print(plan, console.out());
            if (plan.count(Sync.Action.CONFLICT) > 0) {
                return CliException.FAILED;
            }
            List<Sync.Failure> conflicts = Sync.apply(plan, table);
            conflicts.forEach(conflict -> console.out().println("! " + conflict.message()));
            return conflicts.isEmpty() ? 0 : CliException.FAILED;
        }

        private Map<String, Object> read() {
            Object document;
            try (InputStream in = Files.newInputStream(file)) {
                document = new Load(LoadSettings.builder().setLabel(file.toString()).build()).loadFromInputStream(in);
            } catch (NoSuchFileException e) {
                throw new CliException(file + ": no such file", CliException.USAGE);
            } catch (IOException e) {
                throw new CliException(file + ": " + e.getMessage(), CliException.USAGE);
            } catch (MarkedYamlEngineException e) {
                throw GatewayFile.notYaml(file, e);
            } catch (RuntimeException e) {
                throw new CliException(file + ": not valid YAML: " + e.getMessage(), CliException.USAGE);
            }
            if (!(document instanceof Map<?, ?> map)) {
                throw new CliException(file + ": must be a map of the " + kind.value() + "'s attributes", CliException.USAGE);
            }
            Map<String, Object> item = new LinkedHashMap<>();
            map.forEach((name, value) -> item.put(String.valueOf(name), value));
            Object stated = item.putIfAbsent(TableSchema.PARTITION_KEY, kind.value());
            if (stated != null && !kind.value().equals(stated)) {
                throw new CliException(file + ": holds a " + stated + ", not a " + kind.value(), CliException.USAGE);
            }
            return item;
        }
    }

    @Command(description = "Delete one item, on condition that nobody changed it since it was read.")
    static final class DeleteItem implements Callable<Integer> {
        @Parameters(paramLabel = "ID", description = "the item's id")
        String id;
        @Mixin
        TableOptions options;
        private final ItemKind kind;
        private final Console console;

        DeleteItem(ItemKind kind, Console console) {
            this.kind = kind;
            this.console = console;
        }

        @Override
        public Integer call() {
            TableItems table = options.open(console);
            Map<String, Object> item = table.require(kind, id);
            try {
                table.delete(item);
            } catch (TableItems.Conflict e) {
                throw new CliException(e.getMessage());
            }
            console.out().println("- " + kind.value() + " '" + id + "' (revision " + TableItems.revision(item) + ")");
            return 0;
        }
    }
}
