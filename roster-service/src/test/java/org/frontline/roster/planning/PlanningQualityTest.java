package org.frontline.roster.planning;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

/** The planner on generated instances, checked independently with RuleCheck. Plain JUnit, a few seconds each. */
class PlanningQualityTest {

    static final PlanningLimits LIMITS = new PlanningLimits(Duration.ofSeconds(4), Duration.ofSeconds(1));

    @Test
    void whenCapacityAllowsEverySlotIsCoveredAndEveryAssignmentPassesRuleCheck() {
        PlanningProblem problem = new ProblemGenerator(11).generate(90, 3, 30);
        // capacity allows: even the greedy baseline covers every slot
        assertThat(GreedyPlanner.solve(problem).uncovered()).isEmpty();

        List<PlanningProgress> progress = new CopyOnWriteArrayList<>();
        PlanningResult result = new Planner().solve(problem, LIMITS, progress::add);

        assertThat(result.feasible()).as(result.score()).isTrue();
        assertThat(result.uncovered()).isEmpty();
        PlanChecks.assertEveryAssignmentValid(problem, result);
        PlanChecks.assertUncoveredExact(problem, result);
        assertThat(result.timeToFeasible()).isNotNull();
        assertThat(result.solveTime()).isLessThan(LIMITS.timeLimit().plusSeconds(3));
        assertThat(progress).isNotEmpty();
        assertThat(progress).allMatch(PlanningProgress::feasible);
        assertThat(result.hoursPerPerson().values().stream().mapToDouble(Double::doubleValue).sum())
                .isEqualTo(problem.shifts().stream()
                        .mapToDouble(s -> s.headcount() * s.facts().length().toMinutes() / 60.0).sum());
    }

    @Test
    void whenCapacityIsShortTheUncoveredSlotsAreReportedExactly() {
        PlanningProblem problem = new ProblemGenerator(12).generate(8, 2, 50);
        PlanningResult result = new Planner().solve(problem, LIMITS, PlanningProgress.Listener.NONE);

        assertThat(result.feasible()).as(result.score()).isTrue();
        assertThat(result.uncovered()).isNotEmpty();
        PlanChecks.assertEveryAssignmentValid(problem, result);
        PlanChecks.assertUncoveredExact(problem, result);
        // the cover level of the score counts exactly the uncovered minutes
        long uncoveredMinutes = result.uncovered().stream().mapToLong(u -> u.missing() * problem.shifts().stream()
                .filter(s -> s.id().equals(u.shiftId())).findFirst().orElseThrow().facts().length().toMinutes()).sum();
        assertThat(result.softScores().get(0)).isEqualTo(-uncoveredMinutes);
        // and the planner covers at least as much as greedy
        assertThat(result.uncoveredSlots()).isLessThanOrEqualTo(GreedyPlanner.solve(problem).uncoveredSlots());
    }

    @Test
    void replanningAnUnchangedProblemKeepsThePublishedPlan() {
        PlanningProblem problem = new ProblemGenerator(13).generate(40, 3, 40);
        // the first plan converges (stops when 2 s bring no improvement), as a published plan would have
        // (a generous time limit: on a loaded machine convergence takes longer, and an unconverged first plan would
        // rightly be improved on fairness — a higher level than "changes" — by the re-plan)
        PlanningResult first = new Planner().solve(problem,
                new PlanningLimits(Duration.ofSeconds(30), Duration.ofSeconds(2)), PlanningProgress.Listener.NONE);
        assertThat(first.termination()).as("the first plan converged").isEqualTo(PlanningResult.Termination.UNIMPROVED);
        Map<UUID, Set<UUID>> published = ProblemGenerator.published(first);

        PlanningResult again = new Planner().solve(problem.withPublished(published), LIMITS,
                PlanningProgress.Listener.NONE);

        Set<PlanningResult.Assignment> before = new HashSet<>(first.assignments());
        long kept = again.assignments().stream().filter(before::contains).count();
        assertThat(kept).as("kept of %s", before.size()).isGreaterThanOrEqualTo((long) Math.ceil(0.95 * before.size()));
        assertThat(again.softScores().get(0)).isEqualTo(first.softScores().get(0));
        PlanChecks.assertEveryAssignmentValid(problem, again);
    }

    @Test
    void fixedAssignmentsAreKeptAndCountForTheRules() {
        PlanningProblem base = new ProblemGenerator(14).generate(30, 2, 30);
        PlanningProblem.Shift checkedIn = base.shifts().get(0);
        PlanningProblem.Person person = base.people().stream()
                .filter(p -> PlanningProblem.mayWorkIn(p, checkedIn.facts().communityCode())
                        && org.frontline.roster.rules.RuleCheck.violations(p.facts(), checkedIn.facts(), List.of(),
                                base.rules()).isEmpty())
                .findFirst().orElseThrow();
        PlanningProblem problem = new PlanningProblem(base.horizonStart(), base.horizonEnd(), base.people(),
                base.shifts(), List.of(new PlanningProblem.FixedAssignment(checkedIn.facts(), person.id())),
                Map.of(), base.rules(), base.communities());

        PlanningResult result = new Planner().solve(problem, LIMITS, PlanningProgress.Listener.NONE);

        assertThat(result.assignments()).contains(new PlanningResult.Assignment(checkedIn.id(), person.id()));
        PlanChecks.assertEveryAssignmentValid(problem, result);
        PlanChecks.assertUncoveredExact(problem, result);
    }

    @Test
    void greedyIsRuleCheckValidToo() {
        PlanningProblem problem = new ProblemGenerator(12).generate(8, 2, 50);
        PlanningResult greedy = GreedyPlanner.solve(problem);
        assertThat(greedy.feasible()).as(greedy.score()).isTrue();
        PlanChecks.assertEveryAssignmentValid(problem, greedy);
        PlanChecks.assertUncoveredExact(problem, greedy);
    }
}
