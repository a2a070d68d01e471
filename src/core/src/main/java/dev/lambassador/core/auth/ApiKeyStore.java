package dev.lambassador.core.auth;

import java.util.Optional;

/**
 * Where API keys live: items of kind {@code apikey} whose {@code id} is the key's
 * {@link ApiKeys#hash hash} and whose {@code consumer} names a {@link Consumer}.
 */
public interface ApiKeyStore {

    String KIND = "apikey";

    /**
     * The consumer a key belongs to. A disabled key reads as its consumer with {@code enabled} false.
     *
     * @param keyHash the presented key's {@link ApiKeys#hash}
     * @return empty when no key has that hash or its consumer does not exist
     * @throws java.io.UncheckedIOException when the store cannot be read; callers must then refuse the key
     */
    Optional<Consumer> find(String keyHash);

    /** A consumer by id, to extend rather than overwrite it when it gets another key. */
    Optional<Consumer> consumer(String id);

    /** Stores a key's hash for a consumer, and the consumer itself (created or replaced). */
    void save(String keyHash, Consumer consumer);

    /** Where the keys are, for messages: "DynamoDB table routes", "/home/me/.lambassador/api-keys.json". */
    String describe();
}
