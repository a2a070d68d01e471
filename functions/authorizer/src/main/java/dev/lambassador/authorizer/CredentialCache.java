package dev.lambassador.authorizer;

import dev.lambassador.core.auth.Caller;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Verified credentials of this container, so that a client calling again is not checked again:
 * least recently used first out, each entry for at most the TTL and never past the expiry it was
 * given (a token's {@code exp}). Keys are SHA-256 hashes, never credentials themselves.
 *
 * <p>Refusals are not cached: a key created a moment after it was first refused must work at once,
 * and an attacker who tries many made-up credentials presents a new one each time anyway.
 */
final class CredentialCache {

    static final int DEFAULT_MAX_ENTRIES = 10_000;

    private final Duration ttl;
    private final Clock clock;
    private final Map<String, Remembered> entries;

    private record Remembered(Caller caller, Instant expiresAt) {
    }

    CredentialCache(Duration ttl, int maxEntries, Clock clock) {
        this.ttl = Objects.requireNonNull(ttl, "ttl");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be at least 1, was " + maxEntries);
        }
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Remembered> eldest) {
                return size() > maxEntries;
            }
        };
    }

    /** The caller remembered under this key, or null when there is none or it has expired. */
    synchronized Caller get(String key) {
        Remembered entry = entries.get(key);
        if (entry == null) {
            return null;
        }
        if (!clock.instant().isBefore(entry.expiresAt())) {
            entries.remove(key);
            return null;
        }
        return entry.caller();
    }

    /** Remembers a caller for the TTL, or until {@code notAfter} when that comes first. */
    synchronized void put(String key, Caller caller, Instant notAfter) {
        if (ttl.isZero()) {
            return;
        }
        Instant now = clock.instant();
        Instant expiresAt = now.plus(ttl);
        if (notAfter != null && notAfter.isBefore(expiresAt)) {
            expiresAt = notAfter;
        }
        if (expiresAt.isAfter(now)) {
            entries.put(key, new Remembered(caller, expiresAt));
        }
    }

    synchronized int size() {
        return entries.size();
    }

    synchronized void clear() {
        entries.clear();
    }
}
