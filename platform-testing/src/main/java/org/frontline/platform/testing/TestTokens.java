package org.frontline.platform.testing;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import io.smallrye.jwt.build.Jwt;

/**
 * Signed access tokens for tests, verified by the services exactly as production tokens are (signature
 * against the JWKS of the test OIDC server started by {@code OidcWiremockTestResource}, issuer, expiry).
 *
 * <pre>{@code
 * given().auth().oauth2(TestTokens.token("wang", "community-worker", "310104012003"))
 * }</pre>
 */
public final class TestTokens {

    public static final String ISSUER = "https://server.example.com";
    /** The audience every service requires ({@code quarkus.oidc.token.audience}, platform config). */
    public static final String AUDIENCE = "frontline-api";

    private TestTokens() {
    }

    /** A token for {@code user} with one realm role and the given area-scope prefixes. */
    public static String token(String user, String role, String... areas) {
        return token(user, Set.of(role), Arrays.asList(areas));
    }

    public static String token(String user, Set<String> roles, List<String> areas) {
        return tokenFor(AUDIENCE, user, roles, areas);
    }

    /**
     * A correctly signed token of the same issuer but for another audience, as the realm issues to its other
     * clients: every service must refuse it (401).
     */
    public static String tokenForAudience(String audience, String user, String role, String... areas) {
        return tokenFor(audience, user, Set.of(role), Arrays.asList(areas));
    }

    private static String tokenFor(String audience, String user, Set<String> roles, List<String> areas) {
        var claims = Jwt.preferredUserName(user)
                .subject(subject(user))
                .issuer(ISSUER)
                .audience(audience)
                .groups(roles);
        if (!areas.isEmpty()) {
            claims.claim("area", areas.size() == 1 ? areas.get(0) : areas);
        }
        return claims.jws().keyId("1").sign("privateKey.jwk");
    }

    /**
     * The {@code sub} of {@code user}'s tokens: like Keycloak's, a UUID that is not the login name
     * ({@code preferred_username}), so a service that mixes the two up is noticed in its tests. Name-based, so
     * the same user has the same subject in every test and run.
     */
    public static String subject(String user) {
        return UUID.nameUUIDFromBytes(("frontline-test-user:" + user).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /**
     * A token like {@link #token} that expired an hour ago (issued two hours ago): every service must refuse it
     * (401).
     */
    public static String expiredToken(String user, String role, String... areas) {
        long now = System.currentTimeMillis() / 1000;
        var claims = Jwt.preferredUserName(user).subject(subject(user)).issuer(ISSUER).audience(AUDIENCE)
                .groups(Set.of(role)).issuedAt(now - 7200).expiresAt(now - 3600);
        if (areas.length > 0) {
            claims.claim("area", areas.length == 1 ? areas[0] : Arrays.asList(areas));
        }
        return claims.jws().keyId("1").sign("privateKey.jwk");
    }

    /**
     * A token like {@link #token}, with the same key id, but signed by a key the test OIDC server does not publish
     * (a forger's): every service must refuse it (401).
     */
    public static String tokenSignedByAnotherKey(String user, String role, String... areas) {
        var claims = Jwt.preferredUserName(user).subject(subject(user)).issuer(ISSUER).audience(AUDIENCE)
                .groups(Set.of(role));
        if (areas.length > 0) {
            claims.claim("area", areas.length == 1 ? areas[0] : Arrays.asList(areas));
        }
        return claims.jws().keyId("1").sign(ForeignKey.PRIVATE);
    }

    private static final class ForeignKey {
        static final java.security.PrivateKey PRIVATE;

        static {
            try {
                var generator = java.security.KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                PRIVATE = generator.generateKeyPair().getPrivate();
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new ExceptionInInitializerError(e);
            }
        }
    }

    /** A token with no {@code area} claim at all: such a user sees nothing. */
    public static String tokenWithoutArea(String user, String role) {
        return token(user, Set.of(role), List.of());
    }
}
