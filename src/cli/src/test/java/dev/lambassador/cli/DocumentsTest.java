package dev.lambassador.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Items as exports and diffs write them: a stable order and plain numbers. */
class DocumentsTest {

    @Test
    void keysComeFirstThenANameThenTheRestByName() {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("zeta", 1);
        item.put("name", "n");
        item.put("id", "a");
        item.put("alpha", Map.of("b", 1, "a", 2));
        item.put("kind", "route");

        assertThat(Documents.yaml(item)).isEqualTo("kind: route\nid: a\nname: n\nalpha:\n  a: 2\n  b: 1\nzeta: 1\n");
    }

    @Test
    void wholeNumbersAreIntegersWhateverTheirTypeAndOthersAreDecimals() {
        assertThat(Documents.plain(new BigDecimal("2000.00"))).isEqualTo(2000L);
        assertThat(Documents.plain(7)).isEqualTo(7L);
        assertThat(Documents.plain(new BigDecimal("19.90"))).isEqualTo(19.9);
        assertThat(Documents.plain(new BigDecimal("1e30"))).isEqualTo(new BigInteger("1000000000000000000000000000000"));
        assertThat(Documents.same(List.of(1, new BigDecimal("2.50")), List.of(1L, 2.5))).isTrue();
        assertThat(Documents.same(Map.of("a", 1), Map.of("a", 2))).isFalse();
        assertThat(Documents.compact(Map.of("a", List.of("x")))).isEqualTo("{\"a\":[\"x\"]}");
    }

    @Test
    void sharedValuesAreWrittenInFullNotAsAliases() {
        List<String> shared = List.of("GET");

        assertThat(Documents.yaml(Map.of("a", shared, "b", shared))).doesNotContain("&", "*").contains("a:\n  - GET\nb:\n  - GET\n");
    }
}
