package dev.lambassador.cli;

import dev.lambassador.core.route.YamlRouteSource;
import dev.lambassador.core.store.ItemKind;
import dev.lambassador.core.store.TableSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;

/**
 * A gateway file: the YAML that {@code export} writes and {@code apply} and {@code validate} read,
 * with a list per kind ({@code routes:}, {@code apis:}, {@code versions:}, {@code backends:},
 * {@code consumers:}) whose entries have the attributes of the table's items, without {@code kind}.
 * It is read by the same code as the local gateway's route files, {@code ${NAME}} variables
 * included; a file that does not parse is named with its line and column.
 */
final class GatewayFile {

    private GatewayFile() {
    }

    /** The file's items, each with its {@code kind}. */
    static List<Map<String, Object>> read(Path file, Map<String, String> variables) {
        YamlRouteSource source = new YamlRouteSource(file.toString(), () -> Files.newInputStream(file), variables, Kinds.SECTIONS);
        try {
            return source.load();
        } catch (NoSuchFileException e) {
            throw new CliException(file + ": no such file", CliException.USAGE);
        } catch (IOException e) {
            if (e.getCause() instanceof MarkedYamlEngineException yaml) {
                throw notYaml(file, yaml);
            }
            throw new CliException(e.getMessage(), CliException.USAGE);
        }
    }

    /** A YAML error as editors and compilers say it: {@code file:line:column: problem}. */
    static CliException notYaml(Path file, MarkedYamlEngineException e) {
        String where = e.getProblemMark().map(mark -> ":" + (mark.getLine() + 1) + ":" + (mark.getColumn() + 1)).orElse("");
        String context = e.getContext() == null ? "" : " (" + e.getContext() + ")";
        return new CliException(file + where + ": not valid YAML: " + e.getProblem() + context, CliException.USAGE);
    }

    /** The document {@link #read} reads back to the same items: a list per kind, in id order, without {@code kind}. */
    static String write(List<Map<String, Object>> items) {
        StringBuilder document = new StringBuilder();
        for (ItemKind kind : Kinds.MANAGED) {
            List<Map<String, Object>> entries = items.stream()
                    .filter(item -> kind.value().equals(item.get(TableSchema.PARTITION_KEY)))
                    .sorted(java.util.Comparator.comparing(item -> String.valueOf(item.get(TableSchema.SORT_KEY))))
                    .map(item -> {
                        Map<String, Object> entry = new LinkedHashMap<>(item);
                        entry.remove(TableSchema.PARTITION_KEY);
                        return entry;
                    })
                    .toList();
            if (!entries.isEmpty()) {
                document.append(Documents.yaml(Map.of(Kinds.plural(kind), entries)));
            }
        }
        return document.isEmpty() ? "routes: []\n" : document.toString();
    }
}
