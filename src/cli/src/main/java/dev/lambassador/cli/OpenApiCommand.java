package dev.lambassador.cli;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.lambassador.core.auth.RouteAuth;
import dev.lambassador.core.settings.FunctionSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code lambassador openapi}: an OpenAPI 3.1 document of what the gateway serves. */
@Command(name = "openapi", sortOptions = false,
        description = {"Print an OpenAPI 3.1 document of the routes a table or a gateway file serves.",
                "Paths, methods, path, header and query parameters, API versions, and security (bearer JWT with scopes, API key)."})
final class OpenApiCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "FILE", description = "a gateway file")
    Path file;

    @Option(names = "--table", paramLabel = "NAME", description = "the routes table, instead of a file")
    String table;

    @Option(names = "--server", paramLabel = "URL", description = "the gateway's URL (the stack's ApiUrl output), for 'servers'")
    String server;

    @Option(names = "--title", paramLabel = "TEXT", defaultValue = "Lambassador gateway", description = "the document's title")
    String title;

    @Option(names = "--default-auth", paramLabel = "MODE", converter = Converters.DefaultAuth.class,
            description = "what routes without `auth` need, as the deployment's DEFAULT_ROUTE_AUTH says (default any)")
    RouteAuth defaultAuth = FunctionSettings.DEFAULT_ROUTE_AUTH.defaultValue();

    @Option(names = "--format", paramLabel = "yaml|json", defaultValue = "yaml", description = "yaml (default) or json")
    String format;

    @Mixin
    AwsOptions aws;

    private final Console console;

    OpenApiCommand(Console console) {
        this.console = console;
    }

    @Override
    public Integer call() {
        if ((file == null) == (table == null)) {
            throw new ParameterException(spec.commandLine(), "give a FILE or --table NAME, one of the two");
        }
        if (!format.equals("yaml") && !format.equals("json")) {
            throw new ParameterException(spec.commandLine(), "--format must be yaml or json, was '" + format + "'");
        }
        List<Map<String, Object>> items = file != null ? GatewayFile.read(file, console.environment())
                : new TableItems(aws.dynamoDb(console.environment()), table).listManaged();
        Map<String, Object> document = OpenApi.document(items, defaultAuth, title, server);
        if (format.equals("json")) {
            try {
                console.out().println(JSON.std.with(JSON.Feature.PRETTY_PRINT_OUTPUT).asString(document));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        } else {
            console.out().print(new Dump(DumpSettings.builder().setDefaultFlowStyle(FlowStyle.BLOCK).setIndicatorIndent(2)
                    .setIndentWithIndicator(true).setWidth(200).setDereferenceAliases(true).build()).dumpToString(document));
        }
        return 0;
    }
}
