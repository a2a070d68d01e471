package dev.lambassador.cli;

import dev.lambassador.core.auth.Consumer;
import dev.lambassador.core.route.RouteTable;
import dev.lambassador.core.store.ItemKind;
import dev.lambassador.core.store.TableSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The router's own validation of a set of items, as it would load them: routes, APIs and versions
 * go through {@link RouteTable#compileItems} (each item's fields, then the versions against their
 * APIs, then the conflicts between routes), consumers through {@link Consumer#fromItem}, as the
 * authorizer reads them. Nothing here decides what is valid; it only collects what those say.
 */
final class Validation {

    /** One invalid item, named by kind and id, with every problem found in it, each named by its field. */
    record Finding(String kind, String id, String problems) {
        @Override
        public String toString() {
            return kind + " '" + id + "': " + problems;
        }
    }

    private Validation() {
    }

    static List<Finding> check(List<? extends Map<String, ?>> items) {
        List<Map<String, ?>> router = new ArrayList<>();
        List<Finding> findings = new ArrayList<>();
        for (Map<String, ?> item : items) {
            Object kind = item.get(TableSchema.PARTITION_KEY);
            if (ItemKind.CONSUMER.value().equals(kind)) {
                try {
                    Consumer.fromItem(item);
                } catch (IllegalArgumentException e) {
                    findings.add(new Finding(ItemKind.CONSUMER.value(), String.valueOf(item.get(TableSchema.SORT_KEY)), e.getMessage()));
                }
            } else {
                router.add(item);
            }
        }
        for (RouteTable.Rejection rejection : RouteTable.compileItems(router).rejected()) {
            findings.add(new Finding(rejection.kind(), rejection.routeId(), rejection.reason()));
        }
        return findings;
    }
}
