package dev.lambassador.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What apply plans: the diff between the items asked for and the table's, without a table. */
class SyncTest {

    private static Map<String, Object> route(String id, Object... attributes) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("kind", "route");
        item.put("id", id);
        item.put("path", "/" + id);
        item.put("backend", "http://" + id + ".internal");
        for (int i = 0; i < attributes.length; i += 2) {
            item.put((String) attributes[i], attributes[i + 1]);
        }
        return item;
    }

    @Test
    void theSameDataWithOtherNumberTypesAndAnotherRevisionIsUnchanged() {
        Sync.Plan plan = Sync.plan(List.of(route("a", "timeoutMs", 2000)),
                List.of(route("a", "timeoutMs", new BigDecimal("2000"), "revision", new BigDecimal(4))), false);

        assertThat(plan.changes()).isEmpty();
        assertThat(plan.unchanged()).isEqualTo(1);
    }

    @Test
    void eachItemIsAddedChangedOrRemovedAndOnlyPruneRemoves() {
        List<Map<String, Object>> table = List.of(route("kept", "timeoutMs", 1), route("gone"));
        List<Map<String, Object>> wanted = List.of(route("kept", "timeoutMs", 2), route("new"));

        Sync.Plan plan = Sync.plan(wanted, table, false);
        Sync.Plan pruned = Sync.plan(wanted, table, true);

        assertThat(plan.changes()).extracting(Sync.Change::action, Sync.Change::id)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Sync.Action.CHANGE, "kept"), org.assertj.core.groups.Tuple.tuple(Sync.Action.ADD, "new"));
        assertThat(pruned.count(Sync.Action.REMOVE)).isEqualTo(1);
        assertThat(pruned.changes().getLast()).satisfies(change -> {
            assertThat(change.id()).isEqualTo("gone");
            assertThat(change.after()).isNull();
        });
        assertThat(plan.count(Sync.Action.ADD)).isEqualTo(1);
        assertThat(plan.count(Sync.Action.REMOVE)).isZero();
    }

    @Test
    void aChangeBasedOnAnotherRevisionIsAConflictButTheSameRevisionIsAChange() {
        List<Map<String, Object>> table = List.of(route("a", "revision", new BigDecimal(3)));

        Sync.Plan stale = Sync.plan(List.of(route("a", "auth", "none", "revision", 2)), table, false);
        Sync.Plan current = Sync.plan(List.of(route("a", "auth", "none", "revision", 3)), table, false);
        Sync.Plan unbased = Sync.plan(List.of(route("a", "auth", "none")), table, false);

        assertThat(stale.changes()).singleElement().extracting(Sync.Change::action).isEqualTo(Sync.Action.CONFLICT);
        assertThat(stale.writes()).isEmpty();
        assertThat(current.changes()).singleElement().extracting(Sync.Change::action).isEqualTo(Sync.Action.CHANGE);
        assertThat(unbased.changes()).singleElement().extracting(Sync.Change::action).isEqualTo(Sync.Action.CHANGE);
    }

    @Test
    void fieldsAreComparedOneByOneWithoutTheRevision() {
        assertThat(Sync.fields(route("a", "timeoutMs", 1, "auth", "jwt", "revision", 1), route("a", "timeoutMs", 2, "scopes", List.of("x"))))
                .containsExactly("- auth: \"jwt\"", "+ scopes: [\"x\"]", "~ timeoutMs: 1 -> 2");
        assertThat(Sync.content(route("a", "revision", 1))).doesNotContainKey("revision").containsKey("path");
    }

    @Test
    void findingsAboutItemsTheFileLeavesAloneDoNotBlockIt() {
        List<Map<String, Object>> table = List.of(route("broken", "auht", "none"));

        assertThat(Sync.check(List.of(route("fine")), table, false)).isEmpty();
        assertThat(Sync.check(List.of(route("broken", "auht", "none")), table, false))
                .singleElement().extracting(Validation.Finding::id).isEqualTo("broken");
    }

    @Test
    void twoItemsOfOneKindWithOneIdAreRefusedNamingThem() {
        assertThatThrownBy(() -> Sync.plan(List.of(route("a"), route("a")), List.of(), false))
                .hasMessage("the file has two routes with id 'a'");
    }
}
