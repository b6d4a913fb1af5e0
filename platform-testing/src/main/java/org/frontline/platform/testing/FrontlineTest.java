package org.frontline.platform.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

/**
 * Put next to {@code @QuarkusTest}: the app runs against a real PostgreSQL (its own database), a real
 * Kafka broker with the design's topics, and a test OIDC server whose tokens {@link TestTokens} signs.
 */
@QuarkusTestResource(value = RealInfrastructure.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = OidcWiremockTestResource.class, restrictToAnnotatedClass = true)
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface FrontlineTest {
}
