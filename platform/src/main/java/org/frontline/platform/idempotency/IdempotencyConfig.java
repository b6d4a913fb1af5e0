package org.frontline.platform.idempotency;

import java.time.Duration;
import java.util.Optional;

import jakarta.inject.Singleton;

import io.quarkus.runtime.Startup;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code frontline.idempotency.*}: how long a key is remembered. */
@ConfigMapping(prefix = "frontline.idempotency")
public interface IdempotencyConfig {

    /**
     * A key older than this is forgotten; a retry after that is a new request (stored twice). It must exceed
     * {@link #retryWindow()}: a phone may sync a week's queue late, and its retries must still be recognised.
     */
    @WithDefault("P30D")
    Duration retention();

    /**
     * The longest a client may still retry a write: a service that accepts late-synced writes sets it to its
     * late-sync window (screening-service: {@code ${screening.late-sync-window}}). A retention not longer than
     * this refuses to start.
     */
    Optional<Duration> retryWindow();

    /** How often the expired keys are pruned (once across replicas). */
    @WithDefault("1h")
    Duration pruneInterval();

    /** Refuses to start with a retention that would forget keys while their writes may still be retried. */
    @Startup
    @Singleton
    class Check {
        Check(IdempotencyConfig config) {
            check(config.retention(), config.retryWindow());
        }

        static void check(Duration retention, Optional<Duration> retryWindow) {
            if (retryWindow.isPresent() && retention.compareTo(retryWindow.get()) <= 0) {
                throw new IllegalStateException("frontline.idempotency.retention (" + retention
                        + ") must be longer than frontline.idempotency.retry-window (" + retryWindow.get()
                        + "): keys would be forgotten while phones may still retry their writes, which would then be stored twice");
            }
        }
    }
}
