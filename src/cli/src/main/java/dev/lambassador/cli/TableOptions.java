package dev.lambassador.cli;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code --table NAME} and where to find it: the options of every command that works on the routes table. */
final class TableOptions {

    @Option(names = "--table", paramLabel = "NAME", required = true, description = "the routes table")
    String table;

    @Mixin
    AwsOptions aws;

    TableItems open(Console console) {
        return new TableItems(aws.dynamoDb(console.environment()), table);
    }
}
