package dev.lambassador.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which state of an item a revision names, from its history (newest first). */
class AuditTest {

    private static Map<String, Object> at(long revision, String backend) {
        return Map.of("kind", "route", "id", "a", "backend", backend, "revision", revision);
    }

    private static Audit.Entry entry(Map<String, Object> before, Map<String, Object> after) {
        return new Audit.Entry("id", "who", Instant.EPOCH, "change", "route", "a", before, after);
    }

    private static final List<Audit.Entry> HISTORY = List.of(
            entry(at(2, "b"), null),            // removed at revision 2
            entry(at(1, "a"), at(2, "b")),      // changed
            entry(null, at(1, "a")));           // added

    @Test
    void aRevisionIsTheStateAfterTheChangeThatMadeIt() {
        assertThat(Audit.at(HISTORY, 2)).hasValueSatisfying(state -> assertThat(state.item()).containsEntry("backend", "b"));
        assertThat(Audit.at(HISTORY, 1)).hasValueSatisfying(state -> assertThat(state.item()).containsEntry("backend", "a"));
    }

    @Test
    void beforeTheChangeThatAddedItTheItemDidNotExist() {
        assertThat(Audit.at(HISTORY, 0)).hasValueSatisfying(state -> assertThat(state.item()).isNull());
    }

    @Test
    void anItemWrittenBeforeTheCliKnewItIsAtRevision0() {
        List<Audit.Entry> history = List.of(entry(Map.of("kind", "route", "id", "a", "backend", "console"), at(1, "cli")));

        assertThat(Audit.at(history, 0)).hasValueSatisfying(state -> assertThat(state.item()).containsEntry("backend", "console"));
        assertThat(Audit.at(history, 5)).isEmpty();
        assertThat(Audit.at(List.of(), 1)).isEmpty();
    }
}
