package dev.lambassador.bench;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A token issuer on a loopback port, as the authorizer meets one: an RSA 2048 and an EC P-256 key
 * pair made at start, their public halves served as a JWKS at the issuer's default path
 * ({@code ISSUER/.well-known/jwks.json}), and access tokens signed with them. It counts the JWKS
 * requests and notes when each arrived, on this JVM's {@link System#nanoTime()}, so a benchmark can
 * show that cached keys mean no network call per request.
 */
public final class TokenIssuer implements AutoCloseable {

    public static final String AUDIENCE = "orders-api";
    public static final String SUBJECT = "user-1";

    private final HttpServer server;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "jwks");
        thread.setDaemon(true);
        return thread;
    });
    private final RSAKey rsa;
    private final ECKey ec;
    private final byte[] jwks;
    private final List<Long> requests = new ArrayList<>();

    private TokenIssuer(HttpServer server, RSAKey rsa, ECKey ec) {
        this.server = server;
        this.rsa = rsa;
        this.ec = ec;
        this.jwks = new JWKSet(List.of(rsa, ec)).toPublicJWKSet().toString().getBytes(StandardCharsets.UTF_8);
        server.setExecutor(executor);
        server.createContext("/bench-idp/.well-known/jwks.json", this::serve);
        server.start();
    }

    public static TokenIssuer start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
            return new TokenIssuer(server, new RSAKeyGenerator(2048).keyID("rsa-1").generate(),
                    new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot make the issuer's keys", e);
        }
    }

    /** The issuer, as tokens name it in {@code iss} and JWT_ISSUERS names it; its keys are at the default path. */
    public String issuer() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/bench-idp";
    }

    public URI jwksUrl() {
        return URI.create(issuer() + "/.well-known/jwks.json");
    }

    /** How many times the JWKS was asked for. */
    public synchronized int jwksRequests() {
        return requests.size();
    }

    /** When each JWKS request arrived, on this JVM's nanoTime. */
    public synchronized List<Long> jwksRequestNanos() {
        return List.copyOf(requests);
    }

    /** An access token signed RS256, for {@link #SUBJECT} and {@link #AUDIENCE}, valid for {@code ttl}. */
    public String rs256(String tokenId, Duration ttl) {
        return sign(rsa, JWSAlgorithm.RS256, tokenId, ttl);
    }

    /** The same, signed ES256 (P-256). */
    public String es256(String tokenId, Duration ttl) {
        return sign(ec, JWSAlgorithm.ES256, tokenId, ttl);
    }

    /** Claims as an OAuth issuer sends them; {@code tokenId} makes two tokens distinct. */
    private String sign(JWK key, JWSAlgorithm algorithm, String tokenId, Duration ttl) {
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(issuer())
                .subject(SUBJECT)
                .audience(AUDIENCE)
                .jwtID(tokenId)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(ttl)))
                .claim("client_id", "web-app")
                .claim("scope", "orders:read orders:write")
                .build();
        try {
            JWSSigner signer = key instanceof ECKey ecKey ? new ECDSASigner(ecKey) : new RSASSASigner((RSAKey) key);
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(algorithm).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(), claims);
            jwt.sign(signer);
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a token", e);
        }
    }

    private void serve(HttpExchange exchange) throws IOException {
        long arrived = System.nanoTime();
        try (exchange) {
            synchronized (this) {
                requests.add(arrived);
            }
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, jwks.length);
            exchange.getResponseBody().write(jwks);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
