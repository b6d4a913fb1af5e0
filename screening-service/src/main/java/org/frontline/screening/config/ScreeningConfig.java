package org.frontline.screening.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The screening rules a city may tune ({@code screening.*}); see the service README. */
@ConfigMapping(prefix = "screening")
public interface ScreeningConfig {

    /** A temperature at or above this is a fever (°C). */
    @WithDefault("37.3")
    BigDecimal feverThresholdCelsius();

    /** A temperature at or above this sends the resident to a fever clinic (REFERRED). */
    @WithDefault("38.5")
    BigDecimal referralThresholdCelsius();

    /**
     * Key of the HMAC that turns national ID numbers into the hash kept for duplicate detection
     * ({@code SCREENING_ID_NUMBER_HASH_KEY}). No default outside the dev and test profiles: a service started
     * without it refuses to start. To rotate, give the new key a new {@link #idNumberHashKeyId()} and keep the
     * old one as {@code screening.id-number-hash.retired."<old id>"=<old secret>}.
     */
    String idNumberHashKey();

    /** Id of {@link #idNumberHashKey()}, stored beside every hash it makes ({@code SCREENING_ID_NUMBER_HASH_KEY_ID}). */
    @WithDefault("k1")
    String idNumberHashKeyId();

    /**
     * How late a check-in, a visit or a test result recorded offline may arrive: beyond it the time is
     * implausible (400).
     */
    @WithDefault("7d")
    Duration lateSyncWindow();

    Quarantine quarantine();

    Worklist worklist();

    /** The field app's day of work for one community (GET /worklist). */
    interface Worklist {
        /**
         * At most this many households (with their residents) in one answer, ordered by grid, building, unit, room,
         * id; a community with more is answered with the first ones and {@code truncated: true}.
         */
        @WithDefault("5000")
        int maxHouseholds();
    }

    IdNumberHash idNumberHash();

    /** Keys retired by a rotation: {@code screening.id-number-hash.retired."<id>"=<secret>}; their hashes still match. */
    interface IdNumberHash {
        Map<String, String> retired();
    }

    /** Policy defaults: how long each kind of period lasts when no end date is given. */
    interface Quarantine {
        @WithDefault("7")
        int homeDays();

        @WithDefault("7")
        int centralisedDays();

        @WithDefault("3")
        int healthMonitoringDays();

        /** How often the missed check-in scan runs (every replica's scheduler fires; one runs it: ClusterJob). */
        @WithDefault("10m")
        Duration scanInterval();

        /** How long after start the scan first runs. */
        @WithDefault("30s")
        Duration scanDelay();
    }
}
