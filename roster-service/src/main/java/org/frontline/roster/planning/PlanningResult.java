package org.frontline.roster.planning;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A proposed plan.
 *
 * @param assignments       every planned assignment of the horizon's shifts, fixed ones included
 * @param uncovered         the shifts that stay short, with how many people are missing; never dropped silently
 * @param score             the score as text, {@code [hard]/[cover/fair/home/change]}
 * @param hardScore         0 when no hard rule is broken (negative otherwise)
 * @param softScores        the four soft levels, in order: cover, fairness, home community, changes
 * @param hoursPerPerson    planned hours of the horizon's shifts per person (only people with hours)
 * @param fairnessSpread    {@code Fairness.spread} of those hours against availability over the horizon
 * @param timeToFeasible    from the start of the run until the first complete plan without a broken hard rule
 *                          (null if none was found)
 * @param solveTime         the whole run
 * @param termination       why the run stopped
 */
public record PlanningResult(List<Assignment> assignments, List<Uncovered> uncovered, String score, long hardScore,
        List<Long> softScores, Map<UUID, Double> hoursPerPerson, double fairnessSpread, Duration timeToFeasible,
        Duration solveTime, Termination termination) {

    public record Assignment(UUID shiftId, UUID personId) {
    }

    public record Uncovered(UUID shiftId, int missing) {
    }

    public enum Termination {
        /** the time limit was reached */
        TIME_LIMIT,
        /** the best score stopped improving for the unimproved limit */
        UNIMPROVED,
        /** cancelled through {@link Planner#cancel()} */
        CANCELLED,
        /** greedy and other one-pass planners finish by themselves */
        COMPLETED
    }

    public boolean feasible() {
        return hardScore == 0;
    }

    public int uncoveredSlots() {
        return uncovered.stream().mapToInt(Uncovered::missing).sum();
    }
}
