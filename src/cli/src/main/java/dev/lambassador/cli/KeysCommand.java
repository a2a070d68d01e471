package dev.lambassador.cli;

import dev.lambassador.core.auth.ApiKeyStore;
import dev.lambassador.core.auth.ApiKeys;
import dev.lambassador.core.auth.Consumer;
import dev.lambassador.dynamodb.DynamoDbApiKeyStore;
import dev.lambassador.dynamodb.DynamoDbClients;
import dev.lambassador.local.LocalApiKeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.apigateway.ApiGatewayClient;
import software.amazon.awssdk.services.apigateway.model.NotFoundException;

/** {@code lambassador keys}: API keys for consumers. */
@Command(name = "keys", description = "API keys for consumers.", subcommands = KeysCommand.Create.class)
final class KeysCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "use 'keys create'");
    }

    /** The key goes to standard output, once; what was stored goes to standard error. */
    @Command(name = "create", sortOptions = false,
            description = {"Create an API key for a consumer: prints the key once, stores only its SHA-256.",
                    "Without --table, the key goes to the local key store in $LAMBASSADOR_HOME, which `lambassador dev` reads."})
    static final class Create implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--consumer", paramLabel = "ID", required = true, description = "the consumer the key belongs to; created if new")
        String consumerId;

        @Option(names = "--name", paramLabel = "NAME", description = "the consumer's display name")
        String name;

        @Option(names = "--plan", paramLabel = "PLAN", description = "the consumer's usage plan")
        String plan;

        @Option(names = "--scope", paramLabel = "SCOPE", description = "a scope the consumer's keys grant; repeat for more")
        List<String> scopes = new ArrayList<>();

        @Option(names = "--table", paramLabel = "NAME", description = "store in this DynamoDB table instead of the local key store")
        String table;

        @Option(names = "--usage-plan", paramLabel = "ID", description = {"also make the key an API Gateway API key in this usage plan,",
                "so that API Gateway throttles and meters the consumer (needs --table)"})
        String usagePlan;

        @Mixin
        AwsOptions aws;

        private final Console console;

        Create(Console console) {
            this.console = console;
        }

        @Override
        public Integer call() {
            if (usagePlan != null && table == null) {
                throw new ParameterException(spec.commandLine(), "--usage-plan needs --table: the deployed authorizer finds keys in the table");
            }
            ApiGatewayClient apiGateway = usagePlan == null ? null : aws.apiGateway(console.environment());
            if (apiGateway != null) {
                checkUsagePlan(apiGateway);
            }
            ApiKeyStore store = table == null ? LocalApiKeyStore.inHome(console.environment())
                    : new DynamoDbApiKeyStore(DynamoDbClients.jsonClient(aws.dynamoDb(console.environment())), table);
            Consumer existing = store.consumer(consumerId).orElse(null);
            Consumer consumer = existing != null ? unchanged(existing)
                    : new Consumer(consumerId, name, plan, Consumer.scopes(scopes), true);
            String key = ApiKeys.generate();
            store.save(ApiKeys.hash(key), consumer);
            console.out().println(key);
            if (apiGateway != null) {
                tieToUsagePlan(apiGateway, consumer, key);
            }
            if (!consumer.enabled()) {
                console.err().printf("Consumer %s is disabled: its keys, this one too, are refused until it is enabled.%n", consumer.id());
            }
            console.err().printf("%s API key for consumer %s (plan %s, scopes %s) in %s; only its SHA-256 is stored, so keep the key now.%n",
                    existing == null ? "Created consumer and" : "Added an", consumer.id(),
                    consumer.plan().isEmpty() ? "none" : consumer.plan(),
                    consumer.scopes().isEmpty() ? "none" : String.join(" ", consumer.scopes()), store.describe());
            return 0;
        }

        private void checkUsagePlan(ApiGatewayClient apiGateway) {
            try {
                apiGateway.getUsagePlan(get -> get.usagePlanId(usagePlan));
            } catch (NotFoundException e) {
                throw new CliException("no API Gateway usage plan '" + usagePlan + "' in region "
                        + apiGateway.serviceClientConfiguration().region() + "; nothing was created", CliException.USAGE);
            } catch (SdkException e) {
                throw new CliException("cannot read API Gateway usage plan '" + usagePlan + "': " + TableItems.rootMessage(e)
                        + "; nothing was created", CliException.USAGE);
            }
        }

        /**
         * The same key as an API Gateway API key in the usage plan: API Gateway then throttles and meters
         * the consumer by it, while the authorizer still decides who it is from the table.
         */
        private void tieToUsagePlan(ApiGatewayClient apiGateway, Consumer consumer, String key) {
            try {
                String keyId = apiGateway.createApiKey(create -> create.name(consumer.id() + "-" + ApiKeys.hash(key).substring(0, 12))
                        .description("lambassador consumer " + consumer.id()).value(key).enabled(true)).id();
                apiGateway.createUsagePlanKey(create -> create.usagePlanId(usagePlan).keyId(keyId).keyType("API_KEY"));
                console.err().printf("API Gateway API key %s is in usage plan %s, which throttles and meters it.%n", keyId, usagePlan);
            } catch (SdkException e) {
                throw new CliException("the key is stored in the table, but API Gateway refused it: " + TableItems.rootMessage(e)
                        + "; the key works, unmetered by the usage plan", CliException.FAILED);
            }
        }

        /** Keys are added to a consumer, never used to change one: that is an edit of the consumer's item. */
        private Consumer unchanged(Consumer existing) {
            List<String> differences = new ArrayList<>();
            if (name != null && !name.equals(existing.name())) {
                differences.add("name");
            }
            if (plan != null && !plan.equals(existing.plan())) {
                differences.add("plan");
            }
            if (!scopes.isEmpty() && !Consumer.scopes(scopes).equals(existing.scopes())) {
                differences.add("scopes");
            }
            if (!differences.isEmpty()) {
                throw new ParameterException(spec.commandLine(), "consumer " + existing.id() + " exists with another "
                        + String.join(", ", differences) + " (plan '" + existing.plan() + "', scopes '" + String.join(" ", existing.scopes())
                        + "'); 'keys create' adds a key and leaves the consumer as it is: leave those options out,"
                        + " or edit the consumer's item first (lambassador consumers put)");
            }
            return existing;
        }
    }
}
