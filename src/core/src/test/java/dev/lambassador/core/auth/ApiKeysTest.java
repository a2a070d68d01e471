package dev.lambassador.core.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ApiKeysTest {

    @Test
    void generatedKeysArePrefixedAndUnique() {
        String key = ApiKeys.generate();

        assertThat(key).startsWith("lmb_").hasSize(4 + 43).matches("lmb_[A-Za-z0-9_-]+");
        assertThat(ApiKeys.generate()).isNotEqualTo(key);
    }

    @Test
    void hashIsTheHexSha256OfTheKey() {
        // printf %s abc | sha256sum
        assertThat(ApiKeys.hash("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void keyMatchesOnlyItsOwnHash() {
        String key = ApiKeys.generate();

        assertThat(ApiKeys.matches(key, ApiKeys.hash(key))).isTrue();
        assertThat(ApiKeys.matches(key + "x", ApiKeys.hash(key))).isFalse();
        assertThat(ApiKeys.matches(key, "")).isFalse();
    }
}
