package org.frontline.platform.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings shared by every Frontline service ({@code frontline.*}). */
@ConfigMapping(prefix = "frontline")
public interface FrontlineConfig {

    /**
     * Short service name used in event types and sources: {@code frontline.<service>.<Event>.v<N>} and
     * {@code /<service>}.
     */
    String service();

    Outbox outbox();

    Inbox inbox();

    Flyway flyway();

    /** Migrations at startup (db.FlywayLockWait). */
    interface Flyway {
        /** How many times, once a second, a starting replica tries to take the migration lock (see FlywayLockWait). */
        int lockRetryCount();
    }

    interface Outbox {
        /** Whether this instance runs the relay (a gateway-only instance may not need one). */
        @WithDefault("true")
        boolean relayEnabled();

        /**
         * How often the relay looks for pending rows it was not woken for (it is woken after every commit
         * that recorded events). The scheduler's finest step is one second.
         */
        @WithDefault("1s")
        Duration pollInterval();

        /** Rows claimed and published per relay transaction (one Kafka transaction each). */
        @WithDefault("2000")
        int batchSize();

        /** First wait after a failed publish; doubles up to {@link #maxBackoff()}. */
        @WithDefault("1s")
        Duration initialBackoff();

        @WithDefault("30s")
        Duration maxBackoff();

        /** Published rows older than this are deleted. */
        @WithDefault("P7D")
        Duration retention();

        /**
         * Times the broker may refuse a row (unknown topic, no permission, payload too large) before the relay
         * parks it: kept in the outbox with its reason, never claimed again. A row is parked only after this many
         * refusals <em>and</em> {@link #parkAfter()} since its first one, so a topic that is briefly unknown after
         * a broker restart or an ACL change parks nothing. Between attempts the row waits like a failed publish
         * ({@link #initialBackoff()}, doubling; all held rows of one topic wait for the same time).
         */
        @WithDefault("5")
        int maxAttempts();

        /** The least time between a row's first refusal and its parking (see {@link #maxAttempts()}). */
        @WithDefault("1h")
        Duration parkAfter();

        /**
         * How long the leader's lock session may sit idle before PostgreSQL ends it (its
         * {@code idle_session_timeout}), freeing the lock for another replica when the leader's node died
         * without closing its connection. The live leader checks its session at every poll, also while it backs
         * off, and between batches; so this must exceed {@link #maxBackoff()} and {@link #pollInterval()}, and
         * should exceed twice {@link #deliveryTimeout()} (the longest one batch can take).
         */
        @WithDefault("90s")
        Duration leaderSessionTimeout();

        /**
         * How often the leader counts pending and parked rows (gauges, readiness); a standby counts four times
         * less often. Counting is a scan of the outbox, which is large during a broker outage.
         */
        @WithDefault("15s")
        Duration countInterval();

        /** Time the relay waits for the broker to acknowledge a batch. */
        @WithDefault("30s")
        Duration deliveryTimeout();
    }

    interface Inbox {
        /** Processed event ids are remembered this long to skip redeliveries. */
        @WithDefault("P30D")
        Duration retention();

        /**
         * Wait after the first transient database failure (lost connection, serialization failure, deadlock,
         * shutdown); doubled after each further one up to {@link #retryMaxBackoff()}. There is no attempt
         * limit: the inbox retries until the database is back, and the channel waits meanwhile.
         */
        @WithDefault("200ms")
        Duration retryBackoff();

        /** The longest pause between two attempts while the database fails transiently. */
        @WithDefault("5s")
        Duration retryMaxBackoff();
    }
}
