package org.frontline.platform.db;

import jakarta.inject.Singleton;

import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.frontline.platform.config.FrontlineConfig;

import io.quarkus.flyway.FlywayConfigurationCustomizer;

/**
 * How long a starting replica waits for another replica's migration. Every replica runs Flyway at startup
 * ({@code quarkus.flyway.migrate-at-start}); Flyway serialises them with a PostgreSQL advisory lock and retries
 * taking it once a second, {@code lockRetryCount} times (Flyway's default 50, i.e. under a minute). A replica that
 * waits longer fails with "Number of retries exceeded while attempting to acquire PostgreSQL advisory lock" and the
 * service exits; in Kubernetes that is a crash loop during exactly the rollout that carries a long migration. The
 * platform sets it from {@code frontline.flyway.lock-retry-count} (META-INF/microprofile-config.properties: 300,
 * about five minutes, within the six the Deployments' startup probes allow; docs/deploy.md "Migrations").
 */
@Singleton
public class FlywayLockWait implements FlywayConfigurationCustomizer {

    private final int lockRetryCount;

    FlywayLockWait(FrontlineConfig config) {
        this.lockRetryCount = config.flyway().lockRetryCount();
    }

    @Override
    public void customize(FluentConfiguration configuration) {
        configuration.lockRetryCount(lockRetryCount);
    }
}
