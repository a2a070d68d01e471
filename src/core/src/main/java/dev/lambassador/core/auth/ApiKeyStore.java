package dev.lambassador.core.auth;

import java.time.Instant;
import java.util.Optional;

/**
 * Where API keys live: items of kind {@code apikey} whose {@code id} is the key's
 * {@link ApiKeys#hash hash} and whose {@code consumer} names a {@link Consumer}.
 */
public interface ApiKeyStore {

    /**
     * The consumer a key belongs to. A disabled key reads as its consumer with {@code enabled} false.
     * An {@code enabled} that is not a boolean makes the item malformed, never enabled.
     *
     * @param keyHash the presented key's {@link ApiKeys#hash}
     * @return empty when no key has that hash or its consumer does not exist
     * @throws java.io.UncheckedIOException when the store cannot be read; callers must then refuse the key
     */
    Optional<Consumer> find(String keyHash);

    /**
     * As {@link #find(String)}, given up at the deadline: the authorizer passes the time its
     * invocation has left, so that a slow store refuses the key rather than let the function time out.
     * A store that cannot take that long (a local file) need not override this.
     *
     * @throws java.io.UncheckedIOException also when the store did not answer by the deadline
     */
    default Optional<Consumer> find(String keyHash, Instant deadline) {
        return find(keyHash);
    }

    /** A consumer by id, as it is now (a strongly consistent read where the store has a choice). */
    Optional<Consumer> consumer(String id);

    /**
     * Stores a key's hash for a consumer. The consumer is created when it does not exist yet; an
     * existing one is left exactly as it is, so that adding a key can never re-enable a consumer
     * someone has just disabled, nor undo any other edit made in the meantime.
     */
    void save(String keyHash, Consumer consumer);

    /** Where the keys are, for messages: "DynamoDB table routes", "/home/me/.lambassador/api-keys.json". */
    String describe();
}
