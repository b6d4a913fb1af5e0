package org.frontline.alert.detect;

/**
 * A method's answer, arrays aligned with the observed series: {@code null} where a day cannot be evaluated
 * (too early, a missing day in its reference window, the day itself missing for {@code alarm}).
 */
public record Evaluation(Double[] statistic, Double[] upperbound, Boolean[] alarm) {

    public static Evaluation empty(int days) {
        return new Evaluation(new Double[days], new Double[days], new Boolean[days]);
    }
}
