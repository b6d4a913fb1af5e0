package org.frontline.supplies.cover;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The daily consumption rate of one item at one site: the moving average of what was issued over the
 * {@code window} complete city days before {@code today}, skipping stock-out days (demand could not be met, so
 * they would pull the average down) and days before the first posting (no history yet).
 *
 * <pre>
 * D    = { d : today − window ≤ d ≤ today − 1, d ≥ firstDay, d not a stock-out day }
 * rate = Σ_{d∈D} issued(d) / |D|        (0 when D is empty)
 * </pre>
 *
 * A stock-out day is one whose lowest balance was 0: a day with postings whose {@code low} is 0, or a day without
 * postings after a day that closed at 0. Pure code, no database.
 */
public final class ConsumptionRate {

    /** One city day with postings: issued units, closing and lowest balance. */
    public record Day(LocalDate date, long issued, long closing, long low) {
    }

    private ConsumptionRate() {
    }

    /**
     * @param days          the days with postings from {@code today − window} to {@code today − 1}
     * @param closingBefore the closing balance of the last day with postings before the window (null if none)
     * @param firstDay      the first day anything was posted (null: nothing yet)
     */
    public static BigDecimal of(List<Day> days, Long closingBefore, LocalDate firstDay, LocalDate today, int window) {
        if (firstDay == null || window <= 0) {
            return BigDecimal.ZERO;
        }
        Map<LocalDate, Day> byDate = new HashMap<>();
        for (Day day : days) {
            byDate.put(day.date(), day);
        }
        long balance = closingBefore == null ? 0 : closingBefore;
        long issued = 0;
        int counted = 0;
        for (LocalDate d = today.minusDays(window); d.isBefore(today); d = d.plusDays(1)) {
            Day day = byDate.get(d);
            if (d.isBefore(firstDay)) {
                continue;
            }
            boolean stockOut;
            if (day != null) {
                stockOut = day.low() == 0;
                balance = day.closing();
            } else {
                stockOut = balance == 0;
            }
            if (!stockOut) {
                issued += day == null ? 0 : day.issued();
                counted++;
            }
        }
        return counted == 0 ? BigDecimal.ZERO
                : BigDecimal.valueOf(issued).divide(BigDecimal.valueOf(counted), 3, RoundingMode.HALF_UP);
    }
}
