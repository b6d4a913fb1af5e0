package org.frontline.platform.config;

import jakarta.inject.Singleton;

import io.quarkus.runtime.Startup;
import io.smallrye.config.ConfigMapping;

/**
 * Secrets without which a service must not start. Quarkus treats its own optional properties (such as
 * {@code quarkus.datasource.password}) as absent when their {@code ${VARIABLE}} cannot be expanded, and would
 * then try the database without a password; a required property here makes the start fail first, naming
 * the variable ({@code SRCFG00011: Could not expand value FRONTLINE_DB_PASSWORD ...}). Outside the dev and test
 * profiles there are no defaults (platform {@code META-INF/microprofile-config.properties}).
 */
@ConfigMapping(prefix = "frontline.required")
public interface RequiredSecrets {

    /** = {@code quarkus.datasource.password}, i.e. {@code FRONTLINE_DB_PASSWORD}. */
    String databasePassword();

    /**
     * A mapping is registered (and so checked when the configuration is built, before Flyway or anything else
     * connects) only where it is injected.
     */
    @Startup
    @Singleton
    class Check {
        Check(RequiredSecrets secrets) {
        }
    }
}
