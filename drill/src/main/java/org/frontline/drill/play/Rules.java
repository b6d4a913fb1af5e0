package org.frontline.drill.play;

/**
 * The drill's oracle of alert-service's threshold rules (alert-service/README.md "Rules", "Detection run"), over a
 * daily series of the run (index = simulated day, value = the signal's value that day): the rule's value on day D is
 * the sum of the series over the {@code windowDays} days up to D (days before the run count 0: the city is fresh); it
 * holds when that is ≥ {@code threshold}; it fires on D when it holds on each of the last {@code consecutiveDays}
 * days; detection fires only for days D within the lookback (today and the two days before).
 */
public final class Rules {

    /** alert.detection.lookback-days: today and the two days before. */
    public static final int LOOKBACK_DAYS = 3;

    private Rules() {
    }

    /** The first simulated day in the lookback on which the rule fires, or null; {@code today}: today's index. */
    public static Integer firstAlarm(double[] series, int windowDays, double threshold, int consecutiveDays,
            int today) {
        int from = Math.max(0, today - (LOOKBACK_DAYS - 1));
        for (int day = from; day <= today && day < series.length; day++) {
            boolean holds = true;
            for (int k = 0; k < Math.max(1, consecutiveDays); k++) {
                holds &= windowSum(series, day - k, windowDays) >= threshold;
            }
            if (holds) {
                return day;
            }
        }
        return null;
    }

    static double windowSum(double[] s, int day, int window) {
        if (day < 0) {
            return 0;
        }
        double sum = 0;
        for (int d = Math.max(0, day - window + 1); d <= day && d < s.length; d++) {
            sum += s[d];
        }
        return sum;
    }
}
