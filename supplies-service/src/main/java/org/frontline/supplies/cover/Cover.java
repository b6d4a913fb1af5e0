package org.frontline.supplies.cover;

import java.math.BigDecimal;
import java.math.RoundingMode;

import org.frontline.supplies.Stock;

/**
 * Days of cover, levels and the reorder suggestion of one stock, from its numbers. Pure code, the one statement
 * of these formulas (the README repeats them):
 *
 * <pre>
 * coverRate         = max(rate, forecastRate)                       units a day
 * daysOfCover       = onHand ÷ coverRate   (null when coverRate = 0: nothing is being used)
 * level             = STOCK_OUT  if onHand = 0
 *                     EMERGENCY  if onHand &lt; emergencyDays × coverRate
 *                     BELOW_MIN  if onHand &lt; minDays × coverRate
 *                     OK         otherwise (also when coverRate = 0)
 * reorder           = max(0, ⌈maxDays × coverRate⌉ − onHand − inTransit)
 * </pre>
 *
 * Levels compare {@code onHand} with {@code days × coverRate}, not the rounded {@code daysOfCover}: a stock exactly
 * at its minimum is not below it.
 */
public record Cover(long onHand, long inTransit, BigDecimal rate, BigDecimal forecastRate, Levels levels) {

    /** Levels in days of cover. */
    public record Levels(BigDecimal minDays, BigDecimal maxDays, BigDecimal emergencyDays) {
    }

    public BigDecimal coverRate() {
        return rate.max(forecastRate);
    }

    /** Days the stock on hand lasts at the cover rate, 1 decimal; null when nothing is being used. */
    public BigDecimal daysOfCover() {
        return days(coverRate());
    }

    /** Days of cover at the historical rate alone. */
    public BigDecimal historicalDaysOfCover() {
        return days(rate);
    }

    /** Days of cover at the forecast rate alone. */
    public BigDecimal forecastDaysOfCover() {
        return days(forecastRate);
    }

    private BigDecimal days(BigDecimal perDay) {
        if (perDay.signum() <= 0) {
            return null;
        }
        return BigDecimal.valueOf(onHand).divide(perDay, 1, RoundingMode.DOWN);
    }

    public Stock.Level level() {
        if (onHand == 0) {
            return Stock.Level.STOCK_OUT;
        }
        BigDecimal rateNow = coverRate();
        if (rateNow.signum() <= 0) {
            return Stock.Level.OK;
        }
        // compare onHand < days × rate rather than a rounded quotient, so a level is exact at its boundary
        BigDecimal onHandUnits = BigDecimal.valueOf(onHand);
        if (onHandUnits.compareTo(levels.emergencyDays().multiply(rateNow)) < 0) {
            return Stock.Level.EMERGENCY;
        }
        if (onHandUnits.compareTo(levels.minDays().multiply(rateNow)) < 0) {
            return Stock.Level.BELOW_MIN;
        }
        return Stock.Level.OK;
    }

    /** Units to order so that on hand plus what is on its way reaches the maximum level. */
    public long reorder() {
        long target = levels.maxDays().multiply(coverRate()).setScale(0, RoundingMode.CEILING).longValueExact();
        return Math.max(0, target - onHand - inTransit);
    }
}
