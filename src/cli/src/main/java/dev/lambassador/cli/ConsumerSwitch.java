package dev.lambassador.cli;

import dev.lambassador.core.store.ItemKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.apigateway.ApiGatewayClient;

/**
 * {@code lambassador consumers disable|enable ID}: turns a consumer off or on, as a conditional write
 * of its item recorded in the history. Disabling also flushes the authorizer cache of the stages given,
 * so that a revoked consumer is refused at once rather than when the cached decision expires.
 */
@Command(sortOptions = false)
final class ConsumerSwitch implements Callable<Integer> {

    /** A REST API's stage whose authorizer cache is flushed after the change. */
    static final class Stage {
        @Option(names = "--rest-api-id", paramLabel = "ID", required = true, description = "a REST API whose authorizer cache to flush")
        String restApiId;

        @Option(names = "--stage", paramLabel = "NAME", required = true, description = "the REST API's stage")
        String stage;
    }

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "ID", description = "the consumer's id")
    String id;

    @Mixin
    TableOptions options;

    @ArgGroup(exclusive = false, multiplicity = "0..*")
    List<Stage> stages = new ArrayList<>();

    private final boolean enabled;
    private final Console console;

    ConsumerSwitch(boolean enabled, Console console) {
        this.enabled = enabled;
        this.console = console;
    }

    @Override
    public Integer call() {
        TableItems table = options.open(console);
        Map<String, Object> read = table.require(ItemKind.CONSUMER, id);
        boolean was = !Boolean.FALSE.equals(read.get("enabled"));
        if (was == enabled) {
            console.out().println("= consumer '" + id + "' is already " + state(enabled) + " (revision " + TableItems.revision(read) + ")");
        } else {
            Map<String, Object> item = new LinkedHashMap<>(Sync.content(read));
            item.put("enabled", enabled);
            long revision = TableItems.revision(read) + 1;
            try {
                table.put(item, read, revision);
            } catch (TableItems.Conflict e) {
                throw new CliException(e.getMessage());
            }
            console.out().println("~ consumer '" + id + "': " + state(enabled) + " (revision " + revision + ")");
        }
        return flush();
    }

    /** Flushes each stage's authorizer cache; a failure is said in one line, the change stays. */
    private int flush() {
        if (stages.isEmpty()) {
            return 0;
        }
        int status = 0;
        try (ApiGatewayClient apiGateway = options.aws.apiGateway(console.environment())) {
            for (Stage stage : stages) {
                try {
                    apiGateway.flushStageAuthorizersCache(flush -> flush.restApiId(stage.restApiId).stageName(stage.stage));
                    console.out().println("Flushed the authorizer cache of stage '" + stage.stage + "' of REST API " + stage.restApiId + ".");
                } catch (SdkException e) {
                    console.err().println(spec.qualifiedName() + ": consumer '" + id + "' is "
                            + state(enabled) + ", but flushing the authorizer cache of stage '" + stage.stage + "' of REST API "
                            + stage.restApiId + " failed (" + TableItems.rootMessage(e) + "); decisions cached before the change"
                            + " hold until they expire, after the authorizer cache TTL");
                    status = CliException.PARTLY;
                }
            }
        }
        return status;
    }

    private static String state(boolean enabled) {
        return enabled ? "enabled" : "disabled";
    }
}
