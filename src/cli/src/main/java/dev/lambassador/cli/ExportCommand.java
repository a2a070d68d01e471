package dev.lambassador.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code lambassador export}: the table's items as a gateway file, which {@code apply} reads back to the same items. */
@Command(name = "export",
        description = {"Print the table's items as a gateway file (YAML), which apply reads back.",
                "Routes, APIs, versions, backends and consumers, revisions and metadata included:",
                "  lambassador export --table routes > gateway.yaml"})
final class ExportCommand implements Callable<Integer> {

    @Mixin
    TableOptions options;

    private final Console console;

    ExportCommand(Console console) {
        this.console = console;
    }

    @Override
    public Integer call() {
        console.out().print(GatewayFile.write(options.open(console).listManaged()));
        return 0;
    }
}
