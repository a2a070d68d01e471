package dev.lambassador.cli;

import dev.lambassador.core.store.TableSchema;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A declarative sync of items into the table: what to add, change and (with prune) remove so that
 * the table holds what was asked, and the writes that do it, each on condition that the item is
 * still as it was read. An item that asks for a revision (as an export writes it) and differs from
 * the table's at another revision was edited meanwhile: it is a conflict, reported and left alone.
 */
final class Sync {

    enum Action { ADD, CHANGE, REMOVE, CONFLICT }

    /**
     * @param before the item in the table, or null
     * @param after  the item asked for, or null
     */
    record Change(Action action, String kind, String id, Map<String, Object> before, Map<String, Object> after) {
        String name() {
            return kind + " '" + id + "'";
        }
    }

    record Plan(List<Change> changes, int unchanged) {
        long count(Action action) {
            return changes.stream().filter(change -> change.action() == action).count();
        }

        List<Change> writes() {
            return changes.stream().filter(change -> change.action() != Action.CONFLICT).toList();
        }
    }

    private Sync() {
    }

    /**
     * @param wanted  the items asked for, each with its kind
     * @param current the table's items of the kinds the CLI manages
     * @param prune   remove the table's items that {@code wanted} leaves out
     */
    static Plan plan(List<Map<String, Object>> wanted, List<Map<String, Object>> current, boolean prune) {
        Map<String, Map<String, Object>> table = byKey(current, "the table");
        Map<String, Map<String, Object>> asked = byKey(wanted, "the file");
        List<Change> changes = new ArrayList<>();
        int unchanged = 0;
        for (Map.Entry<String, Map<String, Object>> entry : asked.entrySet()) {
            Map<String, Object> after = entry.getValue();
            Map<String, Object> before = table.get(entry.getKey());
            String kind = (String) after.get(TableSchema.PARTITION_KEY);
            String id = (String) after.get(TableSchema.SORT_KEY);
            if (before == null) {
                changes.add(new Change(Action.ADD, kind, id, null, after));
            } else if (Documents.same(content(before), content(after))) {
                unchanged++;
            } else if (after.containsKey(TableSchema.REVISION) && TableItems.revision(after) != TableItems.revision(before)) {
                changes.add(new Change(Action.CONFLICT, kind, id, before, after));
            } else {
                changes.add(new Change(Action.CHANGE, kind, id, before, after));
            }
        }
        if (prune) {
            table.forEach((key, before) -> {
                if (!asked.containsKey(key)) {
                    changes.add(new Change(Action.REMOVE, (String) before.get(TableSchema.PARTITION_KEY),
                            (String) before.get(TableSchema.SORT_KEY), before, null));
                }
            });
        }
        return new Plan(List.copyOf(changes), unchanged);
    }

    /**
     * The router's validation of the table as it would be with the items asked for: the findings
     * about those items (a version is checked against its API, a route against the others), not
     * about the table's other items, which the file leaves as they are.
     */
    static List<Validation.Finding> check(List<Map<String, Object>> wanted, List<Map<String, Object>> current, boolean prune) {
        Set<String> asked = new HashSet<>();
        wanted.forEach(item -> asked.add(key(item.get(TableSchema.PARTITION_KEY), item.get(TableSchema.SORT_KEY))));
        Set<String> others = new HashSet<>();
        List<Map<String, Object>> result = new ArrayList<>(wanted);
        if (!prune) {
            for (Map<String, Object> item : current) {
                String key = key(item.get(TableSchema.PARTITION_KEY), item.get(TableSchema.SORT_KEY));
                if (!asked.contains(key)) {
                    others.add(key);
                    result.add(item);
                }
            }
        }
        return Validation.check(result).stream().filter(finding -> !others.contains(key(finding.kind(), finding.id()))).toList();
    }

    /** The diff: {@code +} added, {@code ~} changed (field by field), {@code -} removed, {@code !} a conflict. */
    static void print(Plan plan, PrintStream out) {
        for (Change change : plan.changes()) {
            switch (change.action()) {
                case ADD -> out.println("+ " + change.name());
                case REMOVE -> out.println("- " + change.name());
                case CONFLICT -> out.println("! " + change.name() + ": changed in the table since the file was written (revision "
                        + TableItems.revision(change.after()) + " in the file, " + TableItems.revision(change.before())
                        + " in the table); export again, or remove its revision to overwrite");
                case CHANGE -> {
                    out.println("~ " + change.name());
                    fields(change.before(), change.after()).forEach(line -> out.println("    " + line));
                }
            }
        }
    }

    /** Field by field: {@code + name: value}, {@code - name: value}, {@code ~ name: old -> new}. */
    static List<String> fields(Map<String, Object> before, Map<String, Object> after) {
        Map<String, Object> old = content(before);
        Map<String, Object> now = content(after);
        Set<String> names = new TreeSet<>(old.keySet());
        names.addAll(now.keySet());
        List<String> lines = new ArrayList<>();
        for (String name : names) {
            if (!old.containsKey(name)) {
                lines.add("+ " + name + ": " + Documents.compact(now.get(name)));
            } else if (!now.containsKey(name)) {
                lines.add("- " + name + ": " + Documents.compact(old.get(name)));
            } else if (!Documents.same(old.get(name), now.get(name))) {
                lines.add("~ " + name + ": " + Documents.compact(old.get(name)) + " -> " + Documents.compact(now.get(name)));
            }
        }
        return lines;
    }

    /** A change that was not written because its item moved since it was read, and what the table said. */
    record Failure(Change change, String message) {
    }

    /**
     * Writes the plan's changes; returns those that could not be written because the item moved
     * since it was read. The other writes go on: each item is written on its own condition.
     */
    static List<Failure> apply(Plan plan, TableItems table) {
        List<Failure> conflicts = new ArrayList<>();
        for (Change change : plan.writes()) {
            try {
                switch (change.action()) {
                    case ADD -> table.put(content(change.after()), null,
                            change.after().containsKey(TableSchema.REVISION) ? TableItems.revision(change.after()) : 1);
                    case CHANGE -> table.put(content(change.after()), change.before(), TableItems.revision(change.before()) + 1);
                    case REMOVE -> table.delete(change.before());
                    case CONFLICT -> throw new IllegalStateException("conflicts are never written");
                }
            } catch (TableItems.Conflict e) {
                conflicts.add(new Failure(change, e.getMessage()));
            }
        }
        return conflicts;
    }

    /** An item without its revision: what a person wrote. */
    static Map<String, Object> content(Map<String, Object> item) {
        Map<String, Object> content = new LinkedHashMap<>(item);
        content.remove(TableSchema.REVISION);
        return content;
    }

    static String key(Object kind, Object id) {
        return kind + "\u0000" + id;
    }

    private static Map<String, Map<String, Object>> byKey(List<Map<String, Object>> items, String where) {
        Map<String, Map<String, Object>> byKey = new LinkedHashMap<>();
        for (Map<String, Object> item : items) {
            Object id = item.get(TableSchema.SORT_KEY);
            if (!(id instanceof String text) || text.isBlank()) {
                throw new CliException(where + " has a " + item.get(TableSchema.PARTITION_KEY) + " without an id", CliException.FAILED);
            }
            if (byKey.put(key(item.get(TableSchema.PARTITION_KEY), id), item) != null) {
                throw new CliException(where + " has two " + Kinds.plural(Kinds.of((String) item.get(TableSchema.PARTITION_KEY)))
                        + " with id '" + id + "'", CliException.FAILED);
            }
        }
        return byKey;
    }
}
