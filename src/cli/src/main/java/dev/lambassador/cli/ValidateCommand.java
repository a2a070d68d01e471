package dev.lambassador.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code lambassador validate}: the router's own validation, with exit codes a CI pipeline can use. */
@Command(name = "validate", sortOptions = false,
        description = {"Validate a gateway file, or a table's items, as the router would load them.",
                "Each invalid item is named by kind and id, with every problem in it, each named by its field.",
                "Exit code: 0 every item is valid, 1 an item is invalid, 2 the file or the table cannot be read."})
final class ValidateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "FILE", description = "a gateway file (routes:, apis:, versions:, backends:, consumers:)")
    Path file;

    @Option(names = "--table", paramLabel = "NAME", description = "validate the items in this table instead")
    String table;

    @Mixin
    AwsOptions aws;

    private final Console console;

    ValidateCommand(Console console) {
        this.console = console;
    }

    @Override
    public Integer call() {
        if ((file == null) == (table == null)) {
            throw new ParameterException(spec.commandLine(), "give a FILE or --table NAME, one of the two");
        }
        String source;
        List<Map<String, Object>> items;
        if (file != null) {
            source = file.toString();
            items = GatewayFile.read(file, console.environment());
        } else {
            TableItems tableItems = new TableItems(aws.dynamoDb(console.environment()), table);
            source = tableItems.where();
            items = tableItems.listManaged();
        }
        List<Validation.Finding> findings = Validation.check(items);
        findings.forEach(finding -> console.out().println(finding));
        if (findings.isEmpty()) {
            console.err().println(source + ": " + items.size() + " items, all valid.");
            return 0;
        }
        console.err().println(source + ": " + findings.size() + " invalid of " + items.size() + " items.");
        return CliException.FAILED;
    }
}
