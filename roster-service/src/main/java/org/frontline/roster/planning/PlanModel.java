package org.frontline.roster.planning;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import ai.timefold.solver.core.api.score.buildin.bendablelong.BendableLongScore;

import org.frontline.roster.rules.Fairness;
import org.frontline.roster.rules.ShiftFacts;

/** Turns a {@link PlanningProblem} into the solver's {@link RosterPlan} and a solved plan into a {@link PlanningResult}. */
final class PlanModel {

    final PlanningProblem problem;
    final Map<UUID, List<PlanningProblem.Person>> eligible;
    final Map<UUID, Double> availableHours = new LinkedHashMap<>();
    final Map<UUID, PlannedPerson> people = new LinkedHashMap<>();
    final double totalAvailableMinutes;
    final FairShare fairShare;

    PlanModel(PlanningProblem problem) {
        this.problem = problem;
        this.eligible = Eligibility.of(problem);
        double sum = 0;
        double squares = 0;
        for (PlanningProblem.Person p : problem.people()) {
            double a = Fairness.availableHours(p.facts(), problem.horizonStart(), problem.horizonEnd(), problem.rules());
            availableHours.put(p.id(), a);
            long minutes = Math.round(a * 60);
            sum += minutes;
            squares += (double) minutes * minutes;
            people.put(p.id(), new PlannedPerson(p.id(), p.facts().homeCommunity(), minutes));
        }
        totalAvailableMinutes = sum;
        fairShare = new FairShare(sum, squares);
        for (PlanningProblem.FixedAssignment f : problem.fixed()) {
            people.computeIfAbsent(f.personId(), id -> new PlannedPerson(id, f.shift().communityCode(), 0));
        }
    }

    /**
     * The solver's plan. Open slots start from {@code start} (shift id → people) where those people are eligible and
     * not pinned on the shift already; the rest start empty.
     */
    RosterPlan plan(Map<UUID, Set<UUID>> start) {
        Set<UUID> horizonShifts = new HashSet<>();
        problem.shifts().forEach(s -> horizonShifts.add(s.id()));
        Map<UUID, List<UUID>> fixedOn = new HashMap<>();
        Map<UUID, ShiftFacts> outside = new LinkedHashMap<>();
        for (PlanningProblem.FixedAssignment f : problem.fixed()) {
            fixedOn.computeIfAbsent(f.shift().id(), k -> new ArrayList<>()).add(f.personId());
            if (!horizonShifts.contains(f.shift().id())) {
                outside.putIfAbsent(f.shift().id(), f.shift());
            }
        }
        List<Slot> slots = new ArrayList<>();
        for (PlanningProblem.Shift shift : problem.shifts()) {
            PlannedShift ps = new PlannedShift(shift.facts(), true, problem.rules(), fairShare);
            Set<UUID> published = problem.published().getOrDefault(shift.id(), Set.of());
            List<UUID> pinned = fixedOn.getOrDefault(shift.id(), List.of());
            int index = 0;
            for (UUID personId : pinned) {
                slots.add(new Slot(ps, index++, true, List.of(people.get(personId)), published, people.get(personId)));
            }
            List<PlannedPerson> range = solverOrder(shift);
            List<UUID> warm = new ArrayList<>(start.getOrDefault(shift.id(), Set.of()));
            warm.sort(Comparator.comparing(UUID::toString));
            warm.removeIf(id -> pinned.contains(id) || range.stream().noneMatch(p -> p.getId().equals(id)));
            for (int i = pinned.size(); i < shift.headcount(); i++) {
                PlannedPerson initial = warm.isEmpty() ? null : people.get(warm.remove(0));
                slots.add(new Slot(ps, index++, false, range, published, initial));
            }
        }
        for (Map.Entry<UUID, ShiftFacts> o : outside.entrySet()) {
            PlannedShift ps = new PlannedShift(o.getValue(), false, problem.rules(), fairShare);
            int index = 0;
            for (UUID personId : fixedOn.get(o.getKey())) {
                slots.add(new Slot(ps, index++, true, List.of(people.get(personId)), Set.of(), people.get(personId)));
            }
        }
        return new RosterPlan(new ArrayList<>(people.values()), slots);
    }

    /**
     * The order the construction heuristic tries people in (it takes the first who breaks no hard rule): the home
     * community first, then lent people, each group shuffled with a seed from the shift's id — a reproducible,
     * load-spreading start instead of greedy's "always the same people first".
     */
    private List<PlannedPerson> solverOrder(PlanningProblem.Shift shift) {
        List<PlannedPerson> home = new ArrayList<>();
        List<PlannedPerson> lent = new ArrayList<>();
        for (PlanningProblem.Person p : eligible.get(shift.id())) {
            (p.facts().homeCommunity().equals(shift.facts().communityCode()) ? home : lent).add(people.get(p.id()));
        }
        java.util.Random random = new java.util.Random(shift.id().getMostSignificantBits() ^ shift.id().getLeastSignificantBits());
        java.util.Collections.shuffle(home, random);
        java.util.Collections.shuffle(lent, random);
        home.addAll(lent);
        return List.copyOf(home);
    }

    /**
     * Fills the empty open slots of {@code plan} first-fit: slots in start order, each given to the person of its range
     * with the fewest planned minutes for their availability (ties: the shuffled, home-first {@link #solverOrder}) who
     * takes no other slot of the shift and breaks no rule between shifts (overlap, rest, hours in a rolling window —
     * the solver's own checks). It gives the solver a complete start in
     * about the time of the greedy baseline; the solver's construction heuristic then only sees the slots nobody fit.
     */
    static void fillFirstFit(RosterPlan plan) {
        Map<PlannedPerson, List<PlannedShift>> worked = new HashMap<>();
        Map<PlannedShift, Set<PlannedPerson>> onShift = new HashMap<>();
        List<Slot> open = new ArrayList<>();
        for (Slot slot : plan.getSlots()) {
            if (slot.getPerson() != null) {
                worked.computeIfAbsent(slot.getPerson(), k -> new ArrayList<>()).add(slot.getShift());
                onShift.computeIfAbsent(slot.getShift(), k -> new HashSet<>()).add(slot.getPerson());
            } else if (!slot.isPinned()) {
                open.add(slot);
            }
        }
        open.sort(Comparator.comparingLong((Slot s) -> s.getShift().getStartMinute()).thenComparing(Slot::getId));
        Map<PlannedPerson, Long> load = new HashMap<>();
        worked.forEach((p, shifts) -> load.put(p, shifts.stream().filter(PlannedShift::isInHorizon)
                .mapToLong(PlannedShift::getMinutes).sum()));
        for (Slot slot : open) {
            PlannedShift shift = slot.getShift();
            Set<PlannedPerson> on = onShift.computeIfAbsent(shift, k -> new HashSet<>());
            List<PlannedPerson> candidates = new ArrayList<>(slot.getEligible());
            // least loaded for their availability first (stable sort: the shuffled, home-first order breaks ties)
            candidates.sort(Comparator.comparingDouble(p -> load.getOrDefault(p, 0L)
                    / (double) Math.max(1, p.getAvailableMinutes())));
            for (PlannedPerson person : candidates) {
                List<PlannedShift> mine = worked.computeIfAbsent(person, k -> new ArrayList<>());
                if (!on.contains(person) && fits(shift, mine)) {
                    slot.setPerson(person);
                    on.add(person);
                    mine.add(shift);
                    load.merge(person, shift.getMinutes(), Long::sum);
                    break;
                }
            }
        }
    }

    private static boolean fits(PlannedShift shift, List<PlannedShift> mine) {
        for (PlannedShift other : mine) {
            boolean overlap = shift.getStartMinute() < other.getEndMinute() && other.getStartMinute() < shift.getEndMinute();
            if (overlap || RosterConstraints.gap(shift, other) < shift.getMinRestMinutes()) {
                return false;
            }
        }
        List<PlannedShift> with = new ArrayList<>(mine);
        with.add(shift);
        return RosterConstraints.excessMinutes(with, shift.getWindowMinutes(), shift.getMaxWindowMinutes()) == 0;
    }

    PlanningResult result(RosterPlan plan, Duration timeToFeasible, Duration solveTime,
            PlanningResult.Termination termination) {
        List<PlanningResult.Assignment> assignments = new ArrayList<>();
        Map<UUID, Integer> missing = new LinkedHashMap<>();
        Map<UUID, Double> hours = new LinkedHashMap<>();
        for (Slot slot : plan.getSlots()) {
            if (!slot.getShift().isInHorizon()) {
                continue;
            }
            UUID shiftId = slot.getShift().getId();
            if (slot.getPerson() == null) {
                missing.merge(shiftId, 1, Integer::sum);
            } else {
                assignments.add(new PlanningResult.Assignment(shiftId, slot.getPerson().getId()));
                hours.merge(slot.getPerson().getId(), slot.getShift().getMinutes() / 60.0, Double::sum);
            }
        }
        List<PlanningResult.Uncovered> uncovered = new ArrayList<>();
        for (PlanningProblem.Shift shift : problem.shifts()) {
            Integer m = missing.get(shift.id());
            if (m != null) {
                uncovered.add(new PlanningResult.Uncovered(shift.id(), m));
            }
        }
        BendableLongScore score = plan.getScore();
        List<Long> soft = new ArrayList<>();
        for (int i = 0; i < RosterPlan.SOFT_LEVELS; i++) {
            soft.add(score.softScore(i));
        }
        return new PlanningResult(assignments, uncovered, score.toString(), score.hardScore(0), soft, hours,
                Fairness.spread(hours, availableHours), timeToFeasible, solveTime, termination);
    }
}
