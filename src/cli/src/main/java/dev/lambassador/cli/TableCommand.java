package dev.lambassador.cli;

import dev.lambassador.core.store.TableSchema;
import dev.lambassador.dynamodb.RoutesTable;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;

/** {@code lambassador table}: the routes table itself. */
@Command(name = "table", description = "The routes table itself.", subcommands = TableCommand.Create.class)
final class TableCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "use 'table create'");
    }

    /** Creates the table with the keys every part of Lambassador reads, and waits until it can be used. */
    @Command(name = "create", description = {"Create the routes table and wait until it is ACTIVE.",
            "Its keys are 'kind' and 'id', its TTL attribute 'expiresAt' (the history's retention), billed per request;",
            "in an account, in LocalStack (--endpoint-url http://localhost:4566) or in an emulator."})
    static final class Create implements Callable<Integer> {

        @Mixin
        TableOptions options;

        private final Console console;

        Create(Console console) {
            this.console = console;
        }

        @Override
        public Integer call() {
            DynamoDbClient client = options.aws.dynamoDb(console.environment());
            TableItems items = new TableItems(client, options.table);
            console.err().println("Creating " + items.where() + "...");
            try {
                items.call(() -> {
                    RoutesTable.create(client, options.table);
                    return null;
                });
            } catch (ResourceInUseException e) {
                throw new CliException(items.where() + " exists already; nothing was changed");
            }
            // The history of changes (audit items) expires through the table's TTL attribute.
            items.call(() -> client.updateTimeToLive(ttl -> ttl.tableName(options.table)
                    .timeToLiveSpecification(spec -> spec.attributeName(TableSchema.EXPIRES_AT).enabled(true))));
            console.out().println("Created " + items.where() + ": partition key '" + TableSchema.PARTITION_KEY + "', sort key '"
                    + TableSchema.SORT_KEY + "', TTL attribute '" + TableSchema.EXPIRES_AT + "', billed per request, ACTIVE.");
            return 0;
        }
    }
}
