package org.frontline.alert.service.rules;

/**
 * A threshold rule (detector method {@code rule}), all data (README "Rules"): the sum of the signal over the last
 * {@code windowDays} days (÷ residents × 10,000 when {@code per10000}) compared with {@code threshold}
 * ({@code atLeast}: ≥, {@code below}: <), holding on each of the last {@code consecutiveDays} days.
 */
public record RuleParams(int windowDays, double threshold, Comparison comparison, boolean per10000,
        int consecutiveDays) {

    public enum Comparison {
        AT_LEAST("atLeast"), BELOW("below");

        public final String json;

        Comparison(String json) {
            this.json = json;
        }

        public boolean holds(double value, double threshold) {
            return this == AT_LEAST ? value >= threshold : value < threshold;
        }

        public static Comparison of(String json) {
            for (Comparison c : values()) {
                if (c.json.equals(json)) {
                    return c;
                }
            }
            return null;
        }
    }
}
