package dev.lambassador.authorizer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.util.Base64URL;
import dev.lambassador.core.Headers;
import dev.lambassador.core.auth.ApiKeyStore;
import dev.lambassador.core.auth.ApiKeys;
import dev.lambassador.core.auth.Caller;
import dev.lambassador.core.auth.Consumer;
import dev.lambassador.core.observe.AccessRecord;
import dev.lambassador.core.observe.AuthorizerDecision;
import dev.lambassador.core.observe.TelemetrySink;
import dev.lambassador.testing.fuzz.Fuzz;
import dev.lambassador.testing.fuzz.Gen;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The authorizer's parsing fuzzed: bearer tokens (valid ones mangled as text, and tokens whose
 * header and claims are generated, mutated and then validly signed, so that they reach the claim
 * checks), Authorization and API key headers, and the sample authorizer events (events/) mutated.
 * A token is accepted only when it is what docs/auth.md accepts (a string {@code sub}, a string
 * {@code scope}, an accepted issuer and audience, no ID token, not expired); everything else is an
 * {@link AuthenticationException}, never another exception; the handler refuses with a reason other
 * than an internal failure. Runs: see {@link Fuzz}.
 */
class AuthorizerFuzzTest {

    private static final Path EVENTS = Path.of("../../events");
    private static final String ISSUER_NAME = "fuzz";
    private static final Instant NOW = Instant.now();
    private static final String KEY = ApiKeys.generate();

    private static JwksServer jwks;
    private static String issuer;
    private static JwtVerifier verifier;
    private static AuthorizerHandler handler;
    private static final AtomicReference<AuthorizerDecision> decision = new AtomicReference<>();
    private static List<Map<String, Object>> events;
    private static ECDSASigner ec;
    private static RSASSASigner rsa;

    @BeforeAll
    static void start() throws Exception {
        jwks = JwksServer.start();
        jwks.publish(ISSUER_NAME, Tokens.EC, Tokens.RSA);
        issuer = jwks.issuer(ISSUER_NAME);
        verifier = new JwtVerifier(Map.of(issuer, jwks.jwksUrl(ISSUER_NAME)), Set.of(Tokens.AUDIENCE), Duration.ofSeconds(60),
                Duration.ofHours(1), Duration.ofSeconds(2));
        ApiKeyStore store = new InMemoryKeys(Map.of(ApiKeys.hash(KEY), new Consumer("acme", "Acme", "gold", Set.of("orders:read"), true)));
        handler = new AuthorizerHandler(AuthorizerConfig.builder().issuer(issuer, jwks.jwksUrl(ISSUER_NAME)).audiences(Tokens.AUDIENCE)
                .apiKeys(store).anonymousAccess(true).credentialCacheTtl(Duration.ZERO).build(), new TelemetrySink() {
                    @Override
                    public void request(AccessRecord record) {
                    }

                    @Override
                    public void decision(AuthorizerDecision value) {
                        decision.set(value);
                    }
                });
        events = new ArrayList<>();
        for (String file : List.of("authorizer-rest-request.json", "authorizer-http-request.json")) {
            events.add(JSON.std.mapFrom(Files.readAllBytes(EVENTS.resolve(file))));
        }
        ec = new ECDSASigner(Tokens.EC);
        rsa = new RSASSASigner(Tokens.RSA);
        // The keys are fetched once, as a warm container has them.
        verifier.verify(sign(header("ES256", "ec-1"), claims()));
    }

    @AfterAll
    static void stop() {
        jwks.close();
    }

    @Test
    void aGeneratedTokenIsAcceptedOnlyWhenTheDocsSaySo() {
        Fuzz.check("signed tokens", 1_500, AuthorizerFuzzTest::token, AuthorizerFuzzTest::verifies);
    }

    @Test
    void aMangledTokenIsRefused() {
        String valid = sign(header("ES256", "ec-1"), claims());
        Fuzz.check("mangled tokens", 6_000, random -> mangled(random, valid), token -> {
            try {
                verifier.verify(token);
                assertThat(token).as("only the token as signed is accepted").isEqualTo(valid);
            } catch (AuthenticationException refused) {
                assertThat(refused.isUnavailable()).as("unavailable: " + refused.getMessage()).isFalse();
            }
        });
    }

    @Test
    void credentialHeadersAreReadOrRefused() {
        Fuzz.check("credential headers", 10_000, AuthorizerFuzzTest::credentialHeaders, headers -> {
            try {
                Credential credential = Credential.from(headers, Optional.of("x-api-key"));
                if (credential instanceof Credential.Bearer bearer) {
                    assertThat(bearer.token()).isNotBlank().isEqualTo(bearer.token().strip());
                }
            } catch (AuthenticationException refused) {
                assertThat(refused.getMessage()).isNotBlank();
            }
        });
    }

    @Test
    void mutatedAuthorizerEventsAreDecidedWithoutAnInternalFailure() {
        Fuzz.check("authorizer events", 1_500, AuthorizerFuzzTest::event, event -> {
            decision.set(null);
            try {
                handler.handle(event, "lambda-request-id");
            } catch (UnauthorizedException refused) {
                // REST API events are refused this way.
            }
            AuthorizerDecision decided = decision.get();
            assertThat(decided).as("decision").isNotNull();
            assertThat(decided.reason()).as("reason of " + decided).isNotEqualTo(AuthorizerDecision.INTERNAL);
        });
    }

    private static void verifies(Token token) throws Exception {
        JwtVerifier.Verified verified;
        try {
            verified = verifier.verifyWithExpiry(token.text());
        } catch (AuthenticationException refused) {
            assertThat(refused.isUnavailable()).as("unavailable: " + refused.getMessage()).isFalse();
            return;
        }
        Map<String, Object> claims = token.claims();
        assertThat(claims).as("claims of an accepted token").isNotNull();
        assertThat(claims.get("iss")).isEqualTo(issuer);
        assertThat(claims.get("sub")).isInstanceOf(String.class);
        assertThat(claims.get("scope")).satisfiesAnyOf(scope -> assertThat(scope).isNull(), scope -> assertThat(scope).isInstanceOf(String.class));
        assertThat(claims.get("token_use")).isNotEqualTo("id");
        Object aud = claims.get("aud");
        if (aud == null) {
            assertThat(claims.get("client_id")).isEqualTo(Tokens.AUDIENCE);
        } else {
            assertThat(aud instanceof List<?> list ? list : List.of(aud)).contains(Tokens.AUDIENCE);
        }
        assertThat(verified.expiresAt()).isAfter(Instant.now().minusSeconds(61));
        Caller caller = verified.caller();
        assertThat(caller.subject()).isNotBlank().isEqualTo(claims.get("sub"));
        assertThat(caller.consumer()).isNotBlank();
        assertThat(caller.scopes()).allSatisfy(scope -> assertThat(scope).isNotEmpty().doesNotContain(" ", "\t", "\n", "\r"));
    }

    /** A token and the claims it was signed with (null when its payload is not a JSON object). */
    private record Token(String text, Map<String, Object> claims) {
        @Override
        public String toString() {
            return text;
        }
    }

    private static Map<String, Object> header(String alg, String kid) {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("alg", alg);
        header.put("kid", kid);
        header.put("typ", "JWT");
        return header;
    }

    private static Map<String, Object> claims() {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", issuer);
        claims.put("sub", "user-1");
        claims.put("aud", Tokens.AUDIENCE);
        claims.put("exp", NOW.getEpochSecond() + 3600);
        claims.put("iat", NOW.getEpochSecond());
        claims.put("client_id", "web-app");
        claims.put("scope", "orders:read orders:write");
        return claims;
    }

    @SuppressWarnings("unchecked")
    private static Token token(Random random) {
        Map<String, Object> header = (Map<String, Object>) Gen.mutate(random, header(Gen.oneOf(random, "ES256", "ES256", "RS256", "PS256",
                "ES384", "HS256", "none"), Gen.oneOf(random, "ec-1", "ec-1", "rsa-1", "unknown")), 3 + random.nextInt(20));
        if (random.nextInt(10) == 0) {
            header.put(Gen.oneOf(random, "crit", "jku", "x5u", "jwk", "b64", "zip", "cty", "x5c"), Gen.anyValue(random, 0));
        }
        Map<String, Object> claims = claims();
        if (random.nextInt(4) == 0) {
            claims.remove("aud");
            claims.put("client_id", Gen.oneOf(random, Tokens.AUDIENCE, "web-app"));
        }
        for (int i = random.nextInt(3); i > 0; i--) {
            claims.put(Gen.oneOf(random, "scp", "azp", "token_use", "nbf", "scope", "sub", "aud", "exp"), switch (random.nextInt(4)) {
                case 0 -> Gen.number(random);
                case 1 -> java.util.Arrays.asList(Gen.oneOf(random, Tokens.AUDIENCE, "a b", "", " "), Gen.anyValue(random, 1));
                default -> Gen.oneOf(random, "id", "access", Tokens.AUDIENCE, "", " ", "orders:read", "a\tb", "\u00a0", Gen.string(random));
            });
        }
        Object mutated = Gen.mutate(random, claims, 4 + random.nextInt(40));
        String payload;
        try {
            payload = random.nextInt(20) == 0 ? Gen.string(random) : JSON.std.asString(mutated);
        } catch (Exception e) {
            payload = String.valueOf(mutated);
        }
        String text = sign(header, payload);
        Map<String, Object> readBack;
        try {
            readBack = JSON.std.mapFrom(payload.getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            readBack = null;
        }
        return new Token(text, readBack);
    }

    private static String sign(Map<String, Object> header, Object claims) {
        try {
            String payload = claims instanceof String text ? text : JSON.std.asString(claims);
            String signingInput = Base64URL.encode(JSON.std.asString(header)) + "." + Base64URL.encode(payload.getBytes(StandardCharsets.UTF_8));
            byte[] input = signingInput.getBytes(StandardCharsets.US_ASCII);
            Base64URL signature = "RS256".equals(header.get("alg"))
                    ? rsa.sign(new JWSHeader(JWSAlgorithm.RS256), input)
                    : ec.sign(new JWSHeader(JWSAlgorithm.ES256), input);
            return signingInput + "." + signature;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String mangled(Random random, String token) {
        StringBuilder out = new StringBuilder(token);
        for (int i = 1 + random.nextInt(3); i > 0; i--) {
            if (out.isEmpty()) {
                out.append(Gen.piece(random));
                continue;
            }
            int at = random.nextInt(out.length());
            switch (random.nextInt(6)) {
                case 0 -> out.setCharAt(at, (char) ('A' + random.nextInt(58)));
                case 1 -> out.insert(at, Gen.oneOf(random, ".", "=", "+", "/", " ", "\n", "..", "-", "_", "%3D", "\u0000"));
                case 2 -> out.setLength(at);
                case 3 -> out.deleteCharAt(at);
                case 4 -> out.insert(at, Gen.piece(random));
                default -> out.setCharAt(out.length() - 1, (char) (out.charAt(out.length() - 1) ^ 1 << random.nextInt(3)));
            }
        }
        return out.toString();
    }

    private static Headers credentialHeaders(Random random) {
        Headers.Builder headers = Headers.builder();
        for (int i = random.nextInt(3); i > 0; i--) {
            String name = Gen.oneOf(random, "Authorization", "authorization", "x-api-key", "X-API-KEY", "Cookie");
            String value = switch (random.nextInt(4)) {
                case 0 -> Gen.oneOf(random, "Bearer ", "bearer", "Basic ", "BEARER  ", "Bearer\t", "Token ") + Gen.string(random);
                case 1 -> Gen.mangle(random, "Bearer " + KEY);
                case 2 -> Gen.mangle(random, KEY);
                default -> Gen.string(random);
            };
            try {
                headers.add(name, value);
            } catch (IllegalArgumentException refusedByHeaders) {
                // A value the adapters would have refused as malformed: not a credential case.
            }
        }
        return headers.build();
    }

    @SuppressWarnings("unchecked")
    private static byte[] event(Random random) {
        Map<String, Object> event = (Map<String, Object>) Gen.copy(Gen.oneOf(random, events));
        Map<String, Object> headers = new LinkedHashMap<>((Map<String, Object>) event.getOrDefault("headers", Map.of()));
        String name = Gen.oneOf(random, "Authorization", "authorization", "x-api-key");
        String value = switch (random.nextInt(5)) {
            case 0 -> "Bearer " + sign(header("ES256", "ec-1"), claims());
            case 1 -> KEY;
            case 2 -> "Bearer " + token(random).text();
            case 3 -> Gen.mangle(random, KEY);
            default -> Gen.string(random);
        };
        headers.put(name, value);
        event.put("headers", headers);
        if (event.get("multiValueHeaders") instanceof Map<?, ?> multi) {
            Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) multi);
            copy.put(name, random.nextInt(10) == 0 ? List.of(value, value) : List.of(value));
            event.put("multiValueHeaders", copy);
        }
        Object mutated = random.nextBoolean() ? event : Gen.mutate(random, event, 5 + random.nextInt(30));
        try {
            return JSON.std.asBytes(mutated);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Keys in memory, as the local gateway's file store keeps them: enough to reach the lookup. */
    private record InMemoryKeys(Map<String, Consumer> byHash) implements ApiKeyStore {
        @Override
        public Optional<Consumer> find(String keyHash) {
            return Optional.ofNullable(byHash.get(keyHash));
        }

        @Override
        public Optional<Consumer> consumer(String id) {
            return byHash.values().stream().filter(consumer -> consumer.id().equals(id)).findFirst();
        }

        @Override
        public void save(String keyHash, Consumer consumer) {
            throw new UnsupportedOperationException("read only");
        }

        @Override
        public String describe() {
            return "keys in memory";
        }
    }
}
