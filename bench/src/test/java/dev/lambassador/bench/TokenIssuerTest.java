package dev.lambassador.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lambassador.authorizer.AuthorizerConfig;
import dev.lambassador.authorizer.JwtVerifier;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TokenIssuerTest {

    @Test
    void itsTokensVerifyWithItsKeysFetchedOnce() throws Exception {
        try (TokenIssuer issuer = TokenIssuer.start()) {
            JwtVerifier verifier = JwtVerifier.create(AuthorizerConfig.builder()
                    .issuer(issuer.issuer()).audiences(TokenIssuer.AUDIENCE).build());

            assertThat(verifier.verify(issuer.rs256("a", Duration.ofMinutes(5))).subject()).isEqualTo(TokenIssuer.SUBJECT);
            assertThat(verifier.verify(issuer.es256("b", Duration.ofMinutes(5))).subject()).isEqualTo(TokenIssuer.SUBJECT);
            assertThat(verifier.verify(issuer.rs256("c", Duration.ofMinutes(5))).scopes()).contains("orders:read");
            assertThat(issuer.jwksRequests()).isEqualTo(1);
        }
    }
}
