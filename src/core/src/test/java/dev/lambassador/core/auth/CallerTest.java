package dev.lambassador.core.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CallerTest {

    @Test
    void contextRoundTripsEveryField() {
        Caller caller = new Caller(Caller.Kind.API_KEY, "acme", "acme", Set.of("b", "a"), "gold", "");

        assertThat(caller.toContext()).containsEntry("auth", "apiKey").containsEntry("scopes", "a b");
        assertThat(Caller.fromContext(caller.toContext())).isEqualTo(caller);
    }

    @Test
    void missingOrUnknownContextReadsAsAnonymous() {
        assertThat(Caller.fromContext(Map.of())).isEqualTo(Caller.ANONYMOUS);
        assertThat(Caller.fromContext(Map.of("auth", "root", "subject", "x"))).isEqualTo(Caller.ANONYMOUS);
        assertThat(Caller.fromContext(Map.of("auth", "jwt", "subject", ""))).isEqualTo(Caller.ANONYMOUS);
    }

    @Test
    void principalIdOfAnAnonymousCallerIsAnonymous() {
        assertThat(Caller.ANONYMOUS.principalId()).isEqualTo("anonymous");
        assertThat(new Caller(Caller.Kind.JWT, "alice", "", Set.of(), "", "https://idp").principalId()).isEqualTo("alice");
    }
}
