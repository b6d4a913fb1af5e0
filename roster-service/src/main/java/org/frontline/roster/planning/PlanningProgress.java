package org.frontline.roster.planning;

import java.time.Duration;

/**
 * A new best plan was found during a run.
 *
 * @param score    the score as text (see {@link PlanningResult#score()})
 * @param feasible no hard rule broken and every slot considered
 * @param elapsed  since the run started
 */
public record PlanningProgress(String score, long hard, long uncoveredMinutes, boolean feasible, Duration elapsed) {

    /** Receives each new best plan's score; called on the solver's thread, so it returns quickly. */
    @FunctionalInterface
    public interface Listener {
        void bestScoreChanged(PlanningProgress progress);

        Listener NONE = p -> {
        };
    }
}
