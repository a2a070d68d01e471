package dev.lambassador.authorizer;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Instant;
import java.util.Date;

/** Real key pairs, made once per test run, and tokens signed with them. */
final class Tokens {

    static final String AUDIENCE = "orders-api";
    /** An Amazon Cognito app client id: what its access tokens carry as client_id and its ID tokens as aud. */
    static final String COGNITO_CLIENT = "3b2ec4o0ple5lu1bl6d71jmvdf";

    static final RSAKey RSA = rsa("rsa-1");
    static final RSAKey OTHER_RSA = rsa("rsa-2");
    static final ECKey EC = ec(Curve.P_256, "ec-1");
    static final ECKey EC_384 = ec(Curve.P_384, "ec-384");
    /** The key of a second issuer. */
    static final RSAKey ISSUER_B = rsa("b-1");

    private Tokens() {
    }

    /** A token the verifier should accept, valid for five minutes from {@code now}. */
    static JWTClaimsSet.Builder claims(String issuer, Instant now) {
        return new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject("user-1")
                .audience(AUDIENCE)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(300)))
                .claim("client_id", "web-app")
                .claim("scope", "orders:read orders:write");
    }

    /**
     * The claims of an Amazon Cognito access token for the app client {@code clientId}: {@code client_id}
     * and {@code token_use: access}, and no {@code aud}.
     */
    static JWTClaimsSet.Builder cognitoAccessToken(String issuer, String clientId, Instant now) {
        return new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject("4a1e7f3c-90b1-7027-5e2d-8f0c6a9d3b21")
                .claim("client_id", clientId)
                .claim("token_use", "access")
                .claim("scope", "orders/read")
                .claim("auth_time", now.getEpochSecond())
                .claim("username", "alice")
                .jwtID("5d2b8a6e-1c4f-4e9a-b7d3-0f6e2a9c8b14")
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(3600)));
    }

    /**
     * The claims of an Amazon Cognito ID token for the app client {@code clientId}: {@code aud} is the
     * client, {@code token_use} is {@code id}, and there is no {@code client_id} and no scope.
     */
    static JWTClaimsSet.Builder cognitoIdToken(String issuer, String clientId, Instant now) {
        return new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject("4a1e7f3c-90b1-7027-5e2d-8f0c6a9d3b21")
                .audience(clientId)
                .claim("token_use", "id")
                .claim("auth_time", now.getEpochSecond())
                .claim("cognito:username", "alice")
                .claim("email", "alice@example.com")
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(3600)));
    }

    static String sign(JWK key, JWTClaimsSet claims) {
        JWSAlgorithm algorithm = key instanceof ECKey ec
                ? (ec.getCurve() == Curve.P_384 ? JWSAlgorithm.ES384 : JWSAlgorithm.ES256)
                : JWSAlgorithm.RS256;
        return sign(key, algorithm, claims);
    }

    static String sign(JWK key, JWSAlgorithm algorithm, JWTClaimsSet claims) {
        return sign(key, algorithm, JOSEObjectType.JWT, claims);
    }

    /** @param type the header's {@code typ}, or null for none (as Amazon Cognito signs) */
    static String sign(JWK key, JWSAlgorithm algorithm, JOSEObjectType type, JWTClaimsSet claims) {
        try {
            JWSSigner signer = key instanceof ECKey ec ? new ECDSASigner(ec) : new RSASSASigner((RSAKey) key);
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(algorithm).keyID(key.getKeyID()).type(type).build(), claims);
            jwt.sign(signer);
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An HMAC-signed token whose secret is {@code secret}, claiming to be from the key {@code kid}. */
    static String hmac(byte[] secret, String kid, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(kid).type(JOSEObjectType.JWT).build(), claims);
            jwt.sign(new MACSigner(secret));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static RSAKey rsa(String kid) {
        try {
            return new RSAKeyGenerator(2048).keyID(kid).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ECKey ec(Curve curve, String kid) {
        try {
            return new ECKeyGenerator(curve).keyID(kid).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
