package org.frontline.alert.config;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * What a city may tune of detection, the alert lifecycle and escalation (README "Alerts"). Three mappings, one per
 * prefix, so each part of the service reads only its own block.
 */
public final class AlertsConfig {

    private AlertsConfig() {
    }

    /** {@code alert.detection.*}: the detection run (service/Detection). */
    @ConfigMapping(prefix = "alert.detection")
    public interface Detection {
        /** An alarm fires only on a day at most this many days back (1 = today only). */
        @WithDefault("3")
        int lookbackDays();

        /** City days of history (ending today) a statistical detector is evaluated over. */
        @WithDefault("56")
        int historyDays();

        /** Dirty series one detection page drains (one transaction). */
        @WithDefault("100")
        int pageSize();

        /** How often the safety-net sweep runs (once across replicas). */
        @WithDefault("10s")
        String sweep();

        /**
         * How long a claimed series is held for one replica's evaluation; a replica that stops mid-evaluation leaves
         * it to another after this (its mark stays until the evaluation succeeded).
         */
        @WithDefault("2m")
        Duration claimLease();

        /** Whether a SignalsChanged event starts a run at once (tests may switch it off and run by hand). */
        @WithDefault("true")
        boolean onChange();
    }

    /** {@code alert.lifecycle.*}. */
    @ConfigMapping(prefix = "alert.lifecycle")
    public interface Lifecycle {
        /** After an alert closes, a firing on the same area and signal opens no new alert for this long. */
        @WithDefault("24h")
        Duration cooldown();
    }

    /** {@code alert.escalation.*}: deadlines to acknowledge, per level; a level without one never escalates. */
    @ConfigMapping(prefix = "alert.escalation")
    public interface Escalation {
        /** How often the escalation job runs (once across replicas). */
        @WithDefault("30s")
        String every();

        /** Alerts one escalation round looks at (one transaction). */
        @WithDefault("100")
        int pageSize();

        Deadline deadline();

        interface Deadline {
            Optional<Duration> blue();

            @WithDefault("4h")
            Optional<Duration> yellow();

            @WithDefault("1h")
            Optional<Duration> orange();

            @WithDefault("15m")
            Optional<Duration> red();
        }
    }
}
