package org.frontline.screening.config;

import java.math.BigDecimal;

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
     * Key of the HMAC that turns national ID numbers into the hash kept for duplicate detection. Set it per
     * city from a secret; changing it makes earlier hashes unmatchable.
     */
    String idNumberHashKey();

    Quarantine quarantine();

    /** Policy defaults: how long each kind of period lasts when no end date is given. */
    interface Quarantine {
        @WithDefault("7")
        int homeDays();

        @WithDefault("7")
        int centralisedDays();

        @WithDefault("3")
        int healthMonitoringDays();
    }
}
