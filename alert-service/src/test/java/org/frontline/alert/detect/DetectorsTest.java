package org.frontline.alert.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The detectors against issue 11's definitions, with cases computed by hand (the arithmetic in the comments). Plain
 * JUnit: the package has no framework types.
 */
class DetectorsTest {

    static final double EPS = 1e-9;

    static Double[] series(Object... values) {
        Double[] y = new Double[values.length];
        for (int i = 0; i < values.length; i++) {
            y[i] = values[i] == null ? null : ((Number) values[i]).doubleValue();
        }
        return y;
    }

    static Double[] zeros(int n) {
        Double[] y = new Double[n];
        Arrays.fill(y, 0.0);
        return y;
    }

    static Parameters params(Integer baseline, Double alpha, Double z, Double minSigma, Double threshold) {
        return new Parameters(baseline, alpha, z, minSigma, threshold, null, null, null, null, null);
    }

    static Parameters cusum(Integer referenceDays, Double m, Boolean reset) {
        return new Parameters(null, null, null, null, null, null, null, referenceDays, m, reset);
    }

    static void assertAllNull(Evaluation e) {
        assertThat(e.statistic()).containsOnlyNulls();
        assertThat(e.upperbound()).containsOnlyNulls();
        assertThat(e.alarm()).containsOnlyNulls();
    }

    @Nested
    class NormalQuantile {

        @Test
        void knownValues() {
            // published values of Φ⁻¹ (e.g. R's qnorm): 0.999 → 3.090232306167813, 0.975 → 1.959963984540054
            assertThat(Normal.quantile(0.999)).isCloseTo(3.090232306167813, within(1e-14));
            assertThat(Normal.quantile(0.975)).isCloseTo(1.959963984540054, within(1e-14));
            assertThat(Normal.quantile(1e-10)).isCloseTo(-6.361340902404056, within(1e-12));
            assertThat(Normal.quantile(0.5)).isEqualTo(0.0);
            assertThat(Normal.quantile(0.001)).isCloseTo(-3.090232306167813, within(1e-14));
        }
    }

    @Test
    void firstEvaluableDaysAgreeWithThePublishedEarsC() {
        // R package surveillance, earsC documentation: "C1 all timepoints from the observation with index baseline + 1
        // can be monitored, C2 timepoints from index baseline + 3, C3 timepoints starting from the index baseline + 5"
        // (1-based) — 0-based B, B + 2, B + 4; with B = 7: days 7, 9, 11
        int[] first = {7, 9, 11};
        Method[] methods = {Method.EARS_C1, Method.EARS_C2, Method.EARS_C3};
        for (int i = 0; i < 3; i++) {
            Evaluation e = Detectors.evaluate(methods[i], zeros(20), Parameters.DEFAULTS);
            assertThat(Arrays.asList(e.upperbound()).indexOf(null)).isZero();
            assertThat(Arrays.asList(e.upperbound()).lastIndexOf(null)).as(methods[i].path()).isEqualTo(first[i] - 1);
            assertThat(Detectors.history(methods[i], null)).isEqualTo(first[i]);
        }
    }

    @Nested
    class EarsC1 {

        @Test
        void handComputedAlarm() {
            // window (t = 7) = 1..7: mean 28/7 = 4; squares 9+4+1+0+1+4+9 = 28, sd = √(28/6) = 2.160246899469287
            // z = Φ⁻¹(1 − 0.001) = 3.090232306167813; upper bound = 4 + 3.0902323·2.1602469 = 10.675664758038842
            // statistic = (12 − 4)/2.1602469 = 3.7032803990902057; 12 > 10.6757 → alarm
            Evaluation e = Detectors.evaluate(Method.EARS_C1, series(1, 2, 3, 4, 5, 6, 7, 12), Parameters.DEFAULTS);
            assertThat(Arrays.copyOf(e.upperbound(), 7)).containsOnlyNulls();
            assertThat(e.upperbound()[7]).isCloseTo(10.675664758038842, within(EPS));
            assertThat(e.statistic()[7]).isCloseTo(3.7032803990902057, within(EPS));
            assertThat(e.alarm()[7]).isTrue();
        }

        @Test
        void theAlarmIsStrict() {
            // z = 1, window 1..7: upper bound = 4 + 1·2.1602469 = 6.1602469; y = 6.1602469... exactly is no alarm
            Double[] y = series(1, 2, 3, 4, 5, 6, 7, 0);
            y[7] = 4 + Math.sqrt(28.0 / 6);
            Evaluation e = Detectors.evaluate(Method.EARS_C1, y, params(null, null, 1.0, null, null));
            assertThat(e.upperbound()[7]).isEqualTo(y[7]);
            assertThat(e.alarm()[7]).isFalse();
        }

        @Test
        void zWinsOverAlphaAndAlphaSetsZ() {
            Double[] y = series(1, 2, 3, 4, 5, 6, 7, 9);
            // z = 2 given beside alpha 0.5: 4 + 2·2.1602469 = 8.320493798938574
            assertThat(Detectors.evaluate(Method.EARS_C1, y, params(null, 0.5, 2.0, null, null)).upperbound()[7])
                    .isCloseTo(8.320493798938574, within(EPS));
            // alpha 0.025 alone: z = 1.959963984540054; 4 + 1.959964·2.1602469 = 8.233966298788...
            assertThat(Detectors.evaluate(Method.EARS_C1, y, params(null, 0.025, null, null, null)).upperbound()[7])
                    .isCloseTo(4 + 1.959963984540054 * 2.160246899469287, within(EPS));
        }

        @Test
        void aTinyAlphaStillHasItsZ() {
            // 1 − 1e-20 rounds to 1 in doubles; z = −Φ⁻¹(1e-20) = 9.262340089798408 (R: qnorm(1e-20, lower.tail = FALSE))
            // window 1..7: upper bound = 4 + 9.26234·2.1602469 = 24.009157
            Evaluation e = Detectors.evaluate(Method.EARS_C1, series(1, 2, 3, 4, 5, 6, 7, 12),
                    params(null, 1e-20, null, null, null));
            assertThat(e.upperbound()[7]).isCloseTo(4 + 9.262340089798408 * 2.160246899469287, within(1e-6));
            assertThat(e.alarm()[7]).isFalse();
        }

        @Test
        void zeroVarianceWithoutMinSigma() {
            // window all 3: mean 3, sd 0, σ = max(0, 0) = 0 → upper bound 3, statistic null; 4 > 3 alarms, 3 does not
            Evaluation e = Detectors.evaluate(Method.EARS_C1, series(3, 3, 3, 3, 3, 3, 3, 4, 3), Parameters.DEFAULTS);
            assertThat(e.upperbound()[7]).isEqualTo(3.0);
            assertThat(e.statistic()[7]).isNull();
            assertThat(e.alarm()[7]).isTrue();
            // t = 8: window 3,3,3,3,3,3,4: mean 22/7, not zero variance any more
            assertThat(e.statistic()[8]).isNotNull();
            // minSigma 0.5: σ = 0.5, upper bound 3 + 3.0902323·0.5 = 4.545116153083906, statistic (4 − 3)/0.5 = 2
            Evaluation floored = Detectors.evaluate(Method.EARS_C1, series(3, 3, 3, 3, 3, 3, 3, 4),
                    params(null, null, null, 0.5, null));
            assertThat(floored.upperbound()[7]).isCloseTo(4.545116153083906, within(EPS));
            assertThat(floored.statistic()[7]).isCloseTo(2.0, within(EPS));
            assertThat(floored.alarm()[7]).isFalse();
        }

        @Test
        void allZeros() {
            Evaluation e = Detectors.evaluate(Method.EARS_C1, zeros(10), Parameters.DEFAULTS);
            for (int t = 7; t < 10; t++) {
                assertThat(e.upperbound()[t]).isEqualTo(0.0);
                assertThat(e.statistic()[t]).isNull();
                assertThat(e.alarm()[t]).isFalse();
            }
        }

        @Test
        void aMissingDayInTheWindowGivesNoEvaluation() {
            Double[] y = series(1, 2, null, 4, 5, 6, 7, 8, 9, 10, 11);
            Evaluation e = Detectors.evaluate(Method.EARS_C1, y, Parameters.DEFAULTS);
            // t = 7, 8, 9 have day 2 in their window (t − 7 .. t − 1): null, not false
            for (int t = 0; t < 10; t++) {
                assertThat(e.upperbound()[t]).isNull();
                assertThat(e.alarm()[t]).isNull();
            }
            // t = 10: window 3..9 = 4..10, mean 7
            assertThat(e.upperbound()[10]).isNotNull();
            assertThat(e.alarm()[10]).isFalse();
        }

        @Test
        void onlyTheDayItselfMissing() {
            Evaluation e = Detectors.evaluate(Method.EARS_C1, series(1, 2, 3, 4, 5, 6, 7, null, 9),
                    Parameters.DEFAULTS);
            assertThat(e.upperbound()[7]).isCloseTo(10.675664758038842, within(EPS));
            assertThat(e.statistic()[7]).isNull();
            assertThat(e.alarm()[7]).isNull();
            // the next day has the missing day in its window
            assertThat(e.upperbound()[8]).isNull();
        }

        @Test
        void tooShort() {
            assertAllNull(Detectors.evaluate(Method.EARS_C1, series(1, 2, 3, 4, 5, 6, 7), Parameters.DEFAULTS));
            assertAllNull(Detectors.evaluate(Method.EARS_C1, series(5), Parameters.DEFAULTS));
        }
    }

    @Nested
    class EarsC2 {

        @Test
        void handComputedWithTheGuardBand() {
            // t = 9: window = days 0..6 (the 7 days ending 3 days before t); days 7, 8 are the guard band (ignored)
            // sum 53, mean 53/7 = 7.571428571428571; Σy² = 431, 431 − 53²/7 = 29.714285714, /6 = 4.952380952,
            // sd = 2.2253945610567474; alpha 0.025: z = 1.959963984540054
            // upper bound = 7.5714286 + 1.959964·2.2253946 = 11.933121762491119
            // statistic = (20 − 7.5714286)/2.2253946 = 5.584884427267413 → alarm
            Double[] y = series(5, 7, 9, 11, 5, 7, 9, 100, 100, 20);
            Evaluation e = Detectors.evaluate(Method.EARS_C2, y, params(null, 0.025, null, null, null));
            assertThat(Arrays.copyOf(e.upperbound(), 9)).containsOnlyNulls();
            assertThat(e.upperbound()[9]).isCloseTo(11.933121762491119, within(EPS));
            assertThat(e.statistic()[9]).isCloseTo(5.584884427267413, within(EPS));
            assertThat(e.alarm()[9]).isTrue();
        }

        @Test
        void missingDaysAndTooShort() {
            // a missing guard-band day does not matter to t = 9; it is day t itself for t = 8 (too early anyway)
            Double[] y = series(5, 7, 9, 11, 5, 7, 9, null, 100, 20);
            assertThat(Detectors.evaluate(Method.EARS_C2, y, Parameters.DEFAULTS).upperbound()[9]).isNotNull();
            Double[] gap = series(5, 7, 9, null, 5, 7, 9, 1, 1, 20);
            assertAllNull(Detectors.evaluate(Method.EARS_C2, gap, Parameters.DEFAULTS));
            assertAllNull(Detectors.evaluate(Method.EARS_C2, zeros(9), Parameters.DEFAULTS));
            Evaluation zeros = Detectors.evaluate(Method.EARS_C2, zeros(10), Parameters.DEFAULTS);
            assertThat(zeros.upperbound()[9]).isEqualTo(0.0);
            assertThat(zeros.alarm()[9]).isFalse();
        }
    }

    @Nested
    class EarsC3 {

        // B = 3, so the C2 window of day u is u − 5 .. u − 3 and the first evaluable day is t = B + 4 = 7
        static final Double[] Y = series(2, 4, 6, 4, 4, 8, 9, 10, 5);

        @Test
        void handComputedWithThePreviousDaysRule() {
            // u = 5: window 2,4,6: mean 4, sd √((4+0+4)/2) = 2; s5 = max(0, 8 − 4 − 2)/2 = 1 (< 2: s'5 = 1)
            // u = 6: window 4,6,4: mean 14/3 = 4.6667, sd √(((2/3)²·2 + (4/3)²)/2) = √(4/3) = 1.1547005383792515
            //        s6 = (9 − 4.6667 − 1.1547)/1.1547 = 2.7527767497325675 ≥ 2: s'6 = 0
            // u = 7: window 6,4,4: mean 14/3, σ 1.1547; s7 = (10 − 4.6667 − 1.1547)/1.1547 = 3.6188021535170063
            //        C3_7 = s7 + s'6 + s'5 = 3.6188 + 0 + 1 = 4.6188021535170063 > 2 → alarm
            //        upper bound = mean + σ(1 + 2 − (0 + 1)) = 4.6667 + 2·1.1547 = 6.97606774342517
            // u = 8: window 4,4,8: mean 16/3, sd √(16/3) = 2.3094; s8 = max(0, 5 − 5.3333 − 2.3094) = 0
            //        s'7 = 0 (3.6188 ≥ 2), s'6 = 0 → C3_8 = 0; upper bound 16/3 + 2.3094·3 = 12.261536563608843
            Evaluation e = Detectors.evaluate(Method.EARS_C3, Y, params(3, null, null, null, null));
            assertThat(Arrays.copyOf(e.upperbound(), 7)).containsOnlyNulls();
            assertThat(Arrays.copyOf(e.alarm(), 7)).containsOnlyNulls();
            assertThat(e.statistic()[7]).isCloseTo(4.6188021535170063, within(EPS));
            assertThat(e.upperbound()[7]).isCloseTo(6.97606774342517, within(EPS));
            assertThat(e.alarm()[7]).isTrue();
            assertThat(e.statistic()[8]).isCloseTo(0.0, within(EPS));
            assertThat(e.upperbound()[8]).isCloseTo(12.261536563608843, within(EPS));
            assertThat(e.alarm()[8]).isFalse();
        }

        @Test
        void theUpperBoundIsWhereC3EqualsTheThreshold() {
            // y_7 = the upper bound 6.97606774342517: s7 = (6.9761 − 4.6667 − 1.1547)/1.1547 = 1, C3 = 1 + 0 + 1 = 2,
            // not > 2 → no alarm; a little more alarms
            Double[] y = Y.clone();
            Evaluation base = Detectors.evaluate(Method.EARS_C3, y, params(3, null, null, null, null));
            y[7] = base.upperbound()[7];
            Evaluation at = Detectors.evaluate(Method.EARS_C3, y, params(3, null, null, null, null));
            assertThat(at.statistic()[7]).isCloseTo(2.0, within(EPS));
            y[7] = base.upperbound()[7] + 0.01;
            assertThat(Detectors.evaluate(Method.EARS_C3, y, params(3, null, null, null, null)).alarm()[7]).isTrue();
        }

        @Test
        void previousDaysAloneCanExceedTheThreshold() {
            // all-zero windows: σ = minSigma 0.1 (default for C3), mean 0
            // s5 = (0.25 − 0 − 0.1)/0.1 = 1.5, s6 = 1.5 (both < 2, so s' = s); s7 = 0 (y = 0)
            // C3_7 = 0 + 1.5 + 1.5 = 3 > 2 → alarm although y_7 = 0; upper bound = 0 + 0.1·(1 + 2 − 3) = 0
            Evaluation e = Detectors.evaluate(Method.EARS_C3, series(0, 0, 0, 0, 0, 0.25, 0.25, 0),
                    params(3, null, null, null, null));
            assertThat(e.statistic()[7]).isCloseTo(3.0, within(EPS));
            assertThat(e.alarm()[7]).isTrue();
            assertThat(e.upperbound()[7]).isCloseTo(0.0, within(EPS));
        }

        @Test
        void allZerosAndZeroVariance() {
            // minSigma 0.1: s = 0 every day, C3 = 0, upper bound 0 + 0.1·(1 + 2) = 0.3
            Evaluation e = Detectors.evaluate(Method.EARS_C3, zeros(12), Parameters.DEFAULTS);
            assertThat(e.upperbound()[10]).isNull();
            assertThat(e.upperbound()[11]).isCloseTo(0.3, within(EPS));
            assertThat(e.statistic()[11]).isEqualTo(0.0);
            assertThat(e.alarm()[11]).isFalse();
            // minSigma 0: σ = 0, s = 0/0 or 5/0 is non-finite and counts as 0: a spike cannot alarm
            Double[] spike = zeros(12);
            spike[11] = 5.0;
            Evaluation flat = Detectors.evaluate(Method.EARS_C3, spike, params(null, null, null, 0.0, null));
            assertThat(flat.statistic()[11]).isEqualTo(0.0);
            assertThat(flat.upperbound()[11]).isEqualTo(0.0);
            assertThat(flat.alarm()[11]).isFalse();
        }

        @Test
        void missingDays() {
            // y_6 missing: s6 cannot be computed → C3_7 and C3_8 (which need s'6) are null, not false
            Double[] y = Y.clone();
            y[6] = null;
            Evaluation e = Detectors.evaluate(Method.EARS_C3, y, params(3, null, null, null, null));
            assertAllNull(e);
            // only day t missing: the upper bound stays (6.97606774342517), statistic and alarm null
            Double[] last = Arrays.copyOf(Y, 8);
            last[7] = null;
            Evaluation only = Detectors.evaluate(Method.EARS_C3, last, params(3, null, null, null, null));
            assertThat(only.upperbound()[7]).isCloseTo(6.97606774342517, within(EPS));
            assertThat(only.statistic()[7]).isNull();
            assertThat(only.alarm()[7]).isNull();
        }

        @Test
        void tooShort() {
            // default B = 7: the first evaluable day is t = 11
            assertAllNull(Detectors.evaluate(Method.EARS_C3, zeros(11), Parameters.DEFAULTS));
            assertAllNull(Detectors.evaluate(Method.EARS_C3, Arrays.copyOf(Y, 7), params(3, null, null, null, null)));
        }
    }

    @Nested
    class Cusum {

        // m = 4 given: √m = 2, k = 1.04, h = 2.26, h + k = 3.3
        static final Double[] Y = series(4, 8, 8, 8, 4, 4);

        @Test
        void handComputedWithoutReset() {
            // t0: UB = ⌈2·(3.3 − 0) + 4⌉ = ⌈10.6⌉ = 11; z = 0, C = max(0, 0 + 0 − 1.04) = 0
            // t1: UB = 11; z = (8 − 4)/2 = 2, C = 0 + 2 − 1.04 = 0.96
            // t2: UB = ⌈2·(3.3 − 0.96) + 4⌉ = ⌈8.68⌉ = 9; C = 0.96 + 2 − 1.04 = 1.92
            // t3: UB = ⌈2·(3.3 − 1.92) + 4⌉ = ⌈6.76⌉ = 7; C = 1.92 + 2 − 1.04 = 2.88 ≥ 2.26 → alarm
            // t4: UB = ⌈2·(3.3 − 2.88) + 4⌉ = ⌈4.84⌉ = 5; C = 2.88 + 0 − 1.04 = 1.84 (no reset)
            // t5: UB = ⌈2·(3.3 − 1.84) + 4⌉ = ⌈6.92⌉ = 7; C = 1.84 − 1.04 = 0.80
            Evaluation e = Detectors.evaluate(Method.CUSUM, Y, cusum(null, 4.0, null));
            assertThat(e.upperbound()).containsExactly(11.0, 11.0, 9.0, 7.0, 5.0, 7.0);
            double[] c = {0, 0.96, 1.92, 2.88, 1.84, 0.80};
            for (int t = 0; t < c.length; t++) {
                assertThat(e.statistic()[t]).isCloseTo(c[t], within(EPS));
            }
            assertThat(e.alarm()).containsExactly(false, false, false, true, false, false);
        }

        @Test
        void resetAfterAlarm() {
            // as above to t3 (alarm, C3 = 2.88 shown); then C starts from 0: t4 UB 11, C = max(0, 0 + 0 − 1.04) = 0
            Evaluation e = Detectors.evaluate(Method.CUSUM, Y, cusum(null, 4.0, true));
            assertThat(e.statistic()[3]).isCloseTo(2.88, within(EPS));
            assertThat(e.upperbound()).containsExactly(11.0, 11.0, 9.0, 7.0, 11.0, 11.0);
            assertThat(e.statistic()[4]).isEqualTo(0.0);
            assertThat(e.alarm()).containsExactly(false, false, false, true, false, false);
        }

        @Test
        void theUpperBoundIsTheSmallestCountThatAlarms() {
            // t3 with C2 = 1.92: y = 7 → C = 1.92 + 1.5 − 1.04 = 2.38 ≥ 2.26 alarm; y = 6 → 1.88 no alarm; UB 7
            for (int y3 = 0; y3 <= 15; y3++) {
                Double[] y = Y.clone();
                y[3] = (double) y3;
                Evaluation e = Detectors.evaluate(Method.CUSUM, y, cusum(null, 4.0, null));
                assertThat(e.alarm()[3]).as("y = %d", y3).isEqualTo(y3 >= e.upperbound()[3]);
            }
        }

        @Test
        void referencePeriodAndAMissingMonitoredDay() {
            // referenceDays 4: m = (3 + 5 + 4 + 4)/4 = 4, √m = 2; days 0..3 null
            // t4: UB 11, C = 0; t5: z = (12 − 4)/2 = 4, C = 4 − 1.04 = 2.96 ≥ 2.26 alarm
            // t6 missing: UB = ⌈2·(3.3 − 2.96) + 4⌉ = ⌈4.68⌉ = 5, statistic and alarm null, C stays 2.96
            // t7: UB = 5; C = 2.96 + 0 − 1.04 = 1.92, no alarm
            Double[] y = series(3, 5, 4, 4, 4, 12, null, 4);
            Evaluation e = Detectors.evaluate(Method.CUSUM, y, cusum(4, null, null));
            assertThat(e.upperbound()).containsExactly(null, null, null, null, 11.0, 11.0, 5.0, 5.0);
            assertThat(e.alarm()).containsExactly(null, null, null, null, false, true, null, false);
            assertThat(e.statistic()[5]).isCloseTo(2.96, within(EPS));
            assertThat(e.statistic()[6]).isNull();
            assertThat(e.statistic()[7]).isCloseTo(1.92, within(EPS));
        }

        @Test
        void defaultReferenceOf28Days() {
            // 28 days of 4 then a 12: m = 4; t28: C = (12 − 4)/2 − 1.04 = 2.96 → alarm
            Double[] y = new Double[30];
            Arrays.fill(y, 4.0);
            y[28] = 12.0;
            Evaluation e = Detectors.evaluate(Method.CUSUM, y, Parameters.DEFAULTS);
            assertThat(Arrays.copyOf(e.alarm(), 28)).containsOnlyNulls();
            assertThat(e.alarm()[28]).isTrue();
            assertThat(e.statistic()[28]).isCloseTo(2.96, within(EPS));
        }

        @Test
        void missingInTheReferencePeriodOrTooShort() {
            assertAllNull(Detectors.evaluate(Method.CUSUM, series(3, null, 4, 4, 4, 12), cusum(4, null, null)));
            assertAllNull(Detectors.evaluate(Method.CUSUM, series(3, 5, 4, 4), cusum(4, null, null)));
            assertAllNull(Detectors.evaluate(Method.CUSUM, zeros(28), Parameters.DEFAULTS));
        }

        @Test
        void expectedZero() {
            // all-zero reference: m = 0, z undefined; a day alarms exactly when y > 0; statistic null, upper bound 0
            Evaluation e = Detectors.evaluate(Method.CUSUM, series(0, 0, 0, 0, 1, null), cusum(3, null, null));
            assertThat(e.upperbound()).containsExactly(null, null, null, 0.0, 0.0, 0.0);
            assertThat(e.alarm()).containsExactly(null, null, null, false, true, null);
            assertThat(e.statistic()).containsOnlyNulls();
        }

        @Test
        void allZerosAgainstAGivenExpectation() {
            // m = 1: z = −1 each day, C stays 0; UB = ⌈1·3.3 + 1⌉ = 5
            Evaluation e = Detectors.evaluate(Method.CUSUM, zeros(5), cusum(null, 1.0, null));
            assertThat(e.statistic()).containsOnly(0.0);
            assertThat(e.upperbound()).containsOnly(5.0);
            assertThat(e.alarm()).containsOnly(false);
        }
    }

    @Nested
    class Validation {

        static List<String> fields(Method method, Double[] y, Parameters p) {
            return Detectors.check(method, y, p).stream().map(ParameterError::field).toList();
        }

        @Test
        void observed() {
            assertThat(fields(Method.EARS_C1, null, null)).containsExactly("observed");
            assertThat(fields(Method.EARS_C1, new Double[0], null)).containsExactly("observed");
            assertThat(fields(Method.EARS_C1, zeros(3661), null)).containsExactly("observed");
            assertThat(fields(Method.EARS_C1, zeros(3660), null)).isEmpty();
            assertThat(fields(Method.EARS_C1, series(1, -1), null)).containsExactly("observed");
            assertThat(fields(Method.EARS_C1, series(1, Double.NaN), null)).containsExactly("observed");
            assertThat(fields(Method.EARS_C1, series(1, 1e10), null)).containsExactly("observed");
            assertThat(fields(Method.EARS_C1, series(1, null, 0), null)).isEmpty();
        }

        @Test
        void parameters() {
            Double[] y = zeros(40);
            assertThat(fields(Method.EARS_C1, y, params(2, null, null, null, null))).containsExactly("baseline");
            assertThat(fields(Method.EARS_C1, y, params(3, null, null, null, null))).isEmpty();
            // the bounds stored detectors share (Detectors.checkParameters): baseline and referenceDays 3 to 365
            assertThat(fields(Method.EARS_C1, zeros(400), params(365, null, null, null, null))).isEmpty();
            assertThat(fields(Method.EARS_C1, zeros(400), params(366, null, null, null, null)))
                    .containsExactly("baseline");
            assertThat(fields(Method.CUSUM, zeros(400), cusum(366, null, null))).containsExactly("referenceDays");
            assertThat(fields(Method.CUSUM, zeros(400), cusum(2, null, null))).containsExactly("referenceDays");
            // m = 0: z_t = (y − m)/√m divides by 0
            assertThat(fields(Method.CUSUM, y, cusum(null, 0.0, null))).containsExactly("m");
            assertThat(Detectors.checkParameters(cusum(null, 0.0, null))).extracting(ParameterError::message)
                    .containsExactly("must be > 0 and at most 1e9");
            assertThat(fields(Method.EARS_C1, y, params(null, 0.0, null, null, null))).containsExactly("alpha");
            assertThat(fields(Method.EARS_C1, y, params(null, 1.0, null, null, null))).containsExactly("alpha");
            assertThat(fields(Method.EARS_C1, y, params(null, null, -0.1, null, null))).containsExactly("z");
            assertThat(fields(Method.EARS_C1, y, params(null, null, 101.0, null, null))).containsExactly("z");
            assertThat(fields(Method.EARS_C1, y, params(null, null, Double.POSITIVE_INFINITY, null, null)))
                    .containsExactly("z");
            assertThat(fields(Method.EARS_C1, y, params(null, null, null, -1.0, null))).containsExactly("minSigma");
            assertThat(fields(Method.EARS_C3, y, params(null, null, null, null, 0.0))).containsExactly("threshold");
            Parameters bad = new Parameters(null, null, null, null, null, -1.0, 0.0, 0, -2.0, null);
            assertThat(fields(Method.CUSUM, y, bad)).containsExactlyInAnyOrder("k", "h", "referenceDays", "m");
            // referenceDays must leave days to monitor when m is not given (default 28)
            assertThat(fields(Method.CUSUM, zeros(28), null)).containsExactly("referenceDays");
            assertThat(fields(Method.CUSUM, zeros(28), cusum(null, 3.0, null))).isEmpty();
            assertThat(fields(Method.EARS_C1, zeros(28), null)).isEmpty();
        }

        @Test
        void history() {
            assertThat(Detectors.history(Method.EARS_C1, null)).isEqualTo(7);
            assertThat(Detectors.history(Method.EARS_C2, null)).isEqualTo(9);
            assertThat(Detectors.history(Method.EARS_C3, null)).isEqualTo(11);
            assertThat(Detectors.history(Method.CUSUM, null)).isEqualTo(28);
            assertThat(Detectors.history(Method.CUSUM, cusum(null, 2.0, null))).isZero();
        }
    }
}
