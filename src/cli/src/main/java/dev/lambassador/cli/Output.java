package dev.lambassador.cli;

import dev.lambassador.core.store.ItemKind;
import dev.lambassador.core.store.TableSchema;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** {@code --output table|json|yaml}, as the aws CLI spells it: how items are printed. */
final class Output {

    enum Format { TABLE, JSON, YAML }

    @Option(names = "--output", paramLabel = "table|json|yaml", defaultValue = "table",
            description = "how to print items: table (default), json or yaml")
    Format format;

    /** The columns a table shows for each kind, after the id; every attribute is in json and yaml. */
    private static final Map<ItemKind, List<String>> COLUMNS = Map.of(
            ItemKind.ROUTE, List.of("path", "methods", "backend", "auth", "enabled"),
            ItemKind.API, List.of("basePath", "selectBy", "defaultVersion", "auth"),
            ItemKind.VERSION, List.of("status", "backend", "sunset"),
            ItemKind.BACKEND, List.of("url", "description"),
            ItemKind.CONSUMER, List.of("name", "plan", "scopes", "enabled"));
    private static final int WIDEST = 60;

    void list(PrintStream out, ItemKind kind, List<Map<String, Object>> items) {
        switch (format) {
            case JSON -> out.println(Documents.json(items));
            case YAML -> out.print(Documents.yaml(items));
            case TABLE -> {
                List<String> header = new ArrayList<>();
                header.add("ID");
                COLUMNS.get(kind).forEach(column -> header.add(column.toUpperCase()));
                header.add("REVISION");
                List<List<String>> rows = new ArrayList<>();
                rows.add(header);
                for (Map<String, Object> item : items) {
                    List<String> row = new ArrayList<>();
                    row.add(String.valueOf(item.get(TableSchema.SORT_KEY)));
                    COLUMNS.get(kind).forEach(column -> row.add(cell(item.get(column))));
                    row.add(String.valueOf(TableItems.revision(item)));
                    rows.add(row);
                }
                print(out, rows);
            }
        }
    }

    void one(PrintStream out, Map<String, Object> item) {
        switch (format) {
            case JSON -> out.println(Documents.json(item));
            case YAML -> out.print(Documents.yaml(item));
            case TABLE -> {
                List<List<String>> rows = new ArrayList<>();
                ((Map<?, ?>) Documents.plain(item)).forEach((name, value) -> rows.add(List.of(String.valueOf(name), cell(value))));
                print(out, rows);
            }
        }
    }

    private static String cell(Object value) {
        if (value == null) {
            return "-";
        }
        String text = value instanceof String string ? string
                : value instanceof List<?> list && list.stream().allMatch(String.class::isInstance)
                ? String.join(",", list.stream().map(String.class::cast).toList()) : Documents.compact(value);
        return text.length() > WIDEST ? text.substring(0, WIDEST - 3) + "..." : text;
    }

    /** Rows as aligned columns, the first row being the header. */
    static void print(PrintStream out, List<List<String>> rows) {
        int[] widths = new int[rows.getFirst().size()];
        rows.forEach(row -> {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        });
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                line.append(i == row.size() - 1 ? row.get(i) : String.format("%-" + widths[i] + "s  ", row.get(i)));
            }
            out.println(line.toString().stripTrailing());
        }
    }
}
