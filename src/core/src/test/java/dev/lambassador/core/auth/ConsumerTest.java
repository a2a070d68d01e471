package dev.lambassador.core.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConsumerTest {

    @Test
    void itemRoundTrips() {
        Consumer consumer = new Consumer("acme", "Acme Ltd", "gold", Set.of("orders:read"), false);

        assertThat(consumer.toItem()).containsEntry("kind", "consumer").containsEntry("scopes", List.of("orders:read"));
        assertThat(Consumer.fromItem(consumer.toItem())).isEqualTo(consumer);
    }

    @Test
    void nameDefaultsToTheIdAndConsumersAreEnabledUnlessSaidOtherwise() {
        Consumer consumer = Consumer.fromItem(Map.of("id", "acme"));

        assertThat(consumer.name()).isEqualTo("acme");
        assertThat(consumer.enabled()).isTrue();
    }

    @Test
    void scopesMayBeASpaceSeparatedString() {
        assertThat(Consumer.scopes("a  b")).containsExactly("a", "b");
    }

    @Test
    void scopeWithASpaceOrOfTheWrongTypeIsRefused() {
        assertThatThrownBy(() -> Consumer.scopes(List.of("a b"))).hasMessageContaining("without spaces");
        assertThatThrownBy(() -> Consumer.scopes(7)).hasMessageContaining("list of strings");
    }

    @Test
    void idWithASlashIsRefused() {
        assertThatThrownBy(() -> Consumer.fromItem(Map.of("id", "a/b"))).hasMessageContaining("consumer id");
    }

    @Test
    void callerOfAConsumerCarriesItsScopesAndPlan() {
        Caller caller = new Consumer("acme", null, "gold", Set.of("x"), true).caller();

        assertThat(caller.kind()).isEqualTo(Caller.Kind.API_KEY);
        assertThat(caller.subject()).isEqualTo("acme");
        assertThat(caller.plan()).isEqualTo("gold");
        assertThat(caller.scopes()).containsExactly("x");
    }
}
