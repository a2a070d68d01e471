package dev.lambassador.core.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.lambassador.core.Exchange;
import dev.lambassador.core.GatewayRequest;
import dev.lambassador.core.Headers;
import dev.lambassador.core.auth.Caller;
import dev.lambassador.core.route.PathTemplate;
import dev.lambassador.core.route.Problems;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WeightedBackendTest {

    private static WeightedBackend split(int stable, int canary, Object... sticky) {
        Map<String, Object> args = new HashMap<>(Map.of("type", "weighted", "targets", List.of(
                Map.of("name", "stable", "weight", stable, "backend", "http://stable"),
                Map.of("name", "canary", "weight", canary, "backend", "http://canary"))));
        for (int i = 0; i < sticky.length; i += 2) {
            args.put((String) sticky[i], sticky[i + 1]);
        }
        Problems problems = new Problems();
        Backend backend = Backends.DEFAULT.compile(args, PathTemplate.parse("/x"), problems);
        assertThat(problems.all()).isEmpty();
        return (WeightedBackend) backend;
    }

    private static String chosen(WeightedBackend split, Caller caller, Headers headers) {
        GatewayRequest request = new GatewayRequest("GET", "/x", "", Map.of(), headers, null, "", "r", caller.toContext());
        Exchange exchange = new Exchange(request, Instant.MAX);
        Backend backend = split.select(request, exchange);
        String name = exchange.get(WeightedBackend.CHOSEN).orElseThrow();
        assertThat(((HttpBackend) backend).url()).isEqualTo("http://" + name);
        return name;
    }

    private static Caller caller(String subject) {
        return new Caller(Caller.Kind.JWT, subject, "app", Set.of(), "", "https://issuer");
    }

    @Test
    void tenThousandCallersSplitWithinOnePointOfTheWeights() {
        WeightedBackend split = split(95, 5);
        int canary = 0;
        for (int i = 0; i < 10_000; i++) {
            if (chosen(split, caller("user-" + i), Headers.EMPTY).equals("canary")) {
                canary++;
            }
        }
        assertThat(canary / 100.0).isCloseTo(5.0, within(1.0));
    }

    @Test
    void everyCallerStaysOnOneSide() {
        WeightedBackend split = split(50, 50);
        for (int i = 0; i < 1_000; i++) {
            Caller caller = caller("user-" + i);
            String first = chosen(split, caller, Headers.EMPTY);
            for (int again = 0; again < 5; again++) {
                assertThat(chosen(split, caller, Headers.EMPTY)).isEqualTo(first);
            }
        }
    }

    @Test
    void anonymousCallersStickByTheConfiguredHeaderOrCookie() {
        WeightedBackend byHeader = split(50, 50, "stickyHeader", "X-User-Id");
        WeightedBackend byCookie = split(50, 50, "stickyCookie", "session");
        for (int i = 0; i < 200; i++) {
            Headers header = Headers.of("X-User-Id", "u" + i);
            Headers cookie = Headers.of("Cookie", "theme=dark; session=s" + i);
            assertThat(chosen(byHeader, Caller.ANONYMOUS, header)).isEqualTo(chosen(byHeader, Caller.ANONYMOUS, header));
            assertThat(chosen(byCookie, Caller.ANONYMOUS, cookie)).isEqualTo(chosen(byCookie, Caller.ANONYMOUS, cookie));
        }
    }

    @Test
    void withNothingToStickToEachRequestIsDrawnAfresh() {
        WeightedBackend split = split(50, 50);
        Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < 100; i++) {
            seen.add(chosen(split, Caller.ANONYMOUS, Headers.EMPTY));
        }
        assertThat(seen).containsExactlyInAnyOrder("stable", "canary");
    }

    @Test
    void theOverrideHeaderForcesANamedTarget() {
        WeightedBackend split = split(100, 0);

        assertThat(chosen(split, caller("alice"), Headers.of(WeightedBackend.OVERRIDE_HEADER, "canary"))).isEqualTo("canary");
        assertThat(chosen(split, caller("alice"), Headers.of(WeightedBackend.OVERRIDE_HEADER, "nonsense"))).isEqualTo("stable");
    }

    @Test
    void aZeroWeightTargetIsNeverDrawn() {
        WeightedBackend split = split(100, 0);
        for (int i = 0; i < 500; i++) {
            assertThat(chosen(split, caller("user-" + i), Headers.EMPTY)).isEqualTo("stable");
        }
    }

    @Test
    void badTargetsAreNamedByPosition() {
        Problems problems = new Problems();
        Backends.DEFAULT.compile(Map.of("type", "weighted", "targets", List.of(
                Map.of("name", "a", "weight", 1.5, "backend", "http://a"),
                Map.of("name", "a", "weight", 1, "backend", "ftp://b"))), PathTemplate.parse("/x"), problems);

        assertThat(problems.all()).extracting(Problems.Problem::field)
                .containsExactlyInAnyOrder("targets[0].weight", "targets[1].name", "targets[1].backend.url");
    }

    private static List<String> problems(Map<String, Object> args) {
        Problems problems = new Problems();
        Backends.DEFAULT.compile(args, PathTemplate.parse("/x"), problems);
        return problems.all().stream().map(Problems.Problem::toString).toList();
    }

    private static Map<String, Object> target(String name, Object weight) {
        return Map.of("name", name, "weight", weight, "backend", "http://" + name);
    }

    @Test
    void eachTargetHoldsAsManyPositionsOfTheWheelAsItsWeight() {
        WeightedBackend split = split(2, 1);

        assertThat(List.of(0L, 1L, 2L, 3L, 5L)).extracting(bucket -> split.pick(bucket).name())
                .containsExactly("stable", "stable", "canary", "stable", "canary");
    }

    @Test
    void theBucketIsFnv1aWithSplitMixsFinaliserSoThatEveryInstanceAndReleaseAgrees() {
        // Changing these moves callers between targets in the middle of a canary release.
        assertThat(WeightedBackend.bucket("")).isEqualTo(8832978290816513101L);
        assertThat(WeightedBackend.bucket("alice")).isEqualTo(7127134111981610286L);
        assertThat(WeightedBackend.bucket("https://issuer\u0000alice")).isEqualTo(4547881071006367064L);
    }

    @Test
    void withNothingToStickToEveryPositionCanBeDrawn() {
        WeightedBackend split = split(1, 1);
        Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < 100; i++) {
            seen.add(chosen(split, Caller.ANONYMOUS, Headers.EMPTY));
        }
        assertThat(seen).containsExactlyInAnyOrder("stable", "canary");
    }

    @Test
    void callersKnownByTheHeaderAreSpreadOverTheTargets() {
        WeightedBackend byHeader = split(50, 50, "stickyHeader", "X-User-Id");
        Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < 100; i++) {
            seen.add(chosen(byHeader, Caller.ANONYMOUS, Headers.of("X-User-Id", "u" + i)));
        }
        assertThat(seen).containsExactlyInAnyOrder("stable", "canary");
    }

    @Test
    void callersKnownByTheCookieAreSpreadOverTheTargets() {
        WeightedBackend byCookie = split(50, 50, "stickyCookie", "session");
        Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < 100; i++) {
            seen.add(chosen(byCookie, Caller.ANONYMOUS, Headers.of("Cookie", "theme=dark; session=s" + i)));
        }
        assertThat(seen).containsExactlyInAnyOrder("stable", "canary");
    }

    @Test
    void aCookieValueIsReadWithoutTheSpacesAroundIt() {
        WeightedBackend byCookie = split(50, 50, "stickyCookie", "session");
        for (int i = 0; i < 100; i++) {
            assertThat(chosen(byCookie, Caller.ANONYMOUS, Headers.of("Cookie", "session= s" + i + " ;theme=dark")))
                    .isEqualTo(chosen(byCookie, Caller.ANONYMOUS, Headers.of("Cookie", "session=s" + i)));
        }
    }

    @Test
    void aSplitIsOfTheWeightedType() {
        assertThat(split(1, 1).type()).isEqualTo(WeightedBackend.TYPE);
    }

    @Test
    void weightsFromZeroToTenThousandAreAccepted() {
        assertThat(problems(Map.of("type", "weighted", "targets", List.of(target("a", 0), target("b", 10_000))))).isEmpty();
    }

    @Test
    void weightsBelowZeroOrAboveTenThousandAreRefused() {
        assertThat(problems(Map.of("type", "weighted", "targets", List.of(target("a", -1), target("b", 10_001), target("c", 1))))).containsExactly(
                "targets[0].weight: must be a whole number from 0 to 10000, was number -1",
                "targets[1].weight: must be a whole number from 0 to 10000, was number 10001");
    }

    @Test
    void aSplitWithoutTargetsIsRefusedOnceForIt() {
        assertThat(problems(Map.of("type", "weighted", "targets", List.of())))
                .containsExactly("targets: needs at least one target: {name, weight, backend}");
    }

    @Test
    void aSplitWhoseWeightsAreAllZeroIsRefused() {
        assertThat(problems(Map.of("type", "weighted", "targets", List.of(target("a", 0), target("b", 0)))))
                .containsExactly("targets: weights add up to 0; at least one target needs a weight above 0");
    }

    @Test
    void misspeltAttributesOfTheSplitAndOfItsTargetsAreRefused() {
        assertThat(problems(Map.of("type", "weighted", "stickyHeaders", "X-User-Id", "targets", List.of(
                Map.of("name", "a", "wieght", 1, "weight", 1, "backend", "http://a"))))).containsExactlyInAnyOrder(
                "stickyHeaders: is not a known attribute; did you mean 'stickyHeader'?",
                "targets[0].wieght: is not a known attribute; did you mean 'weight'?");
    }
}
