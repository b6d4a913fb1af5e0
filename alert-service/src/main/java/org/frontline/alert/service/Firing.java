package org.frontline.alert.service;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.UUID;

import org.frontline.alert.Alert;
import org.frontline.alert.Detector;
import org.frontline.alert.signal.Signal;

/** One detector's alarm on one community's day: what {@link AlertService#fire} turns into an alert or an update. */
public record Firing(UUID detectorId, int detectorVersion, String detectorName, Detector.Method method,
        Alert.Level level, Signal signal, String community, LocalDate day, BigDecimal observed, BigDecimal threshold) {

    public static Firing of(Detector d, String community, LocalDate day, Double observed, Double threshold) {
        return new Firing(d.id, d.version, d.name, d.method, d.level, d.signal, community, day,
                observed == null ? null : BigDecimal.valueOf(observed).setScale(2, RoundingMode.HALF_UP),
                threshold == null || !Double.isFinite(threshold) ? null
                        : BigDecimal.valueOf(threshold).setScale(4, RoundingMode.HALF_UP));
    }
}
