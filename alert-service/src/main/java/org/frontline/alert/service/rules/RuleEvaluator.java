package org.frontline.alert.service.rules;

/**
 * Evaluates a threshold rule over a daily series, as a plain function (no framework or database types), the same
 * shape as the statistical detectors' answer: for each day t, {@code value[t]} the rule's value (the window's sum,
 * or its rate per 10,000 residents) and {@code alarm[t]} whether the rule held on t and on each of the
 * {@code consecutiveDays − 1} days before it. A day too early for its window (or its run of days) is null.
 */
public final class RuleEvaluator {

    private RuleEvaluator() {
    }

    public record Result(Double[] value, Boolean[] alarm) {
    }

    /**
     * @param series     daily values, oldest first (a day without facts is 0; null: unknown, no evaluation)
     * @param population residents of the community, for a rate rule (null or ≤ 0: the rule cannot be evaluated
     *                   and every day is null)
     */
    public static Result evaluate(RuleParams rule, double[] series, Integer population) {
        int n = series.length;
        Double[] value = new Double[n];
        Boolean[] alarm = new Boolean[n];
        if (rule.per10000() && (population == null || population <= 0)) {
            return new Result(value, alarm);
        }
        Boolean[] holds = new Boolean[n];
        for (int t = rule.windowDays() - 1; t < n; t++) {
            double sum = 0;
            for (int u = t - rule.windowDays() + 1; u <= t; u++) {
                sum += series[u];
            }
            double v = rule.per10000() ? sum / population * 10_000 : sum;
            value[t] = v;
            holds[t] = rule.comparison().holds(v, rule.threshold());
        }
        for (int t = rule.windowDays() + rule.consecutiveDays() - 2; t < n; t++) {
            boolean all = true;
            for (int u = t - rule.consecutiveDays() + 1; u <= t; u++) {
                all &= holds[u];
            }
            alarm[t] = all;
        }
        return new Result(value, alarm);
    }
}
