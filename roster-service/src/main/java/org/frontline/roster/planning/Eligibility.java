package org.frontline.roster.planning;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.frontline.roster.rules.RuleCheck;

/**
 * Who may work each shift by the rules that do not depend on other shifts: qualification on the shift's date,
 * volunteer risk, availability, and lending (home community, or lendable within the district). Computed once per
 * run with {@link RuleCheck} itself (a shift checked against no other shift), so planner and greedy share it.
 */
final class Eligibility {

    private Eligibility() {
    }

    /**
     * Shift id → eligible people, in greedy's order: the shift's home community first, then everyone else, each by
     * id.
     */
    static Map<UUID, List<PlanningProblem.Person>> of(PlanningProblem problem) {
        List<PlanningProblem.Person> byId = new ArrayList<>(problem.people());
        byId.sort(Comparator.comparing(p -> p.id().toString()));
        Map<UUID, List<PlanningProblem.Person>> eligible = new LinkedHashMap<>();
        for (PlanningProblem.Shift shift : problem.shifts()) {
            String community = shift.facts().communityCode();
            List<PlanningProblem.Person> home = new ArrayList<>();
            List<PlanningProblem.Person> lent = new ArrayList<>();
            for (PlanningProblem.Person p : byId) {
                if (!PlanningProblem.mayWorkIn(p, community)
                        || !RuleCheck.violations(p.facts(), shift.facts(), List.of(), problem.rules()).isEmpty()) {
                    continue;
                }
                (p.facts().homeCommunity().equals(community) ? home : lent).add(p);
            }
            home.addAll(lent);
            eligible.put(shift.id(), home);
        }
        return eligible;
    }
}
