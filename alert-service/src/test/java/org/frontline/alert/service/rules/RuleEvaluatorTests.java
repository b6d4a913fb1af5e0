package org.frontline.alert.service.rules;

import static org.assertj.core.api.Assertions.assertThat;

import org.frontline.alert.service.rules.RuleParams.Comparison;
import org.junit.jupiter.api.Test;

/** Threshold rules (README "Rules") on series computed by hand (plain JUnit, no Quarkus). */
class RuleEvaluatorTests {

    @Test
    void onePositiveInOneDayIsYellowsRule() {
        // ≥ 1 positive in 24 h: window 1 day, the value is the day itself
        RuleParams rule = new RuleParams(1, 1, Comparison.AT_LEAST, false, 1);
        var r = RuleEvaluator.evaluate(rule, new double[] {0, 0, 1, 0, 2}, null);
        assertThat(r.value()).containsExactly(0.0, 0.0, 1.0, 0.0, 2.0);
        assertThat(r.alarm()).containsExactly(false, false, true, false, true);
    }

    @Test
    void threeInSevenDaysSumsTheWindowAndIsNullBeforeItIsFull() {
        // ≥ 3 in 7 days over 0 1 0 0 1 0 0 | 1 0: sums from day 6: 2, then 3 (0+1+0+0+1+0+0+1 − first 0), then 2
        RuleParams rule = new RuleParams(7, 3, Comparison.AT_LEAST, false, 1);
        var r = RuleEvaluator.evaluate(rule, new double[] {0, 1, 0, 0, 1, 0, 0, 1, 0, 0}, null);
        assertThat(r.value()).containsExactly(null, null, null, null, null, null, 2.0, 3.0, 2.0, 2.0);
        assertThat(r.alarm()).containsExactly(null, null, null, null, null, null, false, true, false, false);
    }

    @Test
    void aRatePer10000DividesByTheResidentsAndNeedsThem() {
        // 2-day sums 3, 5, 6 over 4,000 residents: 7.5, 12.5, 15 per 10,000; threshold 10
        RuleParams rule = new RuleParams(2, 10, Comparison.AT_LEAST, true, 1);
        var r = RuleEvaluator.evaluate(rule, new double[] {1, 2, 3, 3}, 4000);
        assertThat(r.value()).containsExactly(null, 7.5, 12.5, 15.0);
        assertThat(r.alarm()).containsExactly(null, false, true, true);
        var none = RuleEvaluator.evaluate(rule, new double[] {1, 2, 3, 3}, null);
        assertThat(none.alarm()).containsOnlyNulls();
        assertThat(none.value()).containsOnlyNulls();
    }

    @Test
    void consecutiveDaysNeedTheRuleOnEachOfThem() {
        // uncovered hours ≥ 8 on 3 days running: holds on days 1, 2, 3, 5 → only day 3 has three in a row
        RuleParams rule = new RuleParams(1, 8, Comparison.AT_LEAST, false, 3);
        var r = RuleEvaluator.evaluate(rule, new double[] {0, 8, 9, 12, 2, 10}, null);
        assertThat(r.alarm()).containsExactly(null, null, false, true, false, false);
    }

    @Test
    void belowComparesStrictly() {
        // a level below 2 for 2 days: holds on days 0 (1), 2 (0), 3 (1.5); day 1 is 2, not below
        RuleParams rule = new RuleParams(1, 2, Comparison.BELOW, false, 2);
        var r = RuleEvaluator.evaluate(rule, new double[] {1, 2, 0, 1.5}, null);
        assertThat(r.alarm()).containsExactly(null, false, false, true);
    }

    @Test
    void aSeriesShorterThanTheWindowHasNoEvaluation() {
        RuleParams rule = new RuleParams(7, 1, Comparison.AT_LEAST, false, 1);
        var r = RuleEvaluator.evaluate(rule, new double[] {5, 5, 5}, null);
        assertThat(r.alarm()).containsOnlyNulls();
    }
}
