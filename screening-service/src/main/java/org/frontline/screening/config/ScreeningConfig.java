package org.frontline.screening.config;

import java.math.BigDecimal;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The screening rules a city may tune ({@code screening.*}). */
@ConfigMapping(prefix = "screening")
public interface ScreeningConfig {

    /** A temperature at or above this is a fever (°C). */
    @WithDefault("37.3")
    BigDecimal feverThresholdCelsius();
}
