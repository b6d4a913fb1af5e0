package org.frontline.roster.planning;

import java.time.Duration;

/**
 * How long a planning run may take: at most {@code timeLimit}, and it stops earlier once the best score has not
 * improved for {@code unimprovedLimit}.
 */
public record PlanningLimits(Duration timeLimit, Duration unimprovedLimit) {

    public PlanningLimits {
        if (timeLimit.isNegative() || timeLimit.isZero() || unimprovedLimit.isNegative() || unimprovedLimit.isZero()) {
            throw new IllegalArgumentException("limits are positive");
        }
    }

    public static PlanningLimits defaults() {
        return new PlanningLimits(Duration.ofSeconds(30), Duration.ofSeconds(5));
    }
}
