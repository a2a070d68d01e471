package dev.lambassador.local;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.lambassador.core.auth.ApiKeyStore;
import dev.lambassador.core.auth.Consumer;
import dev.lambassador.core.store.ItemKind;
import dev.lambassador.core.store.TableSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * API keys for local runs: a JSON file of the same items the routes table holds (kinds
 * {@code consumer} and {@code apikey}), so that a key made with {@code lambassador keys create}
 * works in a running {@code lambassador dev} at once. Writes are locked and atomic, so two
 * commands at the same time lose nothing, and an existing consumer is never rewritten.
 */
public final class LocalApiKeyStore implements ApiKeyStore {

    public static final String FILE = "api-keys.json";

    private final Path file;

    public LocalApiKeyStore(Path file) {
        this.file = Objects.requireNonNull(file, "file");
    }

    /** The store {@code lambassador keys create} and {@code lambassador dev} share, in the Lambassador home. */
    public static LocalApiKeyStore inHome(Map<String, String> environment) {
        return new LocalApiKeyStore(DevIdentity.home(environment).resolve(FILE));
    }

    @Override
    public Optional<Consumer> find(String keyHash) {
        List<Map<String, Object>> items = read();
        Map<String, Object> key = item(items, ItemKind.API_KEY, keyHash);
        if (key == null) {
            return Optional.empty();
        }
        Map<String, Object> consumerItem = item(items, ItemKind.CONSUMER, String.valueOf(key.get("consumer")));
        if (consumerItem == null) {
            return Optional.empty();
        }
        Consumer consumer = Consumer.fromItem(consumerItem);
        if (!Consumer.enabled(key, ItemKind.API_KEY.value())) {
            consumer = new Consumer(consumer.id(), consumer.name(), consumer.plan(), consumer.scopes(), false);
        }
        return Optional.of(consumer);
    }

    @Override
    public Optional<Consumer> consumer(String id) {
        return Optional.ofNullable(item(read(), ItemKind.CONSUMER, id)).map(Consumer::fromItem);
    }

    @Override
    public String describe() {
        return file.toString();
    }

    @Override
    public void save(String keyHash, Consumer consumer) {
        // File locks are held per process, so threads of this one take turns first.
        synchronized (LocalApiKeyStore.class) {
            write(keyHash, consumer);
        }
    }

    private void write(String keyHash, Consumer consumer) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            try (FileChannel lock = FileChannel.open(file.resolveSibling(file.getFileName() + ".lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = lock.lock()) {
                List<Map<String, Object>> items = new ArrayList<>(read());
                if (item(items, ItemKind.CONSUMER, consumer.id()) == null) {
                    items.add(consumer.toItem());
                }
                Map<String, Object> key = TableSchema.item(ItemKind.API_KEY, keyHash);
                key.put("consumer", consumer.id());
                key.put("enabled", true);
                key.put("created", Instant.now().toString());
                items.add(key);
                Path temporary = Files.createTempFile(file.toAbsolutePath().getParent(), FILE, ".tmp");
                Files.write(temporary, JSON.std.with(JSON.Feature.PRETTY_PRINT_OUTPUT).asBytes(items));
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> read() {
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            Object parsed = JSON.std.anyFrom(Files.readAllBytes(file));
            if (!(parsed instanceof List<?> list) || !list.stream().allMatch(Map.class::isInstance)) {
                throw new UncheckedIOException(new IOException(file + " must hold a JSON list of items"));
            }
            return (List<Map<String, Object>>) parsed;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static Map<String, Object> item(List<Map<String, Object>> items, ItemKind kind, String id) {
        for (Map<String, Object> item : items) {
            if (kind.value().equals(item.get(TableSchema.PARTITION_KEY)) && id.equals(item.get(TableSchema.SORT_KEY))) {
                return item;
            }
        }
        return null;
    }
}
