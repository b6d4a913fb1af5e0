package org.frontline.supplies.cover;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

import org.frontline.supplies.Stock;
import org.junit.jupiter.api.Test;

/** The formulas of README "Formulas" on cases computed by hand (plain JUnit, no Quarkus). */
class CoverFormulaTests {

    static final LocalDate D0 = LocalDate.of(2026, 3, 1);

    static LocalDate d(int n) {
        return D0.plusDays(n);
    }

    static ConsumptionRate.Day day(int n, long issued, long closing, long low) {
        return new ConsumptionRate.Day(d(n), issued, closing, low);
    }

    /** D0 receipt (opened at 0), D1 −10, D2 −20, D3 nothing, D4 −70 (to 0), D5 nothing, D6 +50 (opened at 0), D7 −5. */
    static final List<ConsumptionRate.Day> HISTORY = List.of(day(0, 0, 100, 0), day(1, 10, 90, 90), day(2, 20, 70, 70),
            day(4, 70, 0, 0), day(6, 0, 50, 0), day(7, 5, 45, 45));

    @Test
    void rateSkipsStockOutDaysAndDaysBeforeTheFirstPosting() {
        // window 14 from D8: Feb 22 … Mar 8 − 1; Feb 22–28 are before the first posting (skipped);
        // stock-out days skipped: D0 (low 0, it opened empty), D4 (ran out), D5 (no postings after closing 0), D6 (opened at 0)
        // counted: D1 10, D2 20, D3 0 (no postings, balance 70), D7 5 → 35 / 4 = 8.750
        assertThat(ConsumptionRate.of(HISTORY, null, D0, d(8), 14)).isEqualByComparingTo("8.750");
    }

    @Test
    void rateWindowStartsWithTheClosingBeforeIt() {
        // window 3 from D8: D5, D6, D7; the last closing before the window is D4's 0, so D5 is a stock-out day,
        // D6 opened at 0 (low 0): skipped; D7: 5 issued → 5 / 1 = 5.000
        List<ConsumptionRate.Day> inWindow = HISTORY.stream().filter(x -> !x.date().isBefore(d(5))).toList();
        assertThat(ConsumptionRate.of(inWindow, 0L, D0, d(8), 3)).isEqualByComparingTo("5.000");
        // days without postings after a positive closing are ordinary days of 0 issued:
        // D1 10 issued (closing 90); D2, D3, D4 nothing; window 4 from D5 → (10 + 0 + 0 + 0) / 4 = 2.500
        assertThat(ConsumptionRate.of(List.of(day(1, 10, 90, 90)), null, d(1), d(5), 4)).isEqualByComparingTo("2.500");
    }

    @Test
    void rateIsZeroWithoutHistoryOrWhenEveryDayWasAStockOut() {
        assertThat(ConsumptionRate.of(List.of(), null, null, d(8), 14)).isEqualByComparingTo("0");
        // D4 ran out, D5 empty: both skipped, nothing counted
        assertThat(ConsumptionRate.of(List.of(day(4, 70, 0, 0)), 70L, d(0), d(6), 2)).isEqualByComparingTo("0");
    }

    static Cover cover(long onHand, long inTransit, String rate, String forecast, String min, String max, String emergency) {
        return new Cover(onHand, inTransit, new BigDecimal(rate), new BigDecimal(forecast),
                new Cover.Levels(new BigDecimal(min), new BigDecimal(max), new BigDecimal(emergency)));
    }

    @Test
    void exactlyAtALevelIsNotBelowIt() {
        // rate 10, min 7 days: 70 on hand = exactly 7 days → OK; 69 → 6.9 days → BELOW_MIN
        assertThat(cover(70, 0, "10", "0", "7", "30", "3").level()).isEqualTo(Stock.Level.OK);
        assertThat(cover(69, 0, "10", "0", "7", "30", "3").level()).isEqualTo(Stock.Level.BELOW_MIN);
        // emergency 3 days: 30 = exactly 3 days → BELOW_MIN, not EMERGENCY; 29 → EMERGENCY
        assertThat(cover(30, 0, "10", "0", "7", "30", "3").level()).isEqualTo(Stock.Level.BELOW_MIN);
        assertThat(cover(29, 0, "10", "0", "7", "30", "3").level()).isEqualTo(Stock.Level.EMERGENCY);
        // nothing on hand is a stock-out, also when nothing is being used
        assertThat(cover(0, 50, "0", "0", "7", "30", "3").level()).isEqualTo(Stock.Level.STOCK_OUT);
    }

    @Test
    void daysOfCoverUseTheLargerOfRateAndForecastRoundedDown() {
        // rate 8.75, no forecast: 45 / 8.75 = 5.142… → 5.1
        Cover c = cover(45, 30, "8.75", "0", "7", "20", "3");
        assertThat(c.daysOfCover()).isEqualByComparingTo("5.1");
        assertThat(c.forecastDaysOfCover()).isNull();
        // 45 < 7 × 8.75 = 61.25 → BELOW_MIN; 45 ≥ 3 × 8.75 = 26.25 → not EMERGENCY
        assertThat(c.level()).isEqualTo(Stock.Level.BELOW_MIN);
        // reorder = ⌈20 × 8.75⌉ − 45 − 30 = 175 − 75 = 100
        assertThat(c.reorder()).isEqualTo(100);

        // rate 2, forecast 5: cover rate 5 → 40 / 5 = 8.0 days; at the rate alone 20.0; at the forecast 8.0
        Cover f = cover(40, 0, "2", "5", "7", "30", "3");
        assertThat(f.daysOfCover()).isEqualByComparingTo("8.0");
        assertThat(f.historicalDaysOfCover()).isEqualByComparingTo("20.0");
        assertThat(f.forecastDaysOfCover()).isEqualByComparingTo("8.0");
        // reorder = ⌈30 × 5⌉ − 40 = 110
        assertThat(f.reorder()).isEqualTo(110);
        // 20 / 3 = 6.66… → 6.6 (rounded down: never more cover than there is)
        assertThat(cover(20, 0, "3", "0", "7", "30", "3").daysOfCover()).isEqualByComparingTo("6.6");
    }

    @Test
    void nothingUsedMeansNoDaysOfCoverAndNoReorderAndAFullStockNeedsNone() {
        Cover idle = cover(10, 0, "0", "0", "7", "30", "3");
        assertThat(idle.daysOfCover()).isNull();
        assertThat(idle.level()).isEqualTo(Stock.Level.OK);
        assertThat(idle.reorder()).isZero();
        // ⌈30 × 8.75⌉ = 263 < 500 on hand → 0, never negative; ⌈30 × 8.75⌉ − 45 − 30 = 263 − 75 = 188
        assertThat(cover(500, 0, "8.75", "0", "7", "30", "3").reorder()).isZero();
        assertThat(cover(45, 30, "8.75", "0", "7", "30", "3").reorder()).isEqualTo(188);
    }
}
