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
    /**
     * The id of the {@link ItemKind#META} item whose {@value #REVISION_ATTRIBUTE} number moves on every change of
     * the {@link #ROUTER_READS} partitions (the table's stream function adds one; so can anyone, by hand). Routers
     * read this small item to learn whether to query the table again.
     */
    public static final String REVISION_ID = "revision";
    /** The revision item's number attribute. */
    public static final String REVISION_ATTRIBUTE = "revision";
    /** The revision item's attribute that says when it last moved, as ISO-8601 text. */
    public static final String REVISION_UPDATED_AT = "updatedAt";
    /** The partitions the router reads single items of, to check the revision; its role may get no other. */
    public static final List<ItemKind> ROUTER_CHECKS = List.of(ItemKind.META);
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

    /** Whether a change of the item with these keys changes what routers serve: it is in one of {@link #ROUTER_READS}. */
    public static boolean routerReads(String partitionKey) {
        return ROUTER_READS.stream().anyMatch(kind -> kind.value().equals(partitionKey));
    }

    /** Partition key values, as an IAM {@code dynamodb:LeadingKeys} condition lists them. */
    public static List<String> partitions(List<ItemKind> kinds) {
        return kinds.stream().map(ItemKind::value).toList();
    }
}
