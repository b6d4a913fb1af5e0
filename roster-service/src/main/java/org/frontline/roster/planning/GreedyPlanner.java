package org.frontline.roster.planning;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.frontline.roster.rules.RuleCheck;
import org.frontline.roster.rules.ShiftFacts;

/**
 * The baseline the planner is measured against, simple on purpose: shifts in start order (then by id), each open
 * slot given to the first person who may work it — RuleCheck-valid against the fixed assignments and what greedy has
 * already assigned, and allowed by lending — in a fixed order: the shift's home community first, then the lendable
 * people of the district, each by id. It never revisits a choice, ignores fairness and the published plan, and leaves
 * a slot empty when nobody fits. Its plan is scored with the planner's constraints so the two compare.
 */
public final class GreedyPlanner {

    private GreedyPlanner() {
    }

    public static PlanningResult solve(PlanningProblem problem) {
        long started = System.nanoTime();
        PlanModel model = new PlanModel(problem);
        Map<UUID, List<ShiftFacts>> worked = new HashMap<>();
        Map<UUID, Integer> fixedCount = new HashMap<>();
        for (PlanningProblem.FixedAssignment f : problem.fixed()) {
            worked.computeIfAbsent(f.personId(), k -> new ArrayList<>()).add(f.shift());
            fixedCount.merge(f.shift().id(), 1, Integer::sum);
        }
        List<PlanningProblem.Shift> shifts = new ArrayList<>(problem.shifts());
        shifts.sort(Comparator.comparing((PlanningProblem.Shift s) -> s.facts().start())
                .thenComparing(s -> s.id().toString()));
        Map<UUID, Set<UUID>> assigned = new LinkedHashMap<>();
        for (PlanningProblem.Shift shift : shifts) {
            Set<UUID> on = assigned.computeIfAbsent(shift.id(), k -> new LinkedHashSet<>());
            problem.fixed().stream().filter(f -> f.shift().id().equals(shift.id())).forEach(f -> on.add(f.personId()));
            int open = shift.headcount() - fixedCount.getOrDefault(shift.id(), 0);
            for (PlanningProblem.Person p : model.eligible.get(shift.id())) {
                if (open <= 0) {
                    break;
                }
                if (on.contains(p.id())) {
                    continue;
                }
                List<ShiftFacts> others = worked.getOrDefault(p.id(), List.of());
                if (RuleCheck.violations(p.facts(), shift.facts(), others, problem.rules()).isEmpty()) {
                    on.add(p.id());
                    worked.computeIfAbsent(p.id(), k -> new ArrayList<>()).add(shift.facts());
                    open--;
                }
            }
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
        return Planner.score(model, assigned, elapsed, elapsed);
    }
}
