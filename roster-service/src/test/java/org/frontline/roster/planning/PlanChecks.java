package org.frontline.roster.planning;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.frontline.roster.rules.RuleCheck;
import org.frontline.roster.rules.ShiftFacts;

/** Checks a plan independently of the solver's constraints: with RuleCheck, lending and the headcounts. */
final class PlanChecks {

    private PlanChecks() {
    }

    static void assertEveryAssignmentValid(PlanningProblem problem, PlanningResult result) {
        Map<UUID, PlanningProblem.Shift> shifts = problem.shifts().stream()
                .collect(Collectors.toMap(PlanningProblem.Shift::id, Function.identity()));
        Map<UUID, PlanningProblem.Person> people = problem.people().stream()
                .collect(Collectors.toMap(PlanningProblem.Person::id, Function.identity()));
        Map<UUID, List<ShiftFacts>> worked = new HashMap<>();
        problem.fixed().forEach(f -> worked.computeIfAbsent(f.personId(), k -> new ArrayList<>()).add(f.shift()));
        Set<String> seen = new HashSet<>();
        for (PlanningResult.Assignment a : result.assignments()) {
            assertThat(seen.add(a.shiftId() + "/" + a.personId())).as("one slot per person and shift").isTrue();
            if (problem.fixed().stream().noneMatch(f -> f.shift().id().equals(a.shiftId())
                    && f.personId().equals(a.personId()))) {
                worked.computeIfAbsent(a.personId(), k -> new ArrayList<>()).add(shifts.get(a.shiftId()).facts());
            }
        }
        for (PlanningResult.Assignment a : result.assignments()) {
            PlanningProblem.Person person = people.get(a.personId());
            ShiftFacts shift = shifts.get(a.shiftId()).facts();
            assertThat(RuleCheck.violations(person.facts(), shift, worked.get(a.personId()), problem.rules()))
                    .as("%s on %s", a.personId(), a.shiftId()).isEmpty();
            assertThat(PlanningProblem.mayWorkIn(person, shift.communityCode())).as("lending").isTrue();
        }
        Map<UUID, Long> perShift = result.assignments().stream()
                .collect(Collectors.groupingBy(PlanningResult.Assignment::shiftId, Collectors.counting()));
        for (PlanningProblem.Shift s : problem.shifts()) {
            assertThat(perShift.getOrDefault(s.id(), 0L)).as("headcount of %s", s.id()).isLessThanOrEqualTo(s.headcount());
        }
    }

    /** Every shift's assigned + reported missing equals its headcount, shift by shift. */
    static void assertUncoveredExact(PlanningProblem problem, PlanningResult result) {
        Map<UUID, Long> perShift = result.assignments().stream()
                .collect(Collectors.groupingBy(PlanningResult.Assignment::shiftId, Collectors.counting()));
        Map<UUID, Integer> missing = result.uncovered().stream()
                .collect(Collectors.toMap(PlanningResult.Uncovered::shiftId, PlanningResult.Uncovered::missing));
        int required = 0;
        for (PlanningProblem.Shift s : problem.shifts()) {
            required += s.headcount();
            assertThat(perShift.getOrDefault(s.id(), 0L) + missing.getOrDefault(s.id(), 0))
                    .as("covered + uncovered of %s", s.id()).isEqualTo(s.headcount());
            assertThat(missing.getOrDefault(s.id(), 1)).as("no zero entries").isPositive();
        }
        assertThat(result.assignments().size() + result.uncoveredSlots()).isEqualTo(required);
    }
}
