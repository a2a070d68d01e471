package dev.lambassador.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** A REST authorizer's policy resources and actions match with IAM's wildcards, {@code *} and {@code ?}, and nothing else. */
class PolicyWildcardTest {

    private static final String ARN = "arn:aws:execute-api:us-east-1:123456789012:api/dev/GET/pets/1";

    @Test
    void wildcardsMatchRunsAndSingleCharactersOnly() {
        assertThat(LocalAuthorizer.matches("*", ARN)).isTrue();
        assertThat(LocalAuthorizer.matches("*", "")).isTrue();
        assertThat(LocalAuthorizer.matches("arn:aws:execute-api:*:*:api/dev/GET/*", ARN)).isTrue();
        assertThat(LocalAuthorizer.matches("arn:aws:execute-api:*:*:api/dev/POST/*", ARN)).isFalse();
        assertThat(LocalAuthorizer.matches(ARN.replace("pets/1", "pets/?"), ARN)).isTrue();
        assertThat(LocalAuthorizer.matches(ARN.replace("pets/1", "pets/??"), ARN)).isFalse();
        assertThat(LocalAuthorizer.matches(ARN, ARN)).isTrue();
        assertThat(LocalAuthorizer.matches(ARN + "*", ARN)).isTrue();
        assertThat(LocalAuthorizer.matches(ARN + "?", ARN)).isFalse();
        assertThat(LocalAuthorizer.matches(ARN.substring(1), ARN)).isFalse();
        assertThat(LocalAuthorizer.matches("", ARN)).isFalse();
        assertThat(LocalAuthorizer.matches("", "")).isTrue();
        // Regular-expression characters are literal.
        assertThat(LocalAuthorizer.matches("arn.aws.*", ARN)).isFalse();
        assertThat(LocalAuthorizer.matches("a.c", "a.c")).isTrue();
        assertThat(LocalAuthorizer.matches("a[b]+", "a[b]+")).isTrue();
        assertThat(LocalAuthorizer.matches("a[b]+", "ab")).isFalse();
    }

    @Test
    void agreesWithTheEquivalentRegularExpressionOnGeneratedPatterns() {
        Random random = new Random(20261201L);
        for (int i = 0; i < 20_000; i++) {
            String pattern = generate(random, "ab*?.", 6);
            String value = generate(random, "ab.", 7);
            assertThat(LocalAuthorizer.matches(pattern, value))
                    .as("'%s' against '%s'", pattern, value)
                    .isEqualTo(Pattern.matches(regex(pattern), value));
        }
    }

    private static String generate(Random random, String alphabet, int maxLength) {
        StringBuilder text = new StringBuilder();
        for (int i = random.nextInt(maxLength + 1); i > 0; i--) {
            text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return text.toString();
    }

    private static String regex(String pattern) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            regex.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
        }
        return regex.toString();
    }
}
