package org.frontline.roster.planning;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import ai.timefold.solver.core.api.score.buildin.bendablelong.BendableLongScore;
import ai.timefold.solver.core.api.solver.SolutionManager;
import ai.timefold.solver.core.api.solver.Solver;
import ai.timefold.solver.core.api.solver.SolverConfigOverride;
import ai.timefold.solver.core.api.solver.SolverFactory;
import ai.timefold.solver.core.config.localsearch.LocalSearchPhaseConfig;
import ai.timefold.solver.core.config.localsearch.LocalSearchType;
import ai.timefold.solver.core.config.solver.SolverConfig;
import ai.timefold.solver.core.config.solver.termination.TerminationConfig;

/**
 * Plans a roster with Timefold Solver, configured in code ({@link #solverConfig()}), so it runs the same in the
 * service and in plain unit tests. One instance plans one problem at a time on the calling thread (the service runs
 * it on its own executor behind a 202 + status resource); {@link #cancel()} stops a running {@link #solve} from
 * another thread (it then returns the best plan so far).
 *
 * <p>Start: the published plan where it still holds, the remaining slots filled first-fit in a shuffled, home-first
 * order ({@code PlanModel.fillFirstFit}); that start is the first feasible plan (every slot considered, no hard rule
 * broken). Then a Timefold local search over change and swap moves (the nullable variable lets a slot stay empty, and
 * a change move may fill it later), hill climbing: it takes the first move that makes the plan no worse. Equal-score
 * moves are plentiful here (a slot handed between two people of the same shift length leaves cover unchanged), so it
 * drifts along plateaus instead of sticking; measured against the default late acceptance on the benchmark district,
 * late acceptance kept taking cover-neutral moves that undid fairness (the spread wandered while cover crept up),
 * while hill climbing improves both levels steadily (PlanningBenchmark's header has the numbers).
 */
public class Planner {

    private static final SolverFactory<RosterPlan> FACTORY = SolverFactory.create(solverConfig());
    private static final SolutionManager<RosterPlan, BendableLongScore> SOLUTIONS = SolutionManager.create(FACTORY);

    private volatile Solver<RosterPlan> solver;
    private volatile boolean cancelled;

    public static SolverConfig solverConfig() {
        return new SolverConfig()
                .withSolutionClass(RosterPlan.class)
                .withEntityClasses(Slot.class)
                .withConstraintProviderClass(RosterConstraints.class)
                .withPhases(new LocalSearchPhaseConfig().withLocalSearchType(LocalSearchType.HILL_CLIMBING))
                .withTerminationConfig(new TerminationConfig().withSpentLimit(Duration.ofSeconds(30)));
    }

    /** Plans {@code problem} within {@code limits}; {@code listener} hears new best scores. Blocks until done. */
    public PlanningResult solve(PlanningProblem problem, PlanningLimits limits, PlanningProgress.Listener listener) {
        long started = System.nanoTime();
        PlanModel model = new PlanModel(problem);
        RosterPlan plan = model.plan(problem.published());
        PlanModel.fillFirstFit(plan);
        AtomicLong feasibleAt = new AtomicLong(-1);
        SOLUTIONS.update(plan);
        report(plan.getScore(), feasibleAt, started, listener);
        Solver<RosterPlan> s = FACTORY.buildSolver(new SolverConfigOverride<RosterPlan>()
                .withTerminationConfig(new TerminationConfig()
                        .withSpentLimit(limits.timeLimit())
                        .withUnimprovedSpentLimit(limits.unimprovedLimit())));
        s.addEventListener(e -> report(e.getNewBestScore(), feasibleAt, started, listener));
        solver = s;
        if (cancelled) {
            s.terminateEarly();
        }
        long solveStart = System.nanoTime();
        RosterPlan best;
        try {
            best = s.solve(plan);
        } finally {
            solver = null;
        }
        long ended = System.nanoTime();
        PlanningResult.Termination termination = cancelled ? PlanningResult.Termination.CANCELLED
                : Duration.ofNanos(ended - solveStart).compareTo(limits.timeLimit().minusMillis(100)) >= 0
                        ? PlanningResult.Termination.TIME_LIMIT
                        : PlanningResult.Termination.UNIMPROVED;
        return model.result(best, feasibleAt.get() < 0 ? null : Duration.ofNanos(feasibleAt.get() - started),
                Duration.ofNanos(ended - started), termination);
    }

    private static void report(ai.timefold.solver.core.api.score.Score<?> anyScore, AtomicLong feasibleAt, long started,
            PlanningProgress.Listener listener) {
        BendableLongScore score = (BendableLongScore) anyScore;
        long now = System.nanoTime();
        boolean feasible = score.hardScore(0) == 0;
        if (feasible) {
            feasibleAt.compareAndSet(-1, now);
        }
        listener.bestScoreChanged(new PlanningProgress(score.toString(), score.hardScore(0),
                -score.softScore(RosterPlan.COVER), feasible, Duration.ofNanos(now - started)));
    }

    /** Stops a running {@link #solve} early; it returns the best plan found so far. */
    public void cancel() {
        cancelled = true;
        Solver<RosterPlan> s = solver;
        if (s != null) {
            s.terminateEarly();
        }
    }

    /**
     * Scores given assignments (shift id → people) with the planner's constraints, e.g. the greedy baseline's, so
     * they compare with a planned one.
     */
    static PlanningResult score(PlanModel model, Map<UUID, Set<UUID>> assignments, Duration timeToFeasible,
            Duration solveTime) {
        RosterPlan plan = model.plan(assignments);
        SOLUTIONS.update(plan);
        return model.result(plan, plan.getScore().hardScore(0) == 0 ? timeToFeasible : null, solveTime,
                PlanningResult.Termination.COMPLETED);
    }
}
