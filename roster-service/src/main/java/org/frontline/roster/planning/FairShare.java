package org.frontline.roster.planning;

/**
 * The constants of a run's fairness level: everyone's available minutes A and Σ a(p)². Every {@link PlannedShift} of
 * the run carries the same instance, so the plan-wide fairness group has it as its key.
 */
public final class FairShare {

    private final double availableMinutes;
    private final double squaredAvailableMinutes;

    FairShare(double availableMinutes, double squaredAvailableMinutes) {
        this.availableMinutes = availableMinutes;
        this.squaredAvailableMinutes = squaredAvailableMinutes;
    }

    /**
     * The plan-wide part of Σ (m(p) − M a(p) ÷ A)² as a score impact (its negation): 2 (M ÷ A) S − (M ÷ A)² Σ a²,
     * with {@code total} = M and {@code weighted} = S = Σ m(p) a(p); rounded to whole minutes².
     */
    long impact(long total, long weighted) {
        if (availableMinutes <= 0) {
            return 0;
        }
        double r = total / availableMinutes;
        return Math.round(2 * r * weighted - r * r * squaredAvailableMinutes);
    }
}
