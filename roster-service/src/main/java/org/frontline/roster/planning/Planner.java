package org.frontline.roster.planning;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import ai.timefold.solver.core.api.score.buildin.bendablelong.BendableLongScore;
import ai.timefold.solver.core.api.solver.SolutionManager;
import ai.timefold.solver.core.api.solver.Solver;
import ai.timefold.solver.core.api.solver.SolverConfigOverride;
import ai.timefold.solver.core.api.solver.SolverFactory;
import ai.timefold.solver.core.config.solver.SolverConfig;
import ai.timefold.solver.core.config.solver.termination.TerminationConfig;

/**
 * Plans a roster with Timefold Solver, built in code ({@link SolverConfig}), so it runs the same in the service and in
 * plain unit tests. One instance plans one problem at a time; {@link #cancel()} stops a running
 * {@link #solve} from another thread (it then returns the best plan so far).
 *
 * <p>Construction: the default construction heuristic (first fit over slots, a nullable variable lets a slot stay
 * empty when nobody fits). Local search: the default (late acceptance over change and swap moves).
 */
public class Planner {

    private static final SolverFactory<RosterPlan> FACTORY = SolverFactory.create(solverConfig());

    private volatile Solver<RosterPlan> solver;
    private volatile boolean cancelled;

    public static SolverConfig solverConfig() {
        return new SolverConfig()
                .withSolutionClass(RosterPlan.class)
                .withEntityClasses(Slot.class)
                .withConstraintProviderClass(RosterConstraints.class)
                .withTerminationConfig(new TerminationConfig().withSpentLimit(Duration.ofSeconds(30)));
    }

    /** Plans {@code problem} within {@code limits}; {@code listener} hears each new best score. Blocks until done. */
    public PlanningResult solve(PlanningProblem problem, PlanningLimits limits, PlanningProgress.Listener listener) {
        long started = System.nanoTime();
        cancelled = false;
        PlanModel model = new PlanModel(problem);
        RosterPlan plan = model.plan(problem.published());
        AtomicLong feasibleAt = new AtomicLong(-1);
        Solver<RosterPlan> s = FACTORY.buildSolver(new SolverConfigOverride<RosterPlan>()
                .withTerminationConfig(new TerminationConfig()
                        .withSpentLimit(limits.timeLimit())
                        .withUnimprovedSpentLimit(limits.unimprovedLimit())));
        s.addEventListener(event -> {
            BendableLongScore score = (BendableLongScore) event.getNewBestScore();
            boolean feasible = event.isNewBestSolutionInitialized() && score.hardScore(0) == 0;
            long now = System.nanoTime();
            if (feasible) {
                feasibleAt.compareAndSet(-1, now);
            }
            listener.bestScoreChanged(new PlanningProgress(score.toString(), score.hardScore(0),
                    -score.softScore(RosterPlan.COVER), feasible, Duration.ofNanos(now - started)));
        });
        solver = s;
        if (cancelled) {
            s.terminateEarly();
        }
        long solveStart = System.nanoTime();
        RosterPlan best = s.solve(plan);
        long ended = System.nanoTime();
        solver = null;
        if (best.getScore().hardScore(0) == 0 && feasibleAt.get() < 0) {
            feasibleAt.set(ended); // the first best solution was already complete and feasible (e.g. nothing to plan)
        }
        PlanningResult.Termination termination = cancelled ? PlanningResult.Termination.CANCELLED
                : Duration.ofNanos(ended - solveStart).compareTo(limits.timeLimit().minusMillis(100)) >= 0
                        ? PlanningResult.Termination.TIME_LIMIT
                        : PlanningResult.Termination.UNIMPROVED;
        return model.result(best, feasibleAt.get() < 0 ? null : Duration.ofNanos(feasibleAt.get() - started),
                Duration.ofNanos(ended - started), termination);
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
     * Scores a given set of assignments with the planner's constraints, e.g. the greedy baseline's or a manual plan,
     * so they compare with a planned one. Assignments not possible in the slot model (more people than headcount)
     * are ignored.
     */
    static PlanningResult score(PlanModel model, java.util.Map<java.util.UUID, java.util.Set<java.util.UUID>> assignments,
            Duration timeToFeasible, Duration solveTime) {
        RosterPlan plan = model.plan(assignments);
        SolutionManager.create(FACTORY).update(plan);
        return model.result(plan, plan.getScore().hardScore(0) == 0 ? timeToFeasible : null, solveTime,
                PlanningResult.Termination.COMPLETED);
    }
}
