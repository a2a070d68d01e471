package dev.lambassador.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.lambassador.core.auth.Consumer;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalApiKeyStoreTest {

    private static final Consumer ACME = new Consumer("acme", "Acme Ltd", "basic", Set.of("orders:read"), true);

    @TempDir
    Path home;

    private LocalApiKeyStore store() {
        return new LocalApiKeyStore(home.resolve("nested").resolve(LocalApiKeyStore.FILE));
    }

    @Test
    void savedKeyFindsItsConsumer() {
        store().save("hash-1", ACME);

        assertThat(store().find("hash-1")).hasValue(ACME);
        assertThat(store().consumer("acme")).hasValue(ACME);
    }

    @Test
    void savingAKeyNeverRewritesAnExistingConsumer() {
        store().save("hash-1", ACME);

        store().save("hash-2", new Consumer("acme", "Other", "free", Set.of(), true));

        assertThat(store().consumer("acme")).hasValue(ACME);
    }

    @Test
    void enabledWrittenAsAStringIsRefusedNotTakenForTrue() throws Exception {
        Path file = home.resolve(LocalApiKeyStore.FILE);
        Files.writeString(file, """
                [{"kind": "consumer", "id": "acme"}, {"kind": "apikey", "id": "h", "consumer": "acme", "enabled": "false"}]""");

        assertThatThrownBy(() -> new LocalApiKeyStore(file).find("h")).hasMessageContaining("apikey enabled must be a boolean");
    }

    @Test
    void unknownKeyAndMissingFileFindNothing() {
        assertThat(store().find("nope")).isEmpty();
        store().save("hash-1", ACME);
        assertThat(store().find("nope")).isEmpty();
    }

    @Test
    @SuppressWarnings("unchecked")
    void disabledKeyReadsAsADisabledConsumer() throws Exception {
        LocalApiKeyStore store = store();
        store.save("hash-1", ACME);
        Path file = home.resolve("nested").resolve(LocalApiKeyStore.FILE);
        List<Map<String, Object>> items = (List<Map<String, Object>>) JSON.std.anyFrom(Files.readString(file));
        items.stream().filter(item -> "apikey".equals(item.get("kind"))).forEach(item -> item.put("enabled", false));
        Files.write(file, JSON.std.asBytes(items));

        assertThat(store.find("hash-1")).hasValueSatisfying(consumer -> assertThat(consumer.enabled()).isFalse());
    }

    @Test
    void concurrentSavesLoseNoKey() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> saves = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                String hash = "hash-" + i;
                saves.add(pool.submit(() -> store().save(hash, ACME)));
            }
            for (Future<?> save : saves) {
                save.get();
            }
        } finally {
            pool.shutdown();
        }
        for (int i = 0; i < 20; i++) {
            assertThat(store().find("hash-" + i)).as("key %d", i).isPresent();
        }
    }

    @Test
    void fileThatIsNotAListOfItemsIsNamed() throws Exception {
        Path file = home.resolve(LocalApiKeyStore.FILE);
        Files.writeString(file, "{\"keys\":[]}");

        assertThatThrownBy(() -> new LocalApiKeyStore(file).find("x"))
                .isInstanceOf(UncheckedIOException.class).hasMessageContaining("must hold a JSON list of items");
    }
}
