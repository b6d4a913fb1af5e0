package org.frontline.gateway.rest;

import java.math.BigDecimal;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.frontline.gateway.picture.Metric;

/**
 * The figures of an area, one property per {@link Metric#key()} (numbers; lowestDaysOfCover and campaignCoverage
 * null when unknown). A record rather than a map so the OpenAPI document declares each figure; {@code OverviewTests}
 * checks the properties are exactly the metric keys.
 */
@Schema(description = "Every metric key with its figure; see gateway/README.md for each definition")
public record Figures(
        BigDecimal screened,
        BigDecimal fever,
        BigDecimal suspected,
        BigDecimal positives,
        BigDecimal inQuarantine,
        BigDecimal missedCheckIns,
        BigDecimal campaignTarget,
        BigDecimal campaignReached,
        @Schema(nullable = true) BigDecimal campaignCoverage,
        BigDecimal shiftSlotsRequired,
        BigDecimal shiftSlotsCovered,
        BigDecimal uncoveredHours,
        BigDecimal peopleOnDuty,
        BigDecimal volunteers,
        @Schema(nullable = true) BigDecimal lowestDaysOfCover,
        BigDecimal itemsAtStockOut,
        BigDecimal openAlertsBlue,
        BigDecimal openAlertsYellow,
        BigDecimal openAlertsOrange,
        BigDecimal openAlertsRed,
        BigDecimal openAlerts) {

    public static Figures of(Map<Metric, BigDecimal> f) {
        return new Figures(f.get(Metric.SCREENED), f.get(Metric.FEVER), f.get(Metric.SUSPECTED), f.get(Metric.POSITIVES), f.get(Metric.IN_QUARANTINE), f.get(Metric.MISSED_CHECK_INS), f.get(Metric.CAMPAIGN_TARGET), f.get(Metric.CAMPAIGN_REACHED), f.get(Metric.CAMPAIGN_COVERAGE), f.get(Metric.SHIFT_SLOTS_REQUIRED), f.get(Metric.SHIFT_SLOTS_COVERED), f.get(Metric.UNCOVERED_HOURS), f.get(Metric.PEOPLE_ON_DUTY), f.get(Metric.VOLUNTEERS), f.get(Metric.LOWEST_DAYS_OF_COVER), f.get(Metric.ITEMS_AT_STOCK_OUT), f.get(Metric.OPEN_ALERTS_BLUE), f.get(Metric.OPEN_ALERTS_YELLOW), f.get(Metric.OPEN_ALERTS_ORANGE), f.get(Metric.OPEN_ALERTS_RED), f.get(Metric.OPEN_ALERTS));
    }
}
