package dev.lambassador.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One line of the table that bench/run.sh prints. Each harness writes its rows to a file of its
 * own, so that a harness that cannot run (a tool missing) leaves the others' rows intact.
 *
 * @param measure  what was measured, and how often
 * @param value    the figure, with its unit
 * @param baseline what it is compared with, measured in the same run, or empty
 * @param ratio    value ÷ baseline, or empty
 * @param target   the acceptance target, or empty
 * @param met      "yes", "NO", or empty when there is no target
 */
public record Row(String measure, String value, String baseline, String ratio, String target, String met) {

    public static Row of(String measure, String value) {
        return new Row(measure, value, "", "", "", "");
    }

    public static Row note(String measure, String note) {
        return new Row(measure, note, "", "", "", "");
    }

    /** A row whose ratio is checked against a maximum. */
    public static Row compared(String measure, String value, String baseline, double ratio, double maxRatio) {
        return new Row(measure, value, baseline, times(ratio), "≤ " + times(maxRatio), ratio <= maxRatio ? "yes" : "NO");
    }

    /** A row with a ratio but no target. */
    public static Row compared(String measure, String value, String baseline, double ratio) {
        return new Row(measure, value, baseline, times(ratio), "", "");
    }

    public Row withTarget(String target, boolean met) {
        return new Row(measure, value, baseline, ratio, target, met ? "yes" : "NO");
    }

    public static String times(double ratio) {
        return String.format(Locale.ROOT, "%.2f×", ratio);
    }

    public static String millis(double millis) {
        return String.format(Locale.ROOT, millis < 10 ? "%.2f ms" : "%.1f ms", millis);
    }

    public static void write(Path file, List<Row> rows) {
        List<String> lines = new ArrayList<>();
        for (Row row : rows) {
            lines.add(String.join("\t", clean(row.measure), clean(row.value), clean(row.baseline),
                    clean(row.ratio), clean(row.target), clean(row.met)));
        }
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.write(file, lines);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file, e);
        }
    }

    public static List<Row> read(Path file) {
        try {
            List<Row> rows = new ArrayList<>();
            for (String line : Files.readAllLines(file)) {
                String[] cells = line.split("\t", -1);
                if (cells.length == 6) {
                    rows.add(new Row(cells[0], cells[1], cells[2], cells[3], cells[4], cells[5]));
                }
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file, e);
        }
    }

    private static String clean(String cell) {
        return cell.replace('\t', ' ').replace('\n', ' ');
    }
}
