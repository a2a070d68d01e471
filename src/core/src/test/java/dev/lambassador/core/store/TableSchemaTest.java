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
}
