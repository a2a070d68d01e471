package dev.lambassador.cli;

import dev.lambassador.core.store.ItemKind;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.lang.reflect.Constructor;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The {@code lambassador} command: the local gateway and its credentials, and the routes table's
 * items, which it creates, validates, lists, exports and applies with the router's own validation.
 * Each subcommand is a class; options are spelled as the aws CLI spells them.
 *
 * <p>Exit codes, for scripts and CI: 0 done, 1 failed (an invalid item, a conflict, a missing
 * table), 2 the command line or a file cannot be used as given, 3 the change is made but what should
 * follow it failed (an authorizer cache that could not be flushed).
 */
@Command(name = "lambassador", mixinStandardHelpOptions = true, scope = ScopeType.INHERIT,
        versionProvider = Lambassador.Version.class, usageHelpAutoWidth = true,
        description = "An API gateway on AWS Lambda, API Gateway and DynamoDB: run it locally, and manage its routes table.",
        subcommands = {DevCommand.class, TokenCommand.class, KeysCommand.class, TableCommand.class, ValidateCommand.class,
                ExportCommand.class, ApplyCommand.class, HistoryCommand.class, RollbackCommand.class, OpenApiCommand.class, StatusCommand.class,
                AutoComplete.GenerateCompletion.class, CommandLine.HelpCommand.class})
public final class Lambassador implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    private final Console console;

    Lambassador(Console console) {
        this.console = console;
    }

    /** Without a command: the usage, and the exit code of a usage error. */
    @Override
    public Integer call() {
        spec.commandLine().usage(console.err());
        return CliException.USAGE;
    }

    public static void main(String[] args) {
        System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tT %4$s %5$s%6$s%n");
        CommandLine line = commandLine(new Console(System.getenv(), System.out, System.err));
        int status = line.execute(args);
        CommandLine.ParseResult parsed = line.getParseResult();
        boolean serving = parsed != null && parsed.subcommand() != null
                && parsed.subcommand().commandSpec().userObject() instanceof DevCommand;
        // The dev server's threads keep the process alive; any other command ends here.
        if (status != 0 || !serving) {
            System.out.flush();
            System.exit(status);
        }
    }

    /** Runs a command; returns the process exit status, or 0 with the dev server left running. */
    static int run(List<String> args, Map<String, String> environment, PrintStream out, PrintStream err) {
        return commandLine(new Console(environment, out, err)).execute(args.toArray(String[]::new));
    }

    static CommandLine commandLine(Console console) {
        CommandLine.IFactory factory = new Factory(console);
        CommandLine line = new CommandLine(new Lambassador(console), factory);
        for (ItemKind kind : ItemCommands.KINDS) {
            line.addSubcommand(ItemCommands.commandLine(kind, console, factory));
        }
        line.getCommandSpec().usageMessage()
                .footer("", "Run 'lambassador COMMAND --help' for a command's options; docs/cli.md has an example of each.");
        line.setOut(new PrintWriter(console.out(), true, StandardCharsets.UTF_8));
        line.setErr(new PrintWriter(console.err(), true, StandardCharsets.UTF_8));
        line.setCaseInsensitiveEnumValuesAllowed(true);
        line.setParameterExceptionHandler((ParameterException e, String[] args) -> {
            CommandLine failed = e.getCommandLine();
            String name = failed.getCommandSpec().qualifiedName();
            if (failed == line && e instanceof UnmatchedArgumentException) {
                console.err().println(name + ": unknown command '" + ((UnmatchedArgumentException) e).getUnmatched().getFirst() + "'");
            } else {
                console.err().println(name + ": " + e.getMessage());
            }
            UnmatchedArgumentException.printSuggestions(e, console.err());
            if (failed == line) {
                console.err().println();
                failed.usage(console.err());
            } else {
                console.err().println("Try '" + name + " --help'.");
            }
            return CliException.USAGE;
        });
        line.setExecutionExceptionHandler((Exception e, CommandLine failed, CommandLine.ParseResult parsed) -> {
            String name = failed.getCommandSpec().qualifiedName();
            if (e instanceof CliException cli) {
                console.err().println(name + ": " + cli.getMessage());
                return cli.exitCode();
            }
            if (e instanceof IllegalArgumentException) {
                console.err().println(name + ": " + e.getMessage());
                return CliException.USAGE;
            }
            console.err().println(name + ": " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            return CliException.FAILED;
        });
        return line;
    }

    /** Builds commands that take the {@link Console}, and anything else as picocli does. */
    private record Factory(Console console) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> type) throws Exception {
            try {
                Constructor<K> constructor = type.getDeclaredConstructor(Console.class);
                return constructor.newInstance(console);
            } catch (NoSuchMethodException e) {
                return CommandLine.defaultFactory().create(type);
            }
        }
    }

    /** The version the jar's manifest names. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Lambassador.class.getPackage().getImplementationVersion();
            return new String[] {"lambassador " + (version == null ? "(development build)" : version)};
        }
    }
}
