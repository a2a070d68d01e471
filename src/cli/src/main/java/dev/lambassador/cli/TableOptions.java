package dev.lambassador.cli;

import java.time.Clock;
import java.util.function.Supplier;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** {@code --table NAME} and where to find it: the options of every command that works on the routes table. */
final class TableOptions {

    @Option(names = "--table", paramLabel = "NAME", required = true, description = "the routes table")
    String table;

    @Mixin
    AwsOptions aws;

    /** The table, every change to it recorded in its history with who made it, asked of STS once. */
    TableItems open(Console console) {
        DynamoDbClient client = aws.dynamoDb(console.environment());
        Supplier<String> who = new Supplier<>() {
            private String identity;

            @Override
            public String get() {
                if (identity == null) {
                    identity = aws.callerIdentity(console.environment());
                }
                return identity;
            }
        };
        return new TableItems(client, table, new Audit(client, table, who, Clock.systemUTC(), console.err()));
    }
}
