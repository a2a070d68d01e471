package dev.lambassador.testing.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The seeded runner: a failure names a seed that reproduces its input, and shows the input readably. */
class FuzzTest {

    @AfterEach
    void clearProperties() {
        System.clearProperty(Fuzz.CASE);
        System.clearProperty(Fuzz.ITERATIONS);
        System.clearProperty(Fuzz.SCALE);
    }

    @Test
    void aPropertyRunsOnItsNumberOfInputsEachTimeTheSame() {
        List<Integer> first = new ArrayList<>();
        List<Integer> second = new ArrayList<>();

        assertThat(Fuzz.check("numbers", 50, random -> random.nextInt(), first::add)).isEqualTo(50);
        Fuzz.check("numbers", 50, random -> random.nextInt(), second::add);

        assertThat(first).hasSize(50).isEqualTo(second).doesNotHaveDuplicates();
    }

    @Test
    void aFailureNamesTheSeedThatReproducesItsInput() {
        Fuzz.Generator<String> generator = random -> Integer.toString(random.nextInt(1000));
        Throwable failure = null;
        try {
            Fuzz.check("no sevens", 10_000, generator, input -> assertThat(input).doesNotContain("7"));
        } catch (AssertionError e) {
            failure = e;
        }
        assertThat(failure).isNotNull();
        Matcher seed = Pattern.compile("rerun with -Dfuzz.case=(0x[0-9a-f]+)").matcher(failure.getMessage());
        assertThat(seed.find()).as(failure.getMessage()).isTrue();
        String input = generator.generate(new Random(Fuzz.parse(seed.group(1))));

        assertThat(input).contains("7");
        assertThat(failure.getMessage()).contains("property 'no sevens' failed on input #").contains("input: \"" + input + "\"");

        System.setProperty(Fuzz.CASE, seed.group(1));
        assertThatThrownBy(() -> Fuzz.check("no sevens", 10_000, generator, in -> assertThat(in).doesNotContain("7")))
                .hasMessageContaining("input: \"" + input + "\"");
    }

    @Test
    void aFailingGeneratorIsNamedAsSuch() {
        assertThatThrownBy(() -> Fuzz.check("p", 1, random -> {
            throw new IllegalStateException("broken generator");
        }, input -> { }))
                .hasMessageStartingWith("the generator of property 'p' failed")
                .hasMessageNotContaining("input:");
    }

    @Test
    void scaleMultipliesAndIterationsReplaceEachPropertysNumber() {
        System.setProperty(Fuzz.SCALE, "3");
        assertThat(Fuzz.check("scaled", 7, Random::nextInt, input -> { })).isEqualTo(21);
        System.setProperty(Fuzz.ITERATIONS, "5");
        assertThat(Fuzz.check("fixed", 7, Random::nextInt, input -> { })).isEqualTo(5);
    }

    @Test
    void seedsArePrintedAsUnsignedHexAndReadBack() {
        assertThat(Fuzz.parse("0xfac77e722baa70ed")).isEqualTo(0xfac77e722baa70edL);
        assertThat(Fuzz.parse(" 42 ")).isEqualTo(42L);
    }

    @Test
    void inputsAreShownWithInvisibleCharactersEscapedAndHugeOnesCut() {
        assertThat(Show.of(Map.of("a\u0000", List.of("\ud800x", 1.5)))).isEqualTo("{\"a\\u0000\": [\"\\ud800x\", 1.5 (Double)]}");
        assertThat(Show.of("y".repeat(1000))).endsWith("... (1000 chars)").hasSizeLessThan(Show.MAX_STRING + 30);
        assertThat(Show.text("line\nbreak")).isEqualTo("line\\u000abreak");
    }

    @Test
    void wellFormedTextHasNoLoneSurrogateAndKeepsPairs() {
        assertThat(Gen.wellFormed("a\ud800b\udc00\ud83d\ude00")).isEqualTo("a?b?\ud83d\ude00");
        Random random = new Random(1);
        for (int i = 0; i < 2_000; i++) {
            String text = Gen.wellFormed(Gen.string(random));
            assertThat(text.codePoints()).noneMatch(c -> c >= 0xd800 && c <= 0xdfff);
        }
    }

    @Test
    void aCopyCanBeChangedWithoutChangingTheOriginal() {
        Map<String, Object> original = Map.of("list", List.of(Map.of("k", "v")));
        @SuppressWarnings("unchecked")
        Map<String, Object> copy = (Map<String, Object>) Gen.copy(original);
        @SuppressWarnings("unchecked")
        Map<String, Object> element = (Map<String, Object>) ((List<Object>) copy.get("list")).getFirst();
        element.put("k", "changed");

        assertThat(original).isEqualTo(Map.of("list", List.of(Map.of("k", "v"))));
        assertThat(copy).isNotEqualTo(original);
    }
}
