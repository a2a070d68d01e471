package dev.lambassador.core.store;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The routes table's layout, shared by everything that reads, writes, creates or grants access to it:
 * the functions, the local runtime, the CDK construct and, through a test, {@code template.yaml}. One
 * table holds every kind of item, each in its own partition: {@value #PARTITION_KEY} says what an item
 * is ({@link ItemKind}), {@value #SORT_KEY} names it within its kind.
 */
public final class TableSchema {

    public static final String PARTITION_KEY = "kind";
    public static final String SORT_KEY = "id";
    /** The partitions the router loads (routes, the APIs and versions they belong to, the backends they name); its role may query no other. */
    public static final List<ItemKind> ROUTER_READS = List.of(ItemKind.ROUTE, ItemKind.API, ItemKind.VERSION, ItemKind.BACKEND);
    /** The partitions the authorizer reads single items of; its role may read no other. */
    public static final List<ItemKind> AUTHORIZER_READS = List.of(ItemKind.CONSUMER, ItemKind.API_KEY);

    private TableSchema() {
    }

    /** A new item of a kind, its two keys set; the caller adds the attributes. */
    public static Map<String, Object> item(ItemKind kind, String id) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put(PARTITION_KEY, Objects.requireNonNull(kind, "kind").value());
        item.put(SORT_KEY, Objects.requireNonNull(id, "id"));
        return item;
    }

    /** Partition key values, as an IAM {@code dynamodb:LeadingKeys} condition lists them. */
    public static List<String> partitions(List<ItemKind> kinds) {
        return kinds.stream().map(ItemKind::value).toList();
    }
}
