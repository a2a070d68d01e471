package dev.lambassador.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TableSchemaTest {

    @Test
    void newItemCarriesItsKindAndIdAsKeys() {
        assertThat(TableSchema.item(ItemKind.API_KEY, "abc"))
                .containsExactly(Map.entry("kind", "apikey"), Map.entry("id", "abc"));
    }

    @Test
    void everyKindHasAPartitionOfItsOwn() {
        assertThat(Arrays.stream(ItemKind.values()).map(ItemKind::value)).doesNotHaveDuplicates();
    }

    /** The router's role must never reach API key hashes or consumers, nor the authorizer's the routes. */
    @Test
    void routerAndAuthorizerReadDisjointPartitions() {
        assertThat(TableSchema.ROUTER_READS).doesNotContainAnyElementsOf(TableSchema.AUTHORIZER_READS);
        assertThat(TableSchema.partitions(TableSchema.AUTHORIZER_READS)).containsExactly("consumer", "apikey");
    }

    /** The revision item is no route: loading it would fail, and its own change must not count as one. */
    @Test
    void theRevisionLivesInAPartitionRoutersCheckButDoNotLoad() {
        assertThat(TableSchema.partitions(TableSchema.ROUTER_CHECKS)).containsExactly("meta");
        assertThat(TableSchema.ROUTER_READS).doesNotContainAnyElementsOf(TableSchema.ROUTER_CHECKS);
        assertThat(TableSchema.AUTHORIZER_READS).doesNotContainAnyElementsOf(TableSchema.ROUTER_CHECKS);
        assertThat(TableSchema.item(ItemKind.META, TableSchema.REVISION_ID)).containsEntry("kind", "meta").containsEntry("id", "revision");
    }

    @Test
    void aChangeCountsForRoutersWhenItsPartitionIsOneTheyLoad() {
        assertThat(TableSchema.routerReads("route")).isTrue();
        assertThat(TableSchema.routerReads("api")).isTrue();
        assertThat(TableSchema.routerReads("version")).isTrue();
        assertThat(TableSchema.routerReads("meta")).isFalse();
        assertThat(TableSchema.routerReads("apikey")).isFalse();
        assertThat(TableSchema.routerReads("Route")).as("partition keys are case-sensitive").isFalse();
    }
}
