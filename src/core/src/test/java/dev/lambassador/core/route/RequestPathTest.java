package dev.lambassador.core.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lambassador.core.GatewayException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class RequestPathTest {

    @Test
    void segmentsAreDecoded() {
        RequestPath path = RequestPath.parse("/caf%C3%A9/a+b/%7E");

        assertThat(path.segments()).containsExactly("café", "a+b", "~");
        assertThat(path.trailingSlash()).isFalse();
    }

    @Test
    void trailingSlashIsKept() {
        assertThat(RequestPath.parse("/dir/").trailingSlash()).isTrue();
        assertThat(RequestPath.parse("/dir/")).hasToString("/dir/");
        assertThat(RequestPath.parse("/")).hasToString("/");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "/a//b|empty segment",
            "/a/../b|dot segment",
            "/a/%2e%2E/b|dot segment",
            "/a/./b|dot segment",
            "/a%2Fb|encoded slash",
            "/a%5cb|encoded slash",
            "/a/%zz|percent-encoding",
            "/a/%C3|percent-encoding",
            "/a/%00|control character",
            "/a/%\u0664\u0661|percent-encoding",
            "/a/%\uff12\uff26|percent-encoding",
            "/a;b=c|';'",
            "/a/..;/b|dot segment",
            "/a%3Bb|';'",
            "relative|start with '/'"})
    void ambiguousPathsAreRejected(String raw, String reason) {
        assertThatThrownBy(() -> RequestPath.parse(raw))
                .isInstanceOfSatisfying(GatewayException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.getMessage()).contains(reason);
                });
    }

    @Test
    void charactersOutsideTheBmpSurviveDecoding() {
        assertThat(RequestPath.parse("/\ud83d\ude00%20x").segments()).containsExactly("\ud83d\ude00 x");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/a b", "/ü", "/a,b=c", "/@x:y"})
    void encodingRoundTripsThroughToString(String raw) {
        RequestPath path = RequestPath.parse(raw);

        assertThat(RequestPath.parse(path.toString())).isEqualTo(path);
    }
}
