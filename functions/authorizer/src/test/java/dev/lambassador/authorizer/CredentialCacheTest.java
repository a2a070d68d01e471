package dev.lambassador.authorizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lambassador.core.auth.Caller;
import dev.lambassador.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CredentialCacheTest {

    private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");
    private static final Caller ALICE = new Caller(Caller.Kind.JWT, "alice", "web", Set.of("a"), "", "https://idp");

    private final MutableClock clock = new MutableClock(NOW);

    @Test
    void rememberedCallerIsFound() {
        CredentialCache cache = new CredentialCache(Duration.ofSeconds(60), 10, clock);
        cache.put("k", ALICE, null);

        assertThat(cache.get("k")).isEqualTo(ALICE);
    }

    @Test
    void entryEndsWithTheTtl() {
        CredentialCache cache = new CredentialCache(Duration.ofSeconds(60), 10, clock);
        cache.put("k", ALICE, null);

        clock.advance(Duration.ofSeconds(59));
        assertThat(cache.get("k")).isEqualTo(ALICE);
        clock.advance(Duration.ofSeconds(1));
        assertThat(cache.get("k")).isNull();
    }

    @Test
    void entryNeverOutlivesItsExpiry() {
        CredentialCache cache = new CredentialCache(Duration.ofSeconds(60), 10, clock);
        cache.put("k", ALICE, NOW.plusSeconds(10));

        clock.advance(Duration.ofSeconds(10));

        assertThat(cache.get("k")).isNull();
    }

    @Test
    void somethingAlreadyExpiredIsNotRemembered() {
        CredentialCache cache = new CredentialCache(Duration.ofSeconds(60), 10, clock);
        cache.put("k", ALICE, NOW.minusSeconds(1));

        assertThat(cache.size()).isZero();
    }

    @Test
    void zeroTtlRemembersNothing() {
        CredentialCache cache = new CredentialCache(Duration.ZERO, 10, clock);
        cache.put("k", ALICE, null);

        assertThat(cache.get("k")).isNull();
    }

    @Test
    void leastRecentlyUsedEntryMakesRoomWhenFull() {
        CredentialCache cache = new CredentialCache(Duration.ofSeconds(60), 2, clock);
        cache.put("a", ALICE, null);
        cache.put("b", ALICE, null);
        cache.get("a");

        cache.put("c", ALICE, null);

        assertThat(cache.size()).isEqualTo(2);
        assertThat(cache.get("b")).isNull();
        assertThat(cache.get("a")).isEqualTo(ALICE);
        assertThat(cache.get("c")).isEqualTo(ALICE);
    }

    @Test
    void sizeMustAllowOneEntry() {
        assertThatThrownBy(() -> new CredentialCache(Duration.ofSeconds(1), 0, clock)).hasMessageContaining("maxEntries");
    }
}
